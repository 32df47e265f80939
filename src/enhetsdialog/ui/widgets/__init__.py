"""Reusable widgets (no service calls, no database)."""
