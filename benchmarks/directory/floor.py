"""The thinnest search page, for the directory benchmark (``run.py`` starts it).

The product's settings and middleware, served as ``teilhabe serve`` serves the site
(gunicorn, 2 workers × 8 threads, ``gc.freeze``), with one view in place of the site's
addresses. The view does only what no search page built on PostgreSQL's full-text
search can leave out: it reads the public token (one query, as every public page
does), reads the search form, and runs the search page's full-text match of the
words ranked by ``ts_rank`` (the best 501, JIT off as on the page). No filters, no
result cards, no template: it answers with the number of ranked entries.

    DATABASE_URL=postgres://… uv run python benchmarks/directory/floor.py PORT DISTRICT_ID
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path


@cache
def _page_sql() -> run.PageSql:
    return run.PageSql(int(os.environ["TEILHABE_BENCH_DISTRICT"]))


@login_not_required
def search(request: HttpRequest) -> HttpResponse:
    from django.db import connection, transaction

    from teilhabe.directory.pagecache import public_token

    public_token()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        ranked = _page_sql().text_match(request.get_full_path(), rank="ts_rank")
    return HttpResponse(f"{len(ranked)}", content_type="text/plain")


urlpatterns = [path("floor", search)]


def main() -> None:
    port, district_id = int(sys.argv[1]), sys.argv[2]
    os.environ["TEILHABE_BENCH_DISTRICT"] = district_id
    run.setup_django()
    from django.conf import settings

    from teilhabe.core.server import run_server

    settings.ROOT_URLCONF = "floor"
    run_server(host="127.0.0.1", port=port, workers=2, threads=8, access_log=False)


if __name__ == "__main__":
    main()
