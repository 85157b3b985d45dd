"""Status flags of observations and values (bits, combined with OR when aggregating),
and the reasons a value is not shown."""

from __future__ import annotations

from enum import IntEnum, IntFlag


class Flag(IntFlag):
    PROVISIONAL = 1  # vorläufig (p)
    ESTIMATED = 2  # geschätzt (s), or derived from a published rate
    PERTURBED = 4  # perturbed by the source (Zensus cell-key method)
    SOURCE_SUPPRESSED = 8  # the source did not publish the value (".", "/")
    BREAK = 16  # break in the series (new definition, territorial reform, Zensus)
    REVISED = 32  # berichtigt (r)
    LIMITED = 64  # limited reliability: "( )"
    DEMO = 128  # invented demo data
    PUBLISHED_RATE = 256  # the value is a rate as the source published it
    NOT_APPLICABLE = 512  # "x": the cell is blocked because a value makes no sense


#: Quality flags of GENESIS cells and what they become.
GENESIS_FLAGS = {"p": Flag.PROVISIONAL, "s": Flag.ESTIMATED, "r": Flag.REVISED, "()": Flag.LIMITED}

#: Symbols of GENESIS cells without a number, and the flag each one sets.
SYMBOL_FLAGS = {
    ".": Flag.SOURCE_SUPPRESSED,
    "/": Flag.SOURCE_SUPPRESSED,
    "x": Flag.NOT_APPLICABLE,
    "...": 0,
    "-": 0,
}


class Status(IntEnum):
    """Why a value is (not) shown. The first reason found wins."""

    SHOWN = 0
    PRIMARY = 1  # a count from 1 to below the district's threshold
    SECONDARY = 2  # hidden so that another hidden value cannot be worked out
    SOURCE = 3  # the source suppressed it; never un-suppressed
    SMALL_BASE = 4  # the rate's base is below the district's minimum
    MISSING = 5  # no data, or not computable

    @property
    def is_hidden(self) -> bool:
        return self != Status.SHOWN


def flag_names(bits: int) -> list[str]:
    """The names of the set flags, for exports (``["PROVISIONAL", "DEMO"]``)."""
    return [f.name for f in Flag if bits & f and f.name]
