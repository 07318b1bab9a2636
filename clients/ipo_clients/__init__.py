"""Clients of the policy-measures system that speak only its public HTTP APIs.

`ipo demo` records a realistic year of activity for Hubei through the four command services; `ipo import`
sends an NDJSON or CSV file to a service's bulk import endpoint in chunks.
"""
