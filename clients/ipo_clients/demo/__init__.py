"""A realistic year of the policy's 24 measures in Hubei, recorded through the four command services' HTTP APIs."""

from ipo_clients.demo.recording import (
    DemoResult, DemoSettings, record_if_empty, run_demo, run_demo_sync, services_with_records,
)

__all__ = ["DemoResult", "DemoSettings", "record_if_empty", "run_demo", "run_demo_sync", "services_with_records"]
