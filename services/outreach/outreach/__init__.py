"""Outreach service: measures 14-16, 18-21, 23 and 24 (service agencies, facilitation, awareness)."""
