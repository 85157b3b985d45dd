"""The gunicorn application of ``teilhabe serve``."""

from __future__ import annotations

import gc

from teilhabe.core.server import TeilhabeServer


def test_loading_the_application_in_a_worker_freezes_what_loading_created():
    server = TeilhabeServer.__new__(TeilhabeServer)  # no gunicorn configuration needed
    gc.unfreeze()
    try:
        application = server.load()
        assert callable(application)
        # Django and the apps are in the permanent generation: full collections skip them.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
