"""Bulk import: an NDJSON or CSV file of any size sent to a service's import endpoint in chunks."""

from ipo_clients.importer.job import ImportOptions, ImportSummary, run_import

__all__ = ["ImportOptions", "ImportSummary", "run_import"]
