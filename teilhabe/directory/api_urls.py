"""Addresses under /api/directory/ (read-only HSDS API, public: published entries only)."""

from django.contrib.auth.decorators import login_not_required

from teilhabe.directory.api import api

app_name = "directory_api"
_patterns, _app, _namespace = api.urls
for _pattern in _patterns:
    # The API serves public data: no sign-in (the views answer only for published entries).
    if _pattern.callback is not None:
        _pattern.callback = login_not_required(_pattern.callback)

urlpatterns = _patterns
