"""Prefect flows and tasks of newstally, and its command line."""

from flows.settings import apply_prefect_defaults, limit_malloc_arenas

apply_prefect_defaults()
limit_malloc_arenas()
