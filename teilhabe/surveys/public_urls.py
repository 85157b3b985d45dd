"""Addresses under /public/<lang>/<district>/surveys/ (public pages)."""

from django.urls import URLPattern

app_name = "surveys_public"

urlpatterns: list[URLPattern] = []
