"""Bulk import: many commands in one request, each decided exactly as its own endpoint decides it."""
