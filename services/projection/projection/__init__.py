"""Projection service: target attainment and indicators, read from every command service's events."""
