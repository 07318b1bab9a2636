"""Financing service: measures 7-9 (IP pledge financing, risk sharing and support, insurance and guarantees)."""
