"""The alliance report: periods, counting, protection (cell key method), outputs."""
