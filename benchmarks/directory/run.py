"""Benchmark of the directory on PostgreSQL (issue #5).

    DATABASE_URL=postgres://user@127.0.0.1:PORT/db uv run python benchmarks/directory/run.py

One district with 5,000 organisations, 20,000 offers at 30,000 places and 50,000
events, texts in 4 languages (German source plus English, Arabic and Ukrainian
translations). Measures, on loopback with 20 concurrent clients:

* the public search page (text plus two filters) and the map data endpoint (GeoJSON
  of the matching places): p50/p95, twice each: a different search with every
  request (no page comes from the page cache: the cost of making pages), and the
  same 20 searches again and again (every page comes from the cache);
* the search page (cache misses) against the bare SQL the page runs (captured from
  the selector and replayed with psycopg): medians and ratio, single client; and the
  same pages once more, from the cache;
* the database alone under the same load, with the web server stopped: the distinct
  searches' SQL replayed by 20 concurrent connections (the page's SQL, and the
  full-text match of its words alone: ranked as the page ranks, by ts_rank alone,
  unranked);
* the thinnest search page (floor.py: the public token, the form and the ranked
  full-text match; served like the site) with the same distinct searches;
* the full HSDS 3 export of the district (JSON written to a file, in-process).

Every load prints its p50/p95, throughput, CPU per request (the whole machine's busy
time from /proc/stat, and the load clients' own share) and failed requests by kind.

The data are generated once into the given (empty or earlier benchmark) database;
``--regenerate`` rebuilds them. Figures go to stdout; copy them into README.md.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import functools
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
print = functools.partial(print, flush=True)  # figures appear as they are measured
SLUG = "bench-uckermark"
SIZES = {"organisations": 5_000, "services": 20_000, "locations": 30_000, "events": 50_000}
LANGUAGES = ("de", "en", "ar", "uk")
WORDS = [
    "Beratung",
    "Sprachkurs",
    "Schwimmkurs",
    "Frauen",
    "Kinder",
    "Familien",
    "Jugendliche",
    "Integrationskurs",
    "Deutschkurs",
    "Sprachcafé",
    "Begegnung",
    "Hausaufgabenhilfe",
    "Nähcafé",
    "Fahrradwerkstatt",
    "Bewerbung",
    "Ausbildung",
    "Arbeit",
    "Wohnung",
    "Gesundheit",
    "Elterncafé",
    "Nachhilfe",
    "Computerkurs",
    "Dolmetschen",
    "Sport",
    "Fußball",
    "Chor",
    "Theater",
    "Garten",
    "Kochen",
    "Rechtsberatung",
    "Aufenthalt",
    "Anerkennung",
    "Kita",
    "Schule",
    "Senioren",
    "Ehrenamt",
    "Patenschaft",
    "Mentoring",
    "Frühstück",
]
#: Syllables of the other words of the translated texts (per language, like German's).
FOREIGN_SYLLABLES = {
    "en": "ing ton ber land wood field stone bridge mill ford ham ley well more side gate brook",
    "ar": "دار بيت نور سلا كرم جمل حسن رحم علي سعد فرح قمر بحر جبل نهر زهر شمس ورد أمل صبر",
    "uk": "бор гор дон лис мир поле град вода ліс світ дуб сад степ річ зір луг яр міст дім край",
}
TRANSLATED = {
    "en": "counselling language course swimming women children families meeting help work housing",
    "ar": "استشارة دورة لغة سباحة نساء أطفال عائلات لقاء مساعدة عمل سكن",
    "uk": "консультація мовний курс плавання жінки діти сім'ї зустріч допомога робота житло",
}
QUERIES = [
    "Schwimmkurs",
    "Beratung Frauen",
    "Sprachkurs",
    "Sprachcafe",
    "Hausaufgaben",
    "Bewerbung",
    "Schwimkurs",
    "Deutschkurs Kinder",
    "Familien",
    "Nähcafé",
]


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database (postgres://…); the benchmark runs on PostgreSQL."
        )
    os.environ.setdefault("TEILHABE_DATA_DIR", tempfile.mkdtemp(prefix="teilhabe-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate(regenerate: bool) -> int:
    from django.core.management import call_command
    from django.db import connection, transaction

    from teilhabe.areas.models import Area
    from teilhabe.areas.services import areas_load
    from teilhabe.directory.models import (
        Event,
        EventOccurrence,
        Location,
        Organisation,
        SearchEntry,
        Service,
        ServiceAtLocation,
        TaxonomyTerm,
        Translation,
    )
    from teilhabe.directory.search.backends import backend
    from teilhabe.directory.vocabulary import sync_standard_terms
    from teilhabe.districts.models import District
    from teilhabe.districts.services import district_create

    call_command("migrate", verbosity=0)
    areas_load()
    sync_standard_terms()
    district = District.objects.filter(slug=SLUG).first()
    if (
        district is not None
        and not regenerate
        and Organisation.objects.filter(district=district).count() == SIZES["organisations"]
    ):
        print("data: present (use --regenerate to rebuild)")
        return district.pk
    if district is not None:
        with connection.cursor() as cursor:
            for table in (
                "directory_searchentry",
                "directory_translation",
                "directory_eventoccurrence",
            ):
                cursor.execute(f"DELETE FROM {table} WHERE district_id = %s", [district.pk])  # noqa: S608
        Event.objects.filter(district=district).delete()
        Service.objects.filter(district=district).delete()
        Location.objects.filter(district=district).delete()
        Organisation.objects.filter(district=district).delete()
    else:
        kreis = Area.objects.kreise().current().get(code="12073")
        district = District.objects.filter(kreis=kreis).first() or district_create(
            actor=None, kreis=kreis, slug=SLUG
        )
        district.slug = SLUG
        district.save(update_fields=["slug"])
    rng = random.Random(5)
    started = time.perf_counter()
    gemeinden = list(Area.objects.gemeinden().current().filter(parent=district.kreis))
    terms = {
        v: list(TaxonomyTerm.objects.filter(vocabulary=v, district=None))
        for v in ("category", "target_group", "language", "accessibility")
    }

    # Texts mix the topical words (rare, as in real offers: each is in a few percent of
    # the texts) with a large vocabulary of other words with a skewed (Zipf-like)
    # frequency, so that a query matches a realistic share of the entries.
    syllables = [
        "ber",
        "gen",
        "haus",
        "kurs",
        "zeit",
        "land",
        "markt",
        "werk",
        "hilfe",
        "treff",
        "stadt",
        "dorf",
        "platz",
        "weg",
        "feld",
        "berg",
        "see",
        "wald",
        "hof",
        "bund",
    ]
    vocabulary = sorted(
        {a + b + c for a in syllables for b in syllables for c in ("", "e", "en", "er")}
    )
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    cumulative = list(itertools.accumulate(weights))

    def text(n: int) -> str:
        return " ".join(
            rng.choice(WORDS)
            if rng.random() < 0.04
            else rng.choices(vocabulary, cum_weights=cumulative)[0]
            for _ in range(n)
        )

    # Translations are as varied as the German texts: the translated topical words at
    # the same rate, the rest from a vocabulary of 1,600 words per language.
    foreign = {
        lang: sorted({a + b + c for a in parts for b in parts for c in ("", *parts[:3])})[:1600]
        for lang, parts in ((k, v.split()) for k, v in FOREIGN_SYLLABLES.items())
    }
    foreign_cumulative = {lang: cumulative[: len(words)] for lang, words in foreign.items()}
    topical = {lang: words.split() for lang, words in TRANSLATED.items()}

    def translated_text(lang: str, n: int) -> str:
        return " ".join(
            rng.choice(topical[lang])
            if rng.random() < 0.04
            else rng.choices(foreign[lang], cum_weights=foreign_cumulative[lang])[0]
            for _ in range(n)
        )

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Changes mark the public token per statement, not once per row at commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS directory_public_touch IMMEDIATE")
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    district=district,
                    name=f"{rng.choice(WORDS)} {text(1)} {i}",
                    kind=rng.choice(Organisation.Kind.values),
                    description=text(25),
                    email=f"org{i}@example.org",
                    state="published",
                )
                for i in range(SIZES["organisations"])
            ],
            batch_size=2000,
        )
        places = []
        for i in range(SIZES["locations"]):
            g = rng.choice(gemeinden)
            places.append(
                Location(
                    district=district,
                    name=f"Ort {i}",
                    organisation=rng.choice(orgs),
                    gemeinde=g,
                    address_1=f"Hauptstraße {i % 200}",
                    city=g.name.split(",")[0],
                    latitude=(g.latitude or 53.0) + rng.uniform(-0.02, 0.02),
                    longitude=(g.longitude or 13.8) + rng.uniform(-0.02, 0.02),
                    state="published",
                )
            )
        places = Location.objects.bulk_create(places, batch_size=5000)
        Location.accessibility.through.objects.bulk_create(
            [
                Location.accessibility.through(
                    location_id=p.pk, taxonomyterm_id=terms["accessibility"][0].pk
                )
                for p in places
                if rng.random() < 0.3
            ],
            batch_size=5000,
        )
        services = Service.objects.bulk_create(
            [
                Service(
                    district=district,
                    organisation=rng.choice(orgs),
                    name=f"{rng.choice(WORDS)} {text(2)} {i}",
                    description=text(40),
                    free_of_charge=rng.random() < 0.6,
                    attending_type=rng.choice(["in_person", "in_person", "online", "hybrid"]),
                    state="published",
                )
                for i in range(SIZES["services"])
            ],
            batch_size=5000,
        )
        links = []
        for s in services:
            for p in rng.sample(places, rng.choice([1, 1, 2])):
                links.append(ServiceAtLocation(service=s, location=p))
        ServiceAtLocation.objects.bulk_create(links, batch_size=5000)
        for field, vocab, k in (
            ("categories", "category", 2),
            ("target_groups", "target_group", 1),
            ("languages", "language", 2),
        ):
            through = getattr(Service, field).through
            rows = []
            for s in services:
                for t in rng.sample(terms[vocab], k):
                    rows.append(through(service_id=s.pk, taxonomyterm_id=t.pk))
            through.objects.bulk_create(rows, batch_size=10000)
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        events = []
        for i in range(SIZES["events"]):
            start = now + timedelta(days=rng.randint(-20, 180), hours=rng.randint(8, 20))
            events.append(
                Event(
                    district=district,
                    organisation=rng.choice(orgs),
                    location=rng.choice(places),
                    title=f"{rng.choice(WORDS)} {text(2)} {i}",
                    description=text(30),
                    start=start,
                    end=start + timedelta(hours=2),
                    rrule="FREQ=WEEKLY;COUNT=12" if rng.random() < 0.3 else "",
                    free_of_charge=rng.random() < 0.7,
                    state="published",
                )
            )
        events = Event.objects.bulk_create(events, batch_size=5000)
        occurrences = []
        for e in events:
            for k in range(12 if e.rrule else 1):
                s = e.start + timedelta(days=7 * k)
                occurrences.append(
                    EventOccurrence(event=e, district=district, start=s, end=s + timedelta(hours=2))
                )
        EventOccurrence.objects.bulk_create(occurrences, batch_size=10000)
        through = Event.categories.through
        through.objects.bulk_create(
            [
                through(event_id=e.pk, taxonomyterm_id=rng.choice(terms["category"]).pk)
                for e in events
            ],
            batch_size=10000,
        )
        translations = []
        entries = []
        for kind, items, title_field in (
            ("organisation", orgs, "name"),
            ("service", services, "name"),
            ("event", events, "title"),
        ):
            for item in items:
                title = getattr(item, title_field)
                entries.append(
                    SearchEntry(
                        district=district,
                        entity_type=kind,
                        entity_id=item.pk,
                        language="de",
                        title=title,
                        text=item.description,
                    )
                )
                for lang in TRANSLATED:
                    t_title = translated_text(lang, 3)
                    t_text = translated_text(lang, 25)
                    translations.append(
                        Translation(
                            district=district,
                            entity_type=kind,
                            entity_id=item.pk,
                            language=lang,
                            field=title_field,
                            text=t_title,
                        )
                    )
                    translations.append(
                        Translation(
                            district=district,
                            entity_type=kind,
                            entity_id=item.pk,
                            language=lang,
                            field="description",
                            text=t_text,
                        )
                    )
                    entries.append(
                        SearchEntry(
                            district=district,
                            entity_type=kind,
                            entity_id=item.pk,
                            language=lang,
                            title=t_title,
                            text=t_text,
                        )
                    )
        Translation.objects.bulk_create(translations, batch_size=10000)
        SearchEntry.objects.bulk_create(entries, batch_size=10000)
        terms = backend().rebuild_terms()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"data: generated in {time.perf_counter() - started:.0f} s "
        f"({len(orgs)} organisations, {len(services)} offers, {len(places)} places, {len(events)} events, "
        f"{len(occurrences)} occurrences, {len(translations)} translations, {len(entries)} search rows, "
        f"{terms} words in the search vocabulary)"
    )
    return district.pk


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, command: list[str] | None = None) -> subprocess.Popen[bytes]:
    """``teilhabe serve`` (or ``command``) on loopback, once it accepts connections."""
    env = {**os.environ, "TEILHABE_ENV": "development", "TEILHABE_DEBUG": "false"}
    process = subprocess.Popen(
        command
        or [
            "uv",
            "run",
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
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    sys.exit("the server did not start")


def search_paths(rng: random.Random, gemeinden: list[str], kind: str, count: int) -> list[str]:
    """``count`` different searches (text plus two filters: free of charge, near a
    Gemeinde): 10 queries x 34 Gemeinden x 4 distances give 1,360 to draw from."""
    combinations = [(q, g, r) for q in QUERIES for g in gemeinden for r in ("5", "10", "20", "50")]
    paths = []
    for q, near, radius in rng.sample(combinations, count):
        params = {"q": q, "free": "on", "near": near, "radius": radius}
        paths.append(f"/public/de/{SLUG}/directory/{kind}?" + urlencode(params))
    return paths


@dataclasses.dataclass
class Measured:
    """One load: every request's latency (s), failures, wall seconds, and the CPU
    seconds it took: of the whole machine (all processes: server, PostgreSQL, the
    clients; from /proc/stat) and of this process's client threads alone."""

    latencies: list[float]
    errors: int
    seconds: float
    cpu_machine: float | None
    cpu_clients: float
    #: What went wrong, by kind (an HTTP status or an exception's name).
    failures: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)


def machine_cpu_seconds() -> float | None:
    """Busy CPU seconds of the whole machine since boot (Linux), or None."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:9]]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_clients(clients: int, worker: Callable[[int], None]) -> tuple[float, float | None, float]:
    """Run ``worker(i)`` for i in range(clients) in threads at once: wall seconds, the
    machine's busy CPU seconds (None off Linux) and this process's CPU seconds."""
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    machine, own = machine_cpu_seconds(), os.times()
    begin = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - begin
    after, own_after = machine_cpu_seconds(), os.times()
    used = None if machine is None or after is None else after - machine
    mine = (own_after.user - own.user) + (own_after.system - own.system)
    return seconds, used, mine


def load(port: int, paths: list[str], clients: int, per_client: int) -> Measured:
    """``clients`` HTTP clients at once, each asking ``per_client`` of ``paths`` one
    after the other (keep-alive, no pause)."""
    latencies: list[float] = []
    failures: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for n in range(per_client):
            path = paths[(offset * per_client + n) % len(paths)]
            begin = time.perf_counter()
            failure = ""
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failure = f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as error:
                failure = type(error).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - begin
            with lock:
                latencies.append(elapsed)
                if failure:
                    failures[failure] += 1
        conn.close()

    seconds, machine, own = run_clients(clients, worker)
    return Measured(latencies, failures.total(), seconds, machine, own, failures)


def report(name: str, measured: Measured, clients: int) -> str:
    count = len(measured.latencies)
    cpu = (
        f"CPU {measured.cpu_machine / count * 1000:.1f} ms a request "
        f"(clients {measured.cpu_clients / count * 1000:.1f}), "
        if measured.cpu_machine is not None
        else ""
    )
    line = (
        f"{name}: {clients} clients, {count} requests, "
        f"p50 {statistics.median(measured.latencies) * 1000:.0f} ms, "
        f"p95 {percentile(measured.latencies, 95) * 1000:.0f} ms, "
        f"{count / measured.seconds:.0f} requests/s, {cpu}errors {measured.errors}"
    )
    if measured.failures:
        line += " (" + ", ".join(f"{n} × {kind}" for kind, n in measured.failures.items()) + ")"
    print(line)
    return line


def bare_page_median(paths: list[str], port: int) -> float:
    """Median of asking a single client's pages once more (they are cached now)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for path in paths * 3:
        begin = time.perf_counter()
        conn.request("GET", path)
        conn.getresponse().read()
        times.append(time.perf_counter() - begin)
    conn.close()
    return statistics.median(times[len(paths) :])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class PageSql:
    """Captures the SQL a search page runs: with the terms and Gemeinden the server keeps
    per process, and the query words expanded once per process (so the first search of
    a word here captures the vocabulary look-ups, as the server's first one runs them)."""

    def __init__(self, district_id: int) -> None:
        from teilhabe.directory.pagecache import public_token
        from teilhabe.directory.selectors.office import gemeinden_for
        from teilhabe.directory.selectors.public import public_terms
        from teilhabe.districts.models import District

        self.district = District.objects.get(pk=district_id)
        self.gemeinden = list(gemeinden_for(kreis=self.district.kreis))
        self.by_pk = public_terms(self.district)
        self.token = public_token()

    def params(self, path: str) -> Any:
        from urllib.parse import urlparse

        from django.http import QueryDict

        from teilhabe.directory.public_forms import SearchForm

        form = SearchForm(
            QueryDict(urlparse(path).query),
            terms=list(self.by_pk.values()),
            gemeinden=self.gemeinden,
        )
        return form.params()

    def of_page(self, path: str) -> list[tuple[str, Any]]:
        from teilhabe.directory.selectors.public import public_search

        with capturing() as captured:
            public_search(
                district=self.district,
                params=self.params(path),
                language="de",
                terms=self.by_pk,
                gemeinden=self.gemeinden,
                vocabulary_key=self.token,
            )
        return captured

    def of_text_match(self, path: str, *, rank: str = "") -> list[tuple[str, Any]]:
        """The SQL of :meth:`text_match` (run once while captured)."""
        with capturing() as captured:
            self.text_match(path, rank=rank)
        return captured

    def text_match(self, path: str, *, rank: str = "") -> list[Any]:
        """The full-text match of the page's words alone, as the page's search backend
        builds it: every matching index row of the page's kind, without the filters,
        the grouping per entry, the result cards and the page. ``rank``: ``"page"``
        orders the rows by the page's rank (``ts_rank``, the title's similarity, the
        bonus for the words themselves), ``"ts_rank"`` by ``ts_rank`` alone, both
        keeping the best 501; ``""``: unranked, every match."""
        from django.db.models import FloatField
        from django.db.models.expressions import RawSQL

        from teilhabe.directory.models import SearchEntry
        from teilhabe.directory.search.backends import PG_CONFIGS, backend

        params = self.params(path)
        if not params.q.strip():
            return []
        search = backend()
        entries = SearchEntry.objects.filter(district=self.district, entity_type=params.kind)
        hits = search.match(entries, query=params.q, languages=["de"], cache_key=self.token)
        if rank == "page":
            return list(hits.order_by("-rank", "entity_id").values_list("entity_id", "rank")[:501])
        if rank == "ts_rank":
            # The backend's own tsquery (a private helper: this is a measurement).
            expanded = search.expanded(params.q, ["de"], self.token)
            tsquery, tsparams = search._tsquery(expanded, [PG_CONFIGS["de"]], whole=True)  # type: ignore[attr-defined]
            plain = RawSQL(f"ts_rank(document, {tsquery})", tsparams, output_field=FloatField())  # noqa: S611
            return list(
                hits.annotate(plain=plain)
                .order_by("-plain", "entity_id")
                .values_list("entity_id", "plain")[:501]
            )
        return list(hits.values_list("entity_id", flat=True))


@contextlib.contextmanager
def capturing() -> Iterator[list[tuple[str, Any]]]:
    """The statements run inside the block (they run as well)."""
    from django.db import connection

    captured: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        yield captured


def run_statements(cursor: Any, statements: list[tuple[str, Any]]) -> None:
    """Run captured statements, fetching every row."""
    for statement, params in statements:
        cursor.execute(statement, params)
        if cursor.description is not None:
            cursor.fetchall()


def bare_sql_ratio(sql: PageSql, paths: list[str], port: int) -> tuple[float, float]:
    """Median of the page (single client) and of replaying its captured SQL."""
    from django.db import connection, transaction

    page_times, sql_times = [], []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths[:60]:
        begin = time.perf_counter()
        conn.request("GET", path)
        conn.getresponse().read()
        page_times.append(time.perf_counter() - begin)
        captured = sql.of_page(path)
        # Replayed in one transaction, as the page runs it (its ranking query turns
        # JIT off with SET LOCAL, which only holds inside a transaction).
        begin = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            run_statements(cursor, captured)
        sql_times.append(time.perf_counter() - begin)
    conn.close()
    return statistics.median(page_times), statistics.median(sql_times)


def replay_concurrently(
    jobs: list[list[tuple[str, Any]]], clients: int, per_client: int
) -> Measured:
    """Latency per job: ``clients`` PostgreSQL connections at once (no web server),
    each running ``per_client`` jobs one after the other, every job's statements in
    one transaction and every row fetched; JIT off, as on the search page."""
    import psycopg

    latencies: list[float] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
            conn.execute("SET jit = off")
            conn.commit()
            for n in range(per_client):
                job = jobs[(offset * per_client + n) % len(jobs)]
                begin = time.perf_counter()
                with conn.transaction(), conn.cursor() as cursor:
                    run_statements(cursor, job)
                elapsed = time.perf_counter() - begin
                with lock:
                    latencies.append(elapsed)

    seconds, machine, own = run_clients(clients, worker)
    return Measured(latencies, 0, seconds, machine, own)


def sql_alone_under_load(
    sql: PageSql, paths: list[str], clients: int, per_client: int
) -> list[str]:
    """What the database alone needs for the distinct searches, with ``clients`` at
    once and no web server: the page's captured SQL, and the full-text match of its
    words alone (no filters, no result cards), ranked two ways and unranked."""
    lines = []
    for name, capture in (
        ("the page's SQL", sql.of_page),
        (
            "its full-text match alone, ranked as the page ranks (best 501)",
            functools.partial(sql.of_text_match, rank="page"),
        ),
        (
            "its full-text match alone, ranked by ts_rank alone (best 501)",
            functools.partial(sql.of_text_match, rank="ts_rank"),
        ),
        ("its full-text match alone, unranked", sql.of_text_match),
    ):
        jobs = [capture(path) for path in paths]
        measured = replay_concurrently(jobs, clients, per_client)
        lines.append(report(f"SQL alone, distinct searches, {name}", measured, clients))
    return lines


def thinnest_page(district_id: int, paths: list[str], clients: int, per_client: int) -> str:
    """The searches of ``paths`` asked of the thinnest search page (``floor.py``: the
    public token, the form and the full-text match ranked by ``ts_rank``; no filters,
    result cards or template), served as ``teilhabe serve`` serves the site."""
    port = free_port()
    floor = str(Path(__file__).resolve().parent / "floor.py")
    server = start_server(port, ["uv", "run", "python", floor, str(port), str(district_id)])
    try:
        floor_paths = ["/floor?" + path.split("?", 1)[1] for path in paths]
        load(port, floor_paths[-40:], 4, 5)  # start both workers
        measured = load(port, floor_paths, clients, per_client)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report("thinnest search page, distinct searches", measured, clients)


def hsds_export_seconds(district_id: int) -> tuple[float, int, int, float]:
    """The full HSDS 3 JSON export written to a file (reading, building, serialising,
    writing), as the export job does; its peak Python memory; a sample validated."""
    import tracemalloc

    from teilhabe.directory.hsds import document_errors, write_json
    from teilhabe.districts.models import District

    district = District.objects.get(pk=district_id)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        begin = time.perf_counter()
        count = write_json(district=district, out=out)
        out.flush()
        seconds = time.perf_counter() - begin
        size = os.path.getsize(out.name)
        out.seek(0)
        document = json.load(out)
    assert len(document["services"]) == SIZES["services"], len(document["services"])
    sample = {
        "services": document["services"][:200],
        "organizations": document["organizations"][:100],
        "locations": document["locations"][:100],
    }
    assert document_errors(sample) == [], document_errors(sample)[:3]
    del document
    # Peak memory of a second run (tracing slows it down, so it is not the timed one).
    tracemalloc.start()
    with tempfile.TemporaryFile() as out:
        write_json(district=district, out=out)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, count, size, peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the benchmark data")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="requests per client and endpoint")
    args = parser.parse_args()
    setup_django()
    district_id = generate(args.regenerate)
    from teilhabe.areas.models import Area
    from teilhabe.districts.models import District

    district = District.objects.get(pk=district_id)
    gemeinden = list(
        Area.objects.gemeinden()
        .current()
        .filter(parent=district.kreis)
        .values_list("code", flat=True)
    )
    rng = random.Random(7)
    total = args.clients * args.requests
    port = free_port()
    load_at_start = os.getloadavg()
    server = start_server(port)
    figures: list[str] = []
    try:
        for name, kind in (("search page", ""), ("map data", "map.geojson")):
            distinct = search_paths(rng, gemeinden, kind, total)
            repeated = distinct[:20]
            load(port, distinct[-40:], 4, 5)  # start both workers (those pages are not used)
            # 1. Every request a different search: no page comes from the cache.
            misses = load(port, distinct, args.clients, args.requests)
            figures.append(
                report(f"{name}, distinct searches (cache misses)", misses, args.clients)
            )
            # 2. 20 searches asked again and again (each worker made them once before).
            load(port, repeated * 4, args.clients, 4)
            hits = load(port, repeated, args.clients, args.requests)
            figures.append(report(f"{name}, repeated searches (cache hits)", hits, args.clients))
        fresh = search_paths(random.Random(11), gemeinden, "", 60)
        sql = PageSql(district_id)
        page_median, sql_median = bare_sql_ratio(sql, fresh, port)
        hit_median = bare_page_median(fresh[:20], port)
    finally:
        server.terminate()
        server.wait(timeout=30)
    # 3. The database alone, for the searches of 1. (the server is stopped).
    searches = search_paths(random.Random(7), gemeinden, "", total)
    figures += sql_alone_under_load(sql, searches, args.clients, args.requests)
    # 4. The thinnest search page (floor.py) for the same searches.
    figures.append(thinnest_page(district_id, searches, args.clients, args.requests))
    export_seconds, exported, size, peak_mb = hsds_export_seconds(district_id)
    start, end = (
        ", ".join(f"{x:.1f}" for x in loads) for loads in (load_at_start, os.getloadavg())
    )
    print(
        f"machine: {os.cpu_count()} cores; load average (1, 5, 15 min) {start} at the start, {end} at the end"
    )
    for line in figures:
        print(line)
    print(
        f"search, single client, distinct searches (cache misses): page median {page_median * 1000:.1f} ms, "
        f"bare SQL median {sql_median * 1000:.1f} ms, ratio {page_median / sql_median:.2f}"
    )
    print(
        f"search, single client, the same searches again (cache hits): page median {hit_median * 1000:.1f} ms, "
        f"ratio to the bare SQL {hit_median / sql_median:.2f}"
    )
    print(
        f"HSDS export: {exported} objects (organisations, services, locations), "
        f"{size / 1e6:.0f} MB JSON written in {export_seconds:.1f} s (peak Python memory {peak_mb:.0f} MB)"
    )


if __name__ == "__main__":
    main()
