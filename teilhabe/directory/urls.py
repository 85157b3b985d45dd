"""Addresses under /d/<district>/directory/ (district pages)."""

from django.urls import path

from teilhabe.directory.views import interop, moderation, office, terms, work

app_name = "directory"

urlpatterns = [
    path("", office.home, name="home"),
    path("map/", office.actor_map, name="map"),
    path("map.geojson", office.actor_map_data, name="map_data"),
    path("network/", office.network, name="network"),
    path("contacts.<str:fmt>", office.contacts_export, name="contacts_export"),
    path(
        "organisations/<int:organisation_id>/profile.pdf",
        office.organisation_pdf,
        name="organisation_pdf",
    ),
    path("log/", work.activities, name="activities"),
    path("log/new/", work.activity_create, name="activity_create"),
    path("log/<int:activity_id>/", work.activity_edit, name="activity_edit"),
    path("log/<int:activity_id>/done/", work.activity_done, name="activity_done"),
    path("import/", work.import_upload, name="import_upload"),
    path("import/<int:upload_id>/", work.import_mapping, name="import_mapping"),
    path("import/<int:upload_id>/review/", work.import_review, name="import_review"),
    path("exchange/", interop.exchange, name="exchange"),
    path("exchange/hsds/", interop.hsds_export, name="hsds_export"),
    path("exchange/places.geojson", interop.places_geojson, name="places_geojson"),
    path("calendars/", interop.subscriptions, name="subscriptions"),
    path("terms/", terms.terms, name="terms"),
    path("terms/<int:term_id>/", terms.term_edit, name="term_edit"),
    path(
        "calendars/<int:subscription_id>/sync/", interop.subscription_sync, name="subscription_sync"
    ),
    path("moderation/", moderation.queue, name="moderation"),
    path(
        "moderation/proposals/<int:submission_id>/", moderation.submission_detail, name="submission"
    ),
    path("moderation/reports/<int:report_id>/", moderation.report_resolve, name="report_resolve"),
]

for _kind in office.KINDS.values():
    _arg = f"<int:{_kind.arg}>"
    urlpatterns += [
        path(f"{_kind.plural}/", office.make_list(_kind), name=f"{_kind.key}_list"),
        path(f"{_kind.plural}/new/", office.make_create(_kind), name=f"{_kind.key}_create"),
        path(f"{_kind.plural}/{_arg}/", office.make_detail(_kind), name=f"{_kind.key}_detail"),
        path(f"{_kind.plural}/{_arg}/edit/", office.make_edit(_kind), name=f"{_kind.key}_edit"),
        path(
            f"{_kind.plural}/{_arg}/action/", office.make_action(_kind), name=f"{_kind.key}_action"
        ),
    ]
