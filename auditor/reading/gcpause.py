"""Pausing Python's cyclic garbage collector over the bulk stages of a run.

Reading and merging allocate millions of short-lived objects and almost no reference cycles; every 700
allocations the collector runs, and its older generations walk every live object (the memos, records and
findings kept so far) again and again: a fifth of an audit of 4 million rows. Reference counting still
frees everything that is not in a cycle, so memory stays what the stages keep. The collector is restored
afterwards (rendering creates the cycles Jinja makes), with what the audit made frozen (heap_frozen)."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def cyclic_gc_paused(freeze: bool = False) -> Iterator[None]:
    """freeze: what exists when the pause ends is frozen before the collector is back (until heap_frozen ends):
    the collector's first run after a pause otherwise walks every object the paused stages kept (a staff
    directory's people, an audit's records and devices: 2 µs a device), and each full collection after it
    walks them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def heap_frozen() -> Iterator[None]:
    """The objects that exist now (an audit's devices, owners and findings: millions, no cycles) are left out of
    the collections that what follows triggers (rendering makes Jinja's cycles, so the collector runs): each of
    them would otherwise walk every one of those objects again. Reference counting still frees them. On leaving,
    everything frozen (here or by a pause with `freeze`) is collectable again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
