"""How far a run's analysis has got, for the command line's progress bar: the analysis passes report documents as
they finish them, in halves (sentences and entities, then claims), and a listener (the bar) hears it. Work done in
worker processes is reported as each chunk's results come back; work on Dask reports nothing here, and the bar then
moves as batches are loaded."""

from __future__ import annotations

import threading
from collections.abc import Callable

_listener: list[Callable[[float], None]] = []
_lock = threading.Lock()


def listen(listener: Callable[[float], None] | None) -> None:
    """Send documents done to `listener` (None: to no one)."""
    with _lock:
        _listener[:] = [listener] if listener else []


def documents_done(share: float) -> None:
    """This many documents' worth of one pass finished here."""
    with _lock:
        listener = _listener[0] if _listener else None
    if listener is not None and share:
        listener(share)
