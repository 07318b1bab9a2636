"""Vocabulary every measure shares: regions, enterprises and their credit codes, business dates, text."""
