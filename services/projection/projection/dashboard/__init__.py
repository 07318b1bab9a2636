"""The office's attainment dashboard: a page at `/` that reads the projection's public HTTP API in the browser."""
