"""``analytics.memory``: freed memory stays in the process within the block, and the
process's settings come back after it."""

from __future__ import annotations

import platform
import resource

import numpy as np
import pytest

from teilhabe.monitoring.analytics import memory


def _numpy_hugepages() -> bool | None:
    previous = memory._set_numpy_hugepages(True)
    if previous is not None:
        memory._set_numpy_hugepages(previous)
    return previous


def test_blocks_nest_and_restore_numpy_on_the_way_out_even_after_an_error():
    before = _numpy_hugepages()
    seen: list[tuple[bool, bool | None]] = []

    def run() -> None:
        with memory.keep_freed_memory():
            seen.append((memory.is_active(), _numpy_hugepages()))
            with memory.keep_freed_memory():
                seen.append((memory.is_active(), _numpy_hugepages()))
            seen.append((memory.is_active(), _numpy_hugepages()))  # the outer one still runs
            raise RuntimeError("boom")

    assert not memory.is_active()
    with pytest.raises(RuntimeError):
        run()
    off = None if before is None else False
    assert seen == [(True, off)] * 3
    assert not memory.is_active()
    assert _numpy_hugepages() == before


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_a_large_array_freed_in_the_block_is_reused_without_fresh_pages():
    size = 64 * 1024 * 1024 // 8  # 64 MB: above glibc's largest default mmap threshold

    def faults_of_one_array() -> int:
        start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        array = np.ones(size)
        array[::512] = 2.0
        del array
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - start

    with memory.keep_freed_memory():
        faults_of_one_array()
        again = faults_of_one_array()
    # The same memory again: almost no fault. Without the block the array would be
    # unmapped when freed and the second one would fault on every page (NumPy's huge
    # pages are off in the block, see above).
    assert again < (size * 8 // 4096) // 20
