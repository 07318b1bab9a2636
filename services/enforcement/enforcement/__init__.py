"""Enforcement service: measures 1-6 and 17 (rights protection, assistance centers, credit, mediation)."""
