"""Addresses under /api/directory/ (read-only API)."""

from django.urls import URLPattern

app_name = "directory_api"

urlpatterns: list[URLPattern] = []
