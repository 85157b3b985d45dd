"""The monitoring's analytics engine: a plain library without Django.

Frames in, frames out (Arrow tables), computed with DuckDB: no Python loops over rows.

* :mod:`.flags` — status flags of observations and values, and why a value is hidden;
* :mod:`.blocks` — Arrow IPC blocks (the storage format of observations and values);
* :mod:`.formula` — the formula language of indicators (parse, validate, compile);
* :mod:`.engine` — indicator values for every area, period and breakdown;
* :mod:`.disclosure` — statistical disclosure control (primary and secondary
  suppression, rates with small bases, values the source suppressed).
"""
