"""Addresses under /d/<district>/directory/ (district pages)."""

from django.urls import URLPattern

app_name = "directory"

urlpatterns: list[URLPattern] = []
