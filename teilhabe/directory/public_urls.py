"""Addresses under /public/<lang>/<district>/directory/ (public pages)."""

from django.urls import path

from teilhabe.directory.views import public as views

app_name = "directory_public"

urlpatterns = [
    path("", views.search, name="search"),
    path("map.geojson", views.map_data, name="map_data"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar.ics", views.feed, name="feed"),
    path("calendar/category/<slug:code>.ics", views.feed_category, name="feed_category"),
    path("calendar/gemeinde/<str:gemeinde>.ics", views.feed_gemeinde, name="feed_gemeinde"),
    path(
        "calendar/organisation/<int:organisation_id>.ics",
        views.feed_organisation,
        name="feed_organisation",
    ),
    path("offers/<int:service_id>/", views.service, name="service"),
    path("organisations/<int:organisation_id>/", views.organisation, name="organisation"),
    path("organisations/<int:organisation_id>/logo.png", views.logo, name="logo"),
    path("events/<int:event_id>/", views.event, name="event"),
    path("events/<int:event_id>.ics", views.event_ics, name="event_ics"),
    path("guide/", views.guide_index, name="guide_index"),
    path("guide/<str:gemeinde>.pdf", views.guide_pdf, name="guide_pdf"),
    path("report/<slug:entity_type>/<int:entity_id>/", views.report, name="report"),
    path("correct/<slug:entity_type>/<int:entity_id>/", views.correct, name="correct"),
    path("propose/", views.propose_index, name="propose_index"),
    path("propose/sent/", views.propose_sent, name="propose_sent"),
    path("propose/<slug:kind>/", views.propose, name="propose"),
    path("submission/<str:token>/", views.submission, name="submission"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
