"""Addresses under /d/<district>/surveys/ (district pages)."""

from django.urls import URLPattern

app_name = "surveys"

urlpatterns: list[URLPattern] = []
