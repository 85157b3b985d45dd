"""Benchmark of the integration monitoring at national scale (issue #3, section 9).

    uv run python benchmarks/monitoring/bench.py                 # SQLite in a temporary folder
    uv run python benchmarks/monitoring/bench.py --postgres      # also a throwaway PostgreSQL
    uv run python benchmarks/monitoring/bench.py --districts 40  # a smaller run

It builds a national dataset from the real list of Gemeinden: every district (all 400
Kreise) delivers an office table with its Gemeinden × 10 years × 12 category cells for
8 measures (about 10 million observations), and then measures, in one run:

(a) importing all of it through the real import path (one CSV per district: read,
    checked, resolved, stored as versioned blocks);
(b) a full recompute of every indicator of the standard catalogue for every area
    (Gemeinde, Kreis, Land, Germany, plus the official statistics), period and breakdown,
    from the observation store to stored values, disclosure control included;
(c) the same computation written by hand as DuckDB SQL over a Parquet export of the same
    observations (the floor), and the ratio (b)/(c);
(d) the incremental recompute after one district imports one new year;
(e) p50/p95 latency of the dashboard and of an indicator page with 10 concurrent
    clients on loopback, with the national data loaded.

Results go to stdout and, as JSON, to ``benchmarks/monitoring/results-<database>.json``.
"""

# ruff: noqa: S310, S608, E501 - loopback requests only; SQL over our own temporary files
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

YEARS = list(range(2015, 2025))
NEW_YEAR = 2025
# 8 measures × 12 category cells each (all of them standard measures).
CELLS: dict[str, dict[str, list[str]]] = {
    "population": {
        "sex": ["m", "f"],
        "nationality": ["german", "eu", "third_country"],
        "age_group": ["a25_64", "a65_plus"],
    },
    "employees": {
        "sex": ["m", "f"],
        "nationality": ["german", "eu", "third_country"],
        "age_group": ["a18_20", "a25_64"],
    },
    "unemployed": {
        "sex": ["m", "f"],
        "nationality": ["german", "eu", "third_country"],
        "legal_basis": ["sgb2", "sgb3"],
    },
    "sgb2_recipients": {
        "sex": ["m", "f"],
        "nationality": ["german", "eu", "third_country"],
        "age_group": ["a6_14", "a25_64"],
    },
    "in_migration_foreign": {
        "sex": ["m", "f"],
        "nationality": ["eu", "third_country"],
        "age_group": ["a18_20", "a25_64", "a65_plus"],
    },
    "foreign_residents": {
        "sex": ["m", "f"],
        "nationality": ["eu", "third_country"],
        "length_of_stay": ["u5", "s5_7", "s10_plus"],
    },
    "asylblg_recipients": {
        "sex": ["m", "f"],
        "age_group": ["u3", "a6_14", "a18_20", "a21_24", "a25_64", "a65_plus"],
    },
    "protection_seekers": {
        "protection_status": ["recognised", "pending", "rejected"],
        "sex": ["m", "f"],
        "nationality": ["eu", "third_country"],
    },
}
SHARES = {  # share of the population per cell total (scale of each measure)
    "population": 1.0,
    "employees": 0.36,
    "unemployed": 0.04,
    "sgb2_recipients": 0.06,
    "in_migration_foreign": 0.01,
    "foreign_residents": 0.09,
    "asylblg_recipients": 0.005,
    "protection_seekers": 0.02,
}


def setup_django(data_dir: Path, database_url: str | None) -> None:
    os.environ["TEILHABE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "teilhabe.settings"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["TEILHABE_LOG_LEVEL"] = "WARNING"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def prepare(n_districts: int | None) -> list:
    from django.core.management import call_command

    from teilhabe.areas.models import Area
    from teilhabe.areas.services import areas_load
    from teilhabe.districts.models import District
    from teilhabe.districts.services import district_create
    from teilhabe.monitoring.services.official import official_figures_load

    call_command("migrate", verbosity=0)
    areas_load()
    official_figures_load()
    kreise = list(Area.objects.kreise().current().order_by("code"))
    if n_districts:
        kreise = kreise[:n_districts]
    existing = set(District.objects.values_list("kreis_id", flat=True))
    for kreis in kreise:
        if kreis.pk not in existing:
            district_create(actor=None, kreis=kreis, slug=f"k{kreis.code}", offices=())
    return list(District.objects.select_related("kreis").order_by("kreis__code"))


def district_csvs(
    district, years: list[int], folder: Path, seed: int
) -> tuple[list[tuple[str, Path]], int]:
    """The office tables of one district, one per measure: its Gemeinden × years × the
    measure's 12 category cells, with one column per category (as offices deliver them).
    Each year lists the Gemeinden of that year (before a merger the old ones)."""
    import datetime as dt
    from collections import Counter

    import numpy as np

    from teilhabe.areas.models import Area

    rng = np.random.default_rng(seed)
    everyone = list(
        Area.objects.gemeinden()
        .filter(parent=district.kreis)
        .values_list("name", "code", "population", "valid_from", "valid_until")
    )
    by_year: dict[int, list[tuple[str, int]]] = {}
    for year in years:
        day = dt.date(year, 12, 31)
        valid = [
            (name, code, population or 0)
            for name, code, population, start, until in everyone
            if (start is None or start <= day) and (until is None or until >= day)
        ]
        # By name, as offices write them; where two Gemeinden of that year share a name,
        # by key (the import refuses such a name).
        names = Counter(name for name, _, _ in valid)
        by_year[year] = [
            (name if names[name] == 1 else code, population)
            for name, code, population in valid
            if population > 0
        ]
    files = []
    count = 0
    for measure, spec in CELLS.items():
        cells = combos(measure)
        lines = ["Gemeinde;Jahr;" + ";".join(spec) + ";Anzahl"]
        for year in years:
            for name, population in by_year[year]:
                total = population * SHARES[measure] * rng.uniform(0.7, 1.3)
                values = rng.uniform(0.2, 1.8, size=len(cells)) * total / len(cells)
                for combo, value in zip(cells, values, strict=True):
                    lines.append(
                        f"{name};{year};"
                        + ";".join(option for _, option in combo)
                        + f";{int(value)}"
                    )
        path = folder / f"{district.slug}-{measure}-{years[0]}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append((measure, path))
        count += len(lines) - 1
    return files, count


def combos(measure: str) -> list[tuple[tuple[str, str], ...]]:
    import itertools

    spec = CELLS[measure]
    return [tuple(zip(spec, values, strict=True)) for values in itertools.product(*spec.values())]


def measure_mapping(measure: str) -> dict:
    return {
        "area": {"column": "Gemeinde"},
        "period": {"column": "Jahr"},
        "values": [{"column": "Anzahl", "measure": measure}],
        "categories": [
            {"column": category, "category": category, "options": {o: o for o in options}}
            for category, options in CELLS[measure].items()
        ],
    }


def import_all(
    districts, years: list[int], work: Path, *, seed: int = 1, budget: float | None = None
) -> tuple[float, int, float, int]:
    """(a): every district's tables through the real import path (no recompute yet).
    With a budget (seconds of importing), districts after it are left without data.
    Returns (seconds, observations, seconds generating the files, districts imported)."""
    from teilhabe.monitoring.models import Source
    from teilhabe.monitoring.services.imports import import_file

    generated = 0
    seconds = 0.0
    generating = 0.0
    imported = 0
    for index, district in enumerate(districts):
        if budget is not None and seconds >= budget:
            print(
                f"  import budget of {budget:.0f} s used up after {imported} districts", flush=True
            )
            break
        started = time.perf_counter()
        files, count = district_csvs(district, years, work, seed + index)
        generated += count
        generating += time.perf_counter() - started
        source, _ = Source.objects.get_or_create(
            district=district, name="Benchmark: Amt", defaults={"kind": "office"}
        )
        started = time.perf_counter()
        for measure, path in files:
            import_file(
                district=district,
                source=source,
                kind="office",
                path=path,
                mapping=measure_mapping(measure),
                recompute_after=False,
            )
        seconds += time.perf_counter() - started
        imported += 1
        for _, path in files:
            path.unlink()
        if index % 50 == 0:
            print(
                f"  imported {index + 1}/{len(districts)} districts ({seconds:.0f} s so far)",
                flush=True,
            )
    return seconds, generated, generating, imported


def export_parquet(path: Path) -> int:
    """The observations of every scope as one Parquet file (not timed)."""
    import pyarrow.parquet as pq

    from teilhabe.monitoring import store

    table = store.observations(store.ObservationQuery(None))
    pq.write_table(table, path)
    return table.num_rows


def hand_written(parquet: Path, out: Path) -> tuple[float, int]:
    """(c): the same computation written by hand as DuckDB SQL over the Parquet export."""
    from benchmarks.monitoring.floor import floor_sql
    from teilhabe.monitoring import store
    from teilhabe.monitoring.analytics import engine
    from teilhabe.monitoring.models import Indicator
    from teilhabe.monitoring.selectors import catalogue_info
    from teilhabe.monitoring.services.recompute import indicator_spec

    areas = store.areas_table()
    periods = store.periods_table()
    info = catalogue_info(district=None)
    specs = [
        s
        for s in (
            indicator_spec(i.current, info)
            for i in Indicator.objects.filter(district__isnull=True).select_related("current")
        )
        if s is not None
    ]
    from teilhabe.monitoring.services.recompute import measure_slots_map

    measures = measure_slots_map()
    from teilhabe.districts.models import District

    scope_areas = store.scope_areas(District.objects.active().values_list("pk", flat=True))
    from teilhabe.monitoring.analytics.memory import keep_freed_memory

    con = engine.connect(threads=2, memory_limit="8GB")
    con.register("areas", areas)
    con.register("periods", periods)
    con.register("scope_areas", scope_areas)
    # The same process settings as the recompute (b) runs with (keeping freed memory
    # helps DuckDB too), so that the ratio compares the computations, not the allocator.
    with keep_freed_memory():
        started = time.perf_counter()
        sql = floor_sql(str(parquet), specs, measures, str(out))
        con.execute(sql)
        seconds = time.perf_counter() - started
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
    con.close()
    return seconds, int(rows)


def compare(floor_out: Path) -> dict:
    """Do (b) and (c) compute the same thing? Every stored value against the floor's
    (not timed): rows of both, values equal where the engine shows one, and what only
    secondary suppression explains."""
    import duckdb
    import pyarrow as pa

    from teilhabe.monitoring.analytics import blocks
    from teilhabe.monitoring.analytics.flags import Status
    from teilhabe.monitoring.models import ValueBlock

    SECONDARY = int(Status.SECONDARY)  # noqa: N806 - a constant in the SQL below
    tables = []
    for district_id, data in ValueBlock.objects.values_list("district_id", "data").iterator(
        chunk_size=50
    ):
        table = blocks.decode(data)
        tables.append(
            table.append_column(
                "scope_id", pa.array([district_id or 0] * table.num_rows, pa.int32())
            )
        )
    con = duckdb.connect()
    con.register("e", pa.concat_tables(tables))
    con.execute(f"CREATE VIEW f AS SELECT * FROM read_parquet('{floor_out}')")
    key = "scope_id, indicator_id, area_id, year, bcat, opt"
    row = con.execute(
        f"""
        SELECT count(*) AS both_rows,
               count(*) FILTER (WHERE e.value IS NOT NULL AND f.value IS NOT NULL
                                AND abs(e.value - f.value) <= 1e-9 * greatest(1, abs(e.value)))
                   AS equal_values,
               count(*) FILTER (WHERE e.value IS NOT NULL AND (f.value IS NULL
                                OR abs(e.value - f.value) > 1e-9 * greatest(1, abs(e.value))))
                   AS engine_value_not_in_floor,
               count(*) FILTER (WHERE e.value IS NULL AND f.value IS NOT NULL AND e.status = {SECONDARY})
                   AS hidden_by_secondary_suppression,
               count(*) FILTER (WHERE e.value IS NULL AND f.value IS NOT NULL AND e.status <> {SECONDARY})
                   AS hidden_otherwise,
               (SELECT count(*) FROM e ANTI JOIN f USING ({key}) WHERE e.status = {SECONDARY})
                   AS engine_only_rows_secondary,
               (SELECT count(*) FROM e ANTI JOIN f USING ({key}) WHERE e.status <> {SECONDARY})
                   AS engine_only_rows_other,
               (SELECT count(*) FROM f ANTI JOIN e USING ({key})) AS floor_only_rows
        FROM e JOIN f USING ({key})
        """
    ).fetchone()
    names = [d[0] for d in con.description]
    con.close()
    return dict(zip(names, (int(v) for v in row), strict=True))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def latency(
    district_slug: str, username: str, password: str, port: int, data_dir: Path, env: dict
) -> dict:
    """(e): p50/p95 of the dashboard and an indicator page, 10 concurrent clients."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "teilhabe",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "8",
        ],
        env={
            **os.environ,
            **env,
            "TEILHABE_DATA_DIR": str(data_dir),
            "TEILHABE_ENV": "development",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        cookie = login(base, username, password)
        pages = {
            "dashboard": f"/d/{district_slug}/monitoring/",
            "indicator page": f"/d/{district_slug}/monitoring/indicators/foreign_share/",
        }
        results = {}
        for name, path in pages.items():
            # Warm every worker's caches: sequential requests may all reach the same
            # worker, and the other one would then render its first (cold) page inside
            # the measured requests, holding up its threads for a second or more.
            warm = [threading.Thread(target=fetch, args=(base + path, cookie)) for _ in range(10)]
            for t in warm:
                t.start()
            for t in warm:
                t.join()
            durations: list[float] = []
            lock = threading.Lock()
            threads = [
                threading.Thread(target=client, args=(base + path, cookie, durations, lock))
                for _ in range(10)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            durations.sort()
            results[name] = {
                "requests": len(durations),
                "p50_ms": round(1000 * statistics.median(durations), 1),
                "p95_ms": round(1000 * durations[int(0.95 * len(durations)) - 1], 1),
            }
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def client(url: str, cookie: str, durations: list[float], lock: threading.Lock) -> None:
    """One of the concurrent clients: 20 requests one after the other."""
    for _ in range(20):
        started = time.perf_counter()
        status = fetch(url, cookie)
        elapsed = time.perf_counter() - started
        assert status == 200, status
        with lock:
            durations.append(elapsed)


def login(base: str, username: str, password: str) -> str:
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/account/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        base + "/account/login/", data=data, headers={"Referer": base + "/account/login/"}
    )
    opener.open(request)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def fetch(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie, "Accept-Language": "de"})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        return int(response.status)


def run(
    database: str,
    database_url: str | None,
    n_districts: int | None,
    *,
    data_dir: Path | None = None,
    reuse: bool = False,
    import_budget: float | None = None,
) -> dict:
    import urllib.parse  # noqa: F401 - used by login()

    out = Path(__file__).with_name(f"results-{database}.json")

    def save(step: str) -> None:
        """Each figure is written as soon as it is measured (a run stopped later keeps it)."""
        result["completed"] = step
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")

    keep = data_dir is not None
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix=f"teilhabe-bench-{database}-"))
    work = data_dir / "work"
    work.mkdir(parents=True, exist_ok=True)
    setup_django(data_dir, database_url)
    from django.db import connection

    from teilhabe.core.testing import make_member
    from teilhabe.districts.roles import Role
    from teilhabe.monitoring.analytics.engine import Timings
    from teilhabe.monitoring.services.recompute import recompute

    result: dict = {"database": database, "machine": machine()}
    started = time.perf_counter()
    districts = prepare(n_districts)
    result["prepare_s"] = round(time.perf_counter() - started, 1)
    print(f"{database}: {len(districts)} districts prepared in {result['prepare_s']} s", flush=True)

    from teilhabe.monitoring.models import ImportBatch

    if reuse and ImportBatch.objects.filter(source__name="Benchmark: Amt").exists():
        # Development only: measure (b)–(e) again on the data of an earlier run.
        result["a_import_s"] = None
        result["observations"] = sum(
            ImportBatch.objects.filter(source__name="Benchmark: Amt").values_list(
                "observations", flat=True
            )
        )
        print("(a) skipped: reusing the imported data", flush=True)
    else:
        seconds, observations, generating, imported = import_all(
            districts, YEARS, work, budget=import_budget
        )
        result["districts_imported"] = imported
        result["a_import_s"] = round(seconds, 1)
        result["observations"] = observations
        result["generate_csv_s"] = round(generating, 1)
        print(f"(a) imported {observations:,} observations in {seconds:.1f} s", flush=True)
        save("a")

    timings = Timings()
    started = time.perf_counter()
    report = recompute(district_ids=None, reason="benchmark", timings=timings)
    b = time.perf_counter() - started
    result["b_full_recompute_s"] = round(b, 1)
    result["b_values"] = report.values
    result["b_suppressed"] = report.suppressed
    result["b_steps_s"] = {k: round(v, 2) for k, v in timings.steps.items()}
    from teilhabe.monitoring.analytics.disclosure import STATS

    result["b_disclosure"] = {k: round(v, 2) for k, v in STATS.items()}
    save("b")
    print(
        f"(b) full recompute: {report.values:,} values ({report.suppressed:,} hidden) in {b:.1f} s",
        flush=True,
    )

    parquet = work / "observations.parquet"
    exported = export_parquet(parquet)
    c, rows = hand_written(parquet, work / "floor.parquet")
    result["c_hand_written_s"] = round(c, 1)
    result["c_values"] = rows
    result["ratio_b_c"] = round(b / c, 2) if c else None
    print(
        f"(c) hand-written DuckDB over Parquet ({exported:,} rows): {rows:,} values in {c:.1f} s; (b)/(c) = {result['ratio_b_c']}",
        flush=True,
    )
    save("c")
    result["c_compare"] = compare(work / "floor.parquet")
    print(f"    (b) against (c): {result['c_compare']}", flush=True)

    from teilhabe.monitoring.models import Source

    with_data = set(
        Source.objects.filter(name="Benchmark: Amt", batches__isnull=False).values_list(
            "district_id", flat=True
        )
    )
    delivered = [d for d in districts if d.pk in with_data]
    district = next((d for d in delivered if d.kreis.code == "12073"), delivered[0])
    from teilhabe.monitoring.services.imports import import_file

    files, _ = district_csvs(district, [NEW_YEAR], work, seed=99)
    source = Source.objects.get(district=district, name="Benchmark: Amt")
    started = time.perf_counter()
    for measure, path in files:
        import_file(
            district=district,
            source=source,
            kind="office",
            path=path,
            mapping=measure_mapping(measure),
            recompute_after=False,
        )
    import_new = time.perf_counter() - started
    started = time.perf_counter()
    recompute(district_ids=[district.pk], reason="benchmark: new year")
    d = time.perf_counter() - started
    result["d_import_new_year_s"] = round(import_new, 2)
    result["d_incremental_recompute_s"] = round(d, 2)
    save("d")
    print(
        f"(d) one district, one new year: import {import_new:.2f} s, incremental recompute {d:.2f} s",
        flush=True,
    )

    password = "benchmark passphrase 2026"  # noqa: S105 - a throwaway account of the benchmark
    from teilhabe.accounts.models import User

    user = User.objects.filter(username="bench.officer").first() or make_member(
        district, Role.INTEGRATION_OFFICER, username="bench.officer", password=password
    )
    connection.close()
    env = {"DATABASE_URL": database_url} if database_url else {}
    result["e_latency"] = latency(
        district.slug, user.username, password, free_port(), data_dir, env
    )
    print(f"(e) latency with 10 concurrent clients: {result['e_latency']}", flush=True)
    save("e")
    if not keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def machine() -> dict:
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "load_at_start": [round(x, 2) for x in load], "shared": True}


def start_postgres() -> tuple[str, callable]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        raise SystemExit("PostgreSQL binaries not found (apt-get install postgresql).")
    pg = bins[-1]
    data = Path(tempfile.mkdtemp(prefix="teilhabe-bench-pg-"))
    sock = Path(tempfile.mkdtemp(prefix="teilhabe-bench-sock-"))
    port = free_port()
    as_user: list[str] = []
    if os.getuid() == 0:
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
        shutil.chown(data, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *as_user,
            str(pg / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_user,
            str(pg / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(data / "log"),
            "-w",
            "-o",
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c shared_buffers=512MB -c max_connections=50",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_user,
            str(pg / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "bench",
        ],
        check=True,
    )

    def stop() -> None:
        subprocess.run(
            [*as_user, str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(sock, ignore_errors=True)

    return f"postgres://postgres@127.0.0.1:{port}/bench", stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run on a throwaway PostgreSQL server instead of SQLite",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="run on this existing PostgreSQL database (postgres://…) instead of a throwaway "
        "server; it is kept, so that --reuse can measure (b)–(e) again on its data",
    )
    parser.add_argument(
        "--districts", type=int, default=None, help="only the first N Kreise (default: all)"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="keep the SQLite database in this folder (default: a temporary one, deleted)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="development: with --data-dir, skip (a) when an earlier run imported the data",
    )
    parser.add_argument(
        "--import-budget",
        type=float,
        default=None,
        help="stop importing after this many seconds (the districts after it stay without "
        "data) and measure (b)–(e) at the scale reached; the results say how far it got",
    )
    args = parser.parse_args()
    stop = None
    url = None
    database = "sqlite"
    if args.database_url:
        if not args.database_url.startswith("postgres"):
            parser.error("--database-url takes a PostgreSQL URL (postgres://…)")
        url, database = args.database_url, "postgresql"
    elif args.postgres:
        url, stop = start_postgres()
        database = "postgresql"
    try:
        result = run(
            database,
            url,
            args.districts,
            data_dir=args.data_dir,
            reuse=args.reuse,
            import_budget=args.import_budget,
        )
    finally:
        if stop is not None:
            stop()
    out = Path(__file__).with_name(f"results-{database}.json")
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
