"""The projection kernel: apply each service's events to read models exactly once in effect."""
