"""The alliance report: periods, counting, small-cell suppression, outputs."""
