# ruff: noqa: E501, S103, S608 - a benchmark script: one-line SQL and code snippets, a world-writable scratch folder for the PostgreSQL user
"""Benchmark of the surveys module on PostgreSQL (run: ``uv run python benchmarks/surveys/run.py``).

Measures, with 100,000 synthetic responses to the template "Living in our district":

1. sustained submissions per second through HTTP on loopback (gunicorn, the final page
   of prepared drafts posted by concurrent clients; every post validates the page,
   settles the answers and stores one response);
2. p95 latency of a cross-tab of two questions and of the results page (HTTP, signed in);
3. the same cross-tab written by hand in DuckDB over the same responses (ratio);
4. time and peak memory of the full XLSX and .sav exports (separate processes), and the
   XLSX export's peak memory at 20,000 responses, to show that it stays flat.

Starts a throwaway PostgreSQL server (or uses ``DATABASE_URL``) and stops everything it
started. Writes ``benchmarks/surveys/results.json``. Options: ``--responses``,
``--submissions``, ``--clients``, ``--workers``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from load import post_all

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_postgres(workdir: Path, extra: str = "") -> tuple[str, callable]:  # type: ignore[valid-type]
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    data, sock = workdir / "pg", workdir / "sock"
    data.mkdir()
    sock.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:
        subprocess.run(["id", "postgres"], check=False, capture_output=True)
        shutil.chown(data, "postgres")
        shutil.chown(sock, "postgres")
        shutil.chown(workdir, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [
            *run_as,
            str(pg_bin / "initdb"),
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
    started = subprocess.run(
        [
            *run_as,
            str(pg_bin / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(workdir / "server.log"),
            "-w",
            "-o",
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c max_connections=200 {extra}",
            "start",
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    if started.returncode:
        log = (workdir / "server.log").read_text() if (workdir / "server.log").exists() else ""
        raise SystemExit(f"PostgreSQL did not start: {started.stderr}{log}")
    subprocess.run(
        [
            *run_as,
            str(pg_bin / "createdb"),
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
            [*run_as, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            check=False,
            capture_output=True,
        )

    return f"postgres://postgres@127.0.0.1:{port}/bench", stop


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import django

    django.setup()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def prepare(responses: int, submissions: int) -> dict:
    """District, survey, 100k responses and drafts waiting on their last page."""
    import uuid

    from django.core.management import call_command
    from django.test import Client

    from teilhabe.areas.services import areas_load
    from teilhabe.core.testing import make_district, make_member
    from teilhabe.districts.roles import Role
    from teilhabe.districts.selectors import district_access_for_user
    from teilhabe.surveys import services
    from teilhabe.surveys.models import QuestionnaireVersion, Response, ResponseDraft
    from teilhabe.surveys.synthetic import synthetic_answers
    from teilhabe.surveys.templates_data import template_definition

    call_command("migrate", verbosity=0)
    areas_load()
    district = make_district("12073", slug="uckermark")
    officer = make_member(district, Role.INTEGRATION_OFFICER, username="bench-officer")
    access = district_access_for_user(user=officer, slug=district.slug)
    survey = services.survey_create(
        access=access, title="Benchmark", definition=template_definition("living")
    )
    services.survey_publish(access=access, survey=survey)
    survey.refresh_from_db()
    version = QuestionnaireVersion.objects.get(survey=survey)
    wave = survey.waves.get()
    form = version.form
    t0 = time.perf_counter()
    pool = list(synthetic_answers(form, count=min(responses, 20_000), seed=7))
    today = services.today()
    batch: list[Response] = []
    for n in range(responses):
        batch.append(
            Response(
                survey=survey,
                version=version,
                wave=wave,
                submission_key=uuid.uuid4(),
                language="de",
                answers=pool[n % len(pool)],
                day=today,
            )
        )
        if len(batch) == 5000:
            Response.objects.bulk_create(batch)
            batch = []
    if batch:
        Response.objects.bulk_create(batch)
    QuestionnaireVersion.objects.filter(pk=version.pk).update(frozen=True)
    inserted = time.perf_counter() - t0
    last = len(form.pages()) - 1

    def drafts(count: int) -> list[str]:
        """Tokens of drafts waiting on their last page (its answers not yet given)."""
        tokens = []
        for n in range(count):
            draft, token = services.draft_start(survey=survey, language="de")
            answers = dict(pool[n % len(pool)])
            for key in ("discrimination", "discrimination_where", "at_home", "stay", "wish"):
                answers.pop(key, None)
            ResponseDraft.objects.filter(pk=draft.pk).update(
                answers=answers, page=last, consented=True
            )
            tokens.append(token)
        return tokens

    tokens, late_tokens = drafts(submissions), drafts(20)
    # The cost of one submission inside one process (no HTTP, no concurrency): the
    # floor of what the server spends per submission.
    extra = [f"/public/de/uckermark/surveys/{survey.slug}/r/{token}/" for token in drafts(200)]
    poster = Client()
    t1 = time.perf_counter()
    for path in extra:
        assert poster.post(path, SUBMIT_BODY).status_code == 302
    in_process_ms = (time.perf_counter() - t1) / len(extra) * 1000
    client = Client()
    client.force_login(officer)
    from django.conf import settings

    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "survey": survey.pk,
        "slug": survey.slug,
        "tokens": tokens,
        "late_tokens": late_tokens,
        "cookie": cookie,
        "insert_seconds": inserted,
        "in_process_ms": in_process_ms,
    }


SUBMIT_BODY = {
    "shown": "discrimination,at_home,stay,wish",
    "action": "next",
    "discrimination": "never",
    "at_home": "4",
    "stay": "yes",
    "wish": "",
}


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def postmaster_pid(workdir: Path) -> int | None:
    pid_file = workdir / "pg" / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


def get_latencies(port: int, paths: list[str], cookie: str, session_cookie: str) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    timings = []
    for path in paths:
        start = time.perf_counter()
        conn.request(
            "GET",
            path,
            headers={
                "Cookie": f"{session_cookie}={cookie}",
                "Host": "127.0.0.1",
                "Accept-Language": "de",
            },
        )
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        timings.append(time.perf_counter() - start)
    return timings


EXPORT_SNIPPET = """
import os, resource, sys, time, tempfile
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
import django; django.setup()
from pathlib import Path
from teilhabe.surveys import exports
from teilhabe.surveys.dataset import analysis_form, dataset_for, version_numbers
from teilhabe.surveys.models import Survey
survey = Survey.objects.get(pk=int(sys.argv[1]))
fmt, limit = sys.argv[2], int(sys.argv[3])
form = analysis_form(survey)
start = time.perf_counter()
with dataset_for(survey, form) as data, tempfile.TemporaryDirectory() as folder:
    if limit:
        files = data._files(data.paths)
        data.con.execute(f"CREATE OR REPLACE VIEW r AS SELECT * FROM read_parquet({files}) WHERE rid IN (SELECT rid FROM read_parquet({files}) ORDER BY rid LIMIT {limit})")
    cols = exports.columns_for(form, data, language="de", values="labels" if fmt != "sav" else "codes", waves=dict(survey.waves.values_list("pk", "name")), versions=version_numbers(survey), spss=fmt == "sav")
    path = Path(folder) / f"export.{fmt}"
    if fmt == "xlsx":
        n = exports.write_xlsx(path, data, cols, lambda done: None)
    else:
        n = exports.write_sav(path, data, cols, title=survey.title, notes=["Benchmark"])
    size = path.stat().st_size
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, n, size)
"""


def run_export(survey: int, fmt: str, limit: int = 0) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", EXPORT_SNIPPET, str(survey), fmt, str(limit)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    seconds, rss, rows, size = out.stdout.strip().splitlines()[-1].split()
    return {
        "seconds": round(float(seconds), 2),
        "peak_rss_mb": round(float(rss)),
        "rows": int(rows),
        "bytes": int(size),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    parser.add_argument(
        "--only-submissions", action="store_true", help="measure the submissions and stop"
    )
    parser.add_argument(
        "--pg-options",
        default="",
        help="extra server options, e.g. '-c synchronous_commit=off' (for comparison only)",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="surveys-bench-"))
    os.chmod(workdir, 0o777)
    stop_pg = None
    server = None
    try:
        if not os.environ.get("DATABASE_URL"):
            url, stop_pg = start_postgres(workdir, args.pg_options)
            os.environ["DATABASE_URL"] = url
        os.environ.update(
            {
                "TEILHABE_DATA_DIR": str(workdir / "data"),
                "SECRET_KEY": "benchmark-" + "x" * 40,
                "TEILHABE_ENV": "development",
                "TEILHABE_LOG_LEVEL": "WARNING",
            }
        )
        setup_django()
        from django.conf import settings
        from django.db import connections

        print("Preparing responses …", flush=True)
        ready = prepare(args.responses, args.submissions)
        print(
            f"  {args.responses} responses inserted in {ready['insert_seconds']:.1f} s", flush=True
        )
        # The analysis copy built from scratch (as after a new questionnaire version).
        from teilhabe.surveys.dataset import flat_files
        from teilhabe.surveys.models import Survey

        t = time.perf_counter()
        flat_files(Survey.objects.get(pk=ready["survey"]))
        full_build = time.perf_counter() - t
        print(f"  analysis copy built from scratch in {full_build:.1f} s", flush=True)
        connections.close_all()
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "teilhabe.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "--threads",
                str(args.threads),
                "-k",
                args.worker_class,
                "--log-level",
                "warning",
            ],
            env=os.environ.copy(),
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        base = f"/public/de/uckermark/surveys/{ready['slug']}/r/"
        paths = [f"{base}{token}/" for token in ready["tokens"]]
        body = urllib.parse.urlencode(SUBMIT_BODY).encode("ascii")
        # Warm-up, not counted: fresh worker processes import DuckDB and the views,
        # connect and read the questionnaire once (separate connections reach
        # different workers).
        survey_url = f"/d/uckermark/surveys/{ready['survey']}"
        session_cookie = settings.SESSION_COOKIE_NAME
        for _ in range(args.workers * 3):
            get_latencies(
                port,
                [f"{survey_url}/results/crosstab/?row=stay&col=work"],
                ready["cookie"],
                session_cookie,
            )
        warm = post_all(port, paths[: args.workers * 10], body, clients=args.clients)
        measured = paths[args.workers * 10 :]
        pg_pid = postmaster_pid(workdir)
        server_cpu, pg_cpu = tree_cpu(server.pid), tree_cpu(pg_pid) if pg_pid else 0.0
        load = post_all(port, measured, body, clients=args.clients)
        server_cpu = tree_cpu(server.pid) - server_cpu
        pg_cpu = (tree_cpu(pg_pid) - pg_cpu) if pg_pid else 0.0
        failures = warm.failures + load.failures
        submissions = {
            "count": len(measured),
            "seconds": round(load.seconds, 2),
            "per_second": round(load.per_second, 1),
            "median_ms": round(statistics.median(load.latencies) * 1000, 1),
            "p95_ms": round(percentile(load.latencies, 95) * 1000, 1),
            "failures": len(failures),
            "clients": args.clients,
            "gunicorn": f"{args.workers} workers x {args.threads} threads ({args.worker_class})",
            "client_cpu_share_of_one_core": round(load.client_cpu_share, 2),
            "cpu_ms_per_submission": {
                "server": round(server_cpu / len(measured) * 1000, 2),
                "postgresql": round(pg_cpu / len(measured) * 1000, 2),
                "client": round(load.client_cpu_seconds / len(measured) * 1000, 2),
            },
            "in_process_ms_per_submission": round(ready["in_process_ms"], 1),
        }
        print("Submissions:", submissions, flush=True)
        from teilhabe.surveys.models import Response

        assert Response.objects.filter(
            survey_id=ready["survey"]
        ).count() == args.responses + 200 + len(paths) - len(failures)
        # (20 more are posted before the analysis measurements.)
        if args.only_submissions:
            print(json.dumps(submissions, indent=2))
            return

        questions = [
            "age_group",
            "years_in_germany",
            "work",
            "qualification",
            "german",
            "course",
            "housing",
            "housing_ok",
            "kita_school",
            "family_abroad",
            "doctor",
            "discrimination",
            "at_home",
            "stay",
        ]
        rng = random.Random(5)
        pairs = [rng.sample(questions, 2) for _ in range(60)]
        # The first view after the submissions appends them to the copy.
        cold = get_latencies(
            port,
            [f"{survey_url}/results/crosstab/?row={pairs[0][0]}&col={pairs[0][1]}"],
            ready["cookie"],
            session_cookie,
        )[0]
        # A few more answers, then the next view: how current are the results?
        few = [f"{base}{token}/" for token in ready["late_tokens"]]
        post_all(port, few, body, clients=2)
        after_few = get_latencies(
            port,
            [f"{survey_url}/results/crosstab/?row={pairs[1][0]}&col={pairs[1][1]}"],
            ready["cookie"],
            session_cookie,
        )[0]
        crosstab = get_latencies(
            port,
            [f"{survey_url}/results/crosstab/?row={a}&col={b}&pct=row" for a, b in pairs],
            ready["cookie"],
            session_cookie,
        )
        results_page = get_latencies(
            port, [f"{survey_url}/results/"] * 20, ready["cookie"], session_cookie
        )
        filtered = get_latencies(
            port, [f"{survey_url}/results/?f=housing:shared"] * 10, ready["cookie"], session_cookie
        )

        from teilhabe.surveys.dataset import flat_files
        from teilhabe.surveys.engine import analysis
        from teilhabe.surveys.models import Survey

        survey = Survey.objects.get(pk=ready["survey"])
        flats, columns = flat_files(survey)
        files = "[" + ", ".join(f"'{f}'" for f in flats) + "]"
        con = analysis.connect()
        hand = []
        for a, b in pairs:
            t = time.perf_counter()
            con.execute(
                f'SELECT "{a}", "{b}", count(*) FROM read_parquet({files}) WHERE "{a}" IS NOT NULL AND "{b}" IS NOT NULL GROUP BY ALL'
            ).fetchall()
            hand.append(time.perf_counter() - t)
        engine = []
        with analysis.Dataset(flats, {c.name: c for c in columns}) as data:
            for a, b in pairs:
                t = time.perf_counter()
                data.crosstab(a, b)
                engine.append(time.perf_counter() - t)
        con.close()
        analysis_figures = {
            "copy_built_from_scratch_s": round(full_build, 2),
            "crosstab_first_view_after_submissions_ms": round(cold * 1000),
            "crosstab_first_view_after_20_more_answers_ms": round(after_few * 1000),
            "crosstab_http_median_ms": round(statistics.median(crosstab) * 1000, 1),
            "crosstab_http_p95_ms": round(percentile(crosstab, 95) * 1000, 1),
            "results_page_median_ms": round(statistics.median(results_page) * 1000, 1),
            "results_page_p95_ms": round(percentile(results_page, 95) * 1000, 1),
            "results_page_filtered_p95_ms": round(percentile(filtered, 95) * 1000, 1),
            "crosstab_engine_p95_ms": round(percentile(engine, 95) * 1000, 2),
            "crosstab_by_hand_duckdb_p95_ms": round(percentile(hand, 95) * 1000, 2),
            "ratio_engine_to_hand": round(percentile(engine, 95) / percentile(hand, 95), 2),
            "ratio_http_to_hand": round(percentile(crosstab, 95) / percentile(hand, 95), 1),
        }
        print("Analysis:", analysis_figures, flush=True)
        server.terminate()
        server.wait(timeout=30)
        server = None
        connections.close_all()
        exports_figures = {
            "xlsx": run_export(ready["survey"], "xlsx"),
            "xlsx_20000": run_export(ready["survey"], "xlsx", 20_000),
            "sav": run_export(ready["survey"], "sav"),
        }
        print("Exports:", exports_figures, flush=True)
        result = {
            "responses": args.responses,
            "machine": f"{os.cpu_count()} cores, shared with two other engineers' work",
            "insert_seconds": round(ready["insert_seconds"], 1),
            "submissions": submissions,
            "analysis": analysis_figures,
            "exports": exports_figures,
        }
        (HERE / "results.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if stop_pg is not None:
            stop_pg()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
