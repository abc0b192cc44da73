"""Prefect flows and tasks of newstally, and its command line."""

from flows.memory import arrow_on_malloc, limit_malloc_arenas
from flows.settings import apply_prefect_defaults

apply_prefect_defaults()
limit_malloc_arenas()
arrow_on_malloc()
