"""dashboard: presentation helpers for app.py (figures, URL state, first-run database)."""
