"""Addresses under /api/monitoring/ (read-only API, OpenAPI at openapi.json)."""

from teilhabe.monitoring.api import api

app_name = "monitoring_api"

# django-ninja returns (patterns, app name, namespace); the project includes this module.
urlpatterns = api.urls[0]
