"""Addresses under /public/<lang>/<district>/directory/ (public pages)."""

from django.urls import URLPattern

app_name = "directory_public"

urlpatterns: list[URLPattern] = []
