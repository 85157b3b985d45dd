"""Keeping freed memory in the process during a large computation.

A full recompute allocates and frees arrays of tens to hundreds of megabytes many times
(NumPy, Arrow, DuckDB). By default glibc hands every allocation above its mmap threshold
(at most 32 MB) straight back to the kernel when it is freed, so the next array of that
size is fresh memory again: the kernel zeroes every page on first touch (a minor page
fault each), and on virtual machines whose freed memory goes back to the host this costs
far more. NumPy also asks for transparent huge pages on large arrays, which makes the
kernel compact memory to find them. Measured at national scale on the benchmark machine
(see ``benchmarks/monitoring/README.md``), these faults took about a third of the time of
secondary suppression.

:func:`keep_freed_memory` tells glibc to serve large allocations from its heap and not to
return freed memory during the block, and NumPy not to ask for huge pages; afterwards the
former settings come back and the freed memory is given back to the system
(``malloc_trim``). Elsewhere than glibc (macOS, musl) it changes nothing. Process-wide
settings, so nested or concurrent blocks share one switch: it is on while any block runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

__all__ = ["keep_freed_memory"]

# mallopt(3) parameters and glibc's documented defaults
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
_DEFAULT = 128 * 1024
_LARGE = 2**31 - 1  # the largest value mallopt takes (an int); any array we make is smaller
_TOP_PAD = 256 * 1024 * 1024  # grow the heap in steps of 256 MB

_lock = threading.Lock()
_active = 0
_numpy_hugepages: bool | None = None


def _libc() -> ctypes.CDLL | None:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    if not hasattr(libc, "mallopt") or not hasattr(libc, "malloc_trim"):
        return None
    return libc


_LIBC = _libc()


def _set_numpy_hugepages(enabled: bool) -> bool | None:
    """Switch NumPy's request for huge pages; returns the former setting (None: NumPy has
    no such switch)."""
    core = getattr(np, "_core", None) or getattr(np, "core", None)
    switch = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
    if switch is None:
        return None
    return bool(switch(enabled))


def _switch_on() -> None:
    global _numpy_hugepages
    _numpy_hugepages = _set_numpy_hugepages(False)
    if _LIBC is not None:
        _LIBC.mallopt(_M_MMAP_THRESHOLD, ctypes.c_int(_LARGE))
        _LIBC.mallopt(_M_TRIM_THRESHOLD, ctypes.c_int(_LARGE))
        _LIBC.mallopt(_M_TOP_PAD, ctypes.c_int(_TOP_PAD))


def _switch_off() -> None:
    if _numpy_hugepages is not None:
        _set_numpy_hugepages(_numpy_hugepages)
    if _LIBC is not None:
        _LIBC.mallopt(_M_MMAP_THRESHOLD, ctypes.c_int(_DEFAULT))
        _LIBC.mallopt(_M_TRIM_THRESHOLD, ctypes.c_int(_DEFAULT))
        _LIBC.mallopt(_M_TOP_PAD, ctypes.c_int(_DEFAULT))
        _LIBC.malloc_trim(ctypes.c_size_t(0))


def is_active() -> bool:
    """Whether a :func:`keep_freed_memory` block is running (for tests)."""
    return _active > 0


@contextmanager
def keep_freed_memory() -> Iterator[None]:
    """Within the block, freed memory stays in the process for the next allocation."""
    global _active
    with _lock:
        _active += 1
        if _active == 1:
            _switch_on()
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _switch_off()
