"""A lean HTTP load generator for the submissions benchmark.

The server and the client share the machine's two cores, so the client must cost as
little as possible: one asyncio loop, raw keep-alive HTTP/1.1 over loopback, no HTTP
library. Each of ``clients`` connections posts its share of the paths one after the
other (a closed loop: a new request when the previous answer is in). The client's own
CPU time is measured, so that the report can say what share of the machine it took.
"""

from __future__ import annotations

import asyncio
import resource
import time
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    seconds: float
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    client_cpu_seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def client_cpu_share(self) -> float:
        """The client's CPU time as a share of the wall time (1.0 = one core)."""
        return self.client_cpu_seconds / self.seconds if self.seconds else 0.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    if length:
        await reader.readexactly(length)
    return status, headers


async def _worker(
    port: int,
    paths: list[str],
    body: bytes,
    expect: tuple[int, str],
    result: LoadResult,
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    for path in paths:
        if writer is None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        assert reader is not None
        request = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode("ascii") + body
        start = time.perf_counter()
        writer.write(request)
        status, headers = await _read_response(reader)
        result.latencies.append(time.perf_counter() - start)
        if status != expect[0] or not headers.get("location", "").endswith(expect[1]):
            result.failures.append(f"{status} {path}")
        if headers.get("connection", "").lower() == "close":
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def post_all(
    port: int,
    paths: list[str],
    body: bytes,
    *,
    clients: int,
    expect: tuple[int, str] = (302, "/done/"),
) -> LoadResult:
    """Post ``body`` to every path over ``clients`` concurrent keep-alive connections."""
    result = LoadResult(0.0)
    chunks = [paths[i::clients] for i in range(clients)]

    async def main() -> None:
        await asyncio.gather(*(_worker(port, chunk, body, expect, result) for chunk in chunks))

    cpu, start = _cpu(), time.perf_counter()
    asyncio.run(main())
    result.seconds = time.perf_counter() - start
    result.client_cpu_seconds = _cpu() - cpu
    return result
