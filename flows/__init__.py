"""Prefect flows and tasks of newstally, and its command line."""

from flows.memory import limit_malloc_arenas
from flows.settings import apply_prefect_defaults

apply_prefect_defaults()
limit_malloc_arenas()
