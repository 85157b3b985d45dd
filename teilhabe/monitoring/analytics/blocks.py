"""Blocks: Arrow tables serialised as IPC streams with zstd-compressed buffers.

Observations and computed values are stored in the database as such blocks (see
``monitoring.models.data``). Reading one is a zero-copy view after decompression.
"""

from __future__ import annotations

import pyarrow as pa

#: The columns of an observation block. ``o1``–``o4`` hold the category option of each
#: slot of the measure (null: total over that category).
OBSERVATION_SCHEMA = pa.schema(
    [
        ("area_id", pa.int32()),
        ("period_id", pa.int32()),
        ("o1", pa.int32()),
        ("o2", pa.int32()),
        ("o3", pa.int32()),
        ("o4", pa.int32()),
        ("value", pa.float64()),
        ("flags", pa.int32()),
        ("symbol", pa.string()),
    ]
)

#: The columns of a block of computed values. ``area_id`` is negative for area groups;
#: ``bcat``/``opt`` are the category and option of a breakdown (0/0: the total).
VALUE_SCHEMA = pa.schema(
    [
        ("indicator_id", pa.int32()),
        ("version_id", pa.int32()),
        ("area_id", pa.int32()),
        ("year", pa.int16()),
        ("bcat", pa.int32()),
        ("opt", pa.int32()),
        ("num", pa.float64()),
        ("den", pa.float64()),
        ("value", pa.float64()),
        ("flags", pa.int32()),
        ("status", pa.int8()),
        ("num_status", pa.int8()),
        ("den_status", pa.int8()),
    ]
)

_OPTIONS = pa.ipc.IpcWriteOptions(compression="zstd")
_OPTIONS_ONE_THREAD = pa.ipc.IpcWriteOptions(compression="zstd", use_threads=False)
_READ_ONE_THREAD = pa.ipc.IpcReadOptions(use_threads=False)


def encode(table: pa.Table, *, threads: bool = True) -> bytes:
    """Serialise a table (any schema) to bytes. ``threads=False`` compresses in this
    thread only: for many small blocks encoded side by side, Arrow's own thread pool
    costs more than it gains."""
    sink = pa.BufferOutputStream()
    options = _OPTIONS if threads else _OPTIONS_ONE_THREAD
    with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def decode(data: bytes | memoryview, *, threads: bool = True) -> pa.Table:
    """Read bytes written by :func:`encode` (``threads``: as for :func:`encode`)."""
    options = None if threads else _READ_ONE_THREAD
    return pa.ipc.open_stream(pa.py_buffer(data), options=options).read_all()


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Cast a table to a schema (same column names), filling missing columns with nulls."""
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)
