"""Addresses under /programme/<programme>/monitoring/ (programme office)."""

from django.urls import path

from teilhabe.monitoring.views import programme

app_name = "monitoring_programme"

urlpatterns = [
    path("", programme.programme_overview, name="overview"),
    path("reports/<int:monitoring_report_id>/", programme.programme_report, name="report"),
]
