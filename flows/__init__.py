"""Prefect flows and tasks of newstally, and its command line."""

from flows.settings import apply_prefect_defaults

apply_prefect_defaults()
