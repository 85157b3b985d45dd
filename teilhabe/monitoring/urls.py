"""Addresses under /d/<district>/monitoring/ (district pages)."""

from django.urls import path

from teilhabe.monitoring.views import catalogue, dashboard, imports, reports, settings

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("indicators/<slug:indicator_code>/", dashboard.indicator_detail, name="indicator"),
    path(
        "indicators/<slug:indicator_code>/map.geojson",
        dashboard.indicator_map,
        name="indicator_map",
    ),
    path(
        "indicators/<slug:indicator_code>/download.<str:fmt>",
        dashboard.indicator_download,
        name="indicator_download",
    ),
    path("indicators/<slug:indicator_code>/edit/", catalogue.indicator_edit, name="indicator_edit"),
    path(
        "indicators/<slug:indicator_code>/visibility/",
        catalogue.indicator_visibility,
        name="indicator_visibility",
    ),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/indicators/new/", catalogue.indicator_create, name="indicator_create"),
    path("catalogue/check/", catalogue.formula_check, name="formula_check"),
    path("catalogue/measures/new/", catalogue.measure_create, name="measure_create"),
    path("catalogue/categories/new/", catalogue.category_create, name="category_create"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/sources/new/", imports.source_create, name="source_create"),
    path("imports/surveys/", imports.survey_take_over, name="survey_take_over"),
    path("imports/<int:batch_id>/", imports.import_detail, name="import_detail"),
    path("imports/<int:batch_id>/map/", imports.import_map, name="import_map"),
    path("imports/<int:batch_id>/compare/", imports.import_compare, name="import_compare"),
    path("imports/<int:batch_id>/restore/", imports.import_restore, name="import_restore"),
    path("settings/", settings.settings_view, name="settings"),
    path("settings/groups/new/", settings.group_create, name="group_create"),
    path("settings/groups/<int:group_id>/delete/", settings.group_delete, name="group_delete"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/<int:monitoring_report_id>/", reports.report_detail, name="report"),
    path(
        "reports/<int:monitoring_report_id>/sections/<slug:section>/",
        reports.narrative_edit,
        name="narrative_edit",
    ),
    path("reports/<int:monitoring_report_id>/pdf/", reports.report_pdf, name="report_pdf"),
    path(
        "reports/<int:monitoring_report_id>/publish/", reports.report_publish, name="report_publish"
    ),
]
