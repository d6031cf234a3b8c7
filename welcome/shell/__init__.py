"""The shell pages that belong to no domain: the dashboard."""
