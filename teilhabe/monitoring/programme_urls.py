"""Addresses under /programme/<programme>/monitoring/ (programme office)."""

from django.urls import URLPattern

app_name = "monitoring_programme"

urlpatterns: list[URLPattern] = []
