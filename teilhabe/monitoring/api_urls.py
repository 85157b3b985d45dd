"""Addresses under /api/monitoring/ (read-only API)."""

from django.urls import URLPattern

app_name = "monitoring_api"

urlpatterns: list[URLPattern] = []
