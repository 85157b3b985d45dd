"""Running the web server (gunicorn) from ``teilhabe serve`` and ``teilhabe demo``."""

from __future__ import annotations

import gc
from typing import Any

from django.db import connections
from gunicorn.app.base import BaseApplication


class TeilhabeServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        """The application, in each worker after the fork. What loading it created (Django,
        every app, the catalogues: most of the worker's objects) is moved out of the
        garbage collector's way (``gc.freeze``): a full collection would otherwise walk
        them all and stop every thread of the worker for 100–200 ms, which showed as the
        slowest requests of the monitoring benchmark (e)."""
        from teilhabe.wsgi import application

        gc.collect()
        gc.freeze()
        return application


def run_server(*, host: str, port: int, workers: int, threads: int, access_log: bool) -> None:
    """Start gunicorn in this process; returns when it stops (Ctrl-C or SIGTERM)."""
    connections.close_all()  # never share a database connection across the fork
    TeilhabeServer(
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 120,
            "graceful_timeout": 20,
            "accesslog": "-" if access_log else None,
            "errorlog": "-",
            "forwarded_allow_ips": "127.0.0.1,::1",
            "proc_name": "teilhabe",
        }
    ).run()
