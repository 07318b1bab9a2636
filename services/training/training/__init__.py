"""Training service: measures 10-13 and 22 (IP strategy of private enterprises, IP talent training)."""
