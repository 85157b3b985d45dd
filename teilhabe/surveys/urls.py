"""Addresses under /d/<district>/surveys/ (district pages)."""

from django.urls import path

from teilhabe.surveys.views import builder, interview, manage, results

app_name = "surveys"

urlpatterns = [
    path("", manage.survey_list, name="list"),
    path("new/", manage.survey_create, name="create"),
    path("<int:survey_id>/", manage.survey_detail, name="detail"),
    path("<int:survey_id>/imported/", manage.survey_imported, name="imported"),
    path("<int:survey_id>/settings/", manage.survey_settings, name="settings"),
    path("<int:survey_id>/publish/", manage.survey_publish, name="publish"),
    path("<int:survey_id>/delete/", manage.survey_delete, name="delete"),
    path("<int:survey_id>/waves/new/", manage.wave_create, name="wave_create"),
    path("<int:survey_id>/waves/<int:wave_id>/", manage.wave_edit, name="wave_edit"),
    path("<int:survey_id>/codes/", manage.access_codes, name="codes"),
    path("<int:survey_id>/codes/letters.pdf", manage.access_code_letters, name="code_letters"),
    path("<int:survey_id>/poster.pdf", manage.poster, name="poster"),
    path("<int:survey_id>/flyer.pdf", manage.flyer, name="flyer"),
    path("<int:survey_id>/qr.svg", manage.qr_code, name="qr"),
    path("<int:survey_id>/media/", manage.media_list, name="media"),
    path("<int:survey_id>/media/<int:media_id>/", manage.media_file, name="media_file"),
    path("<int:survey_id>/measures/", manage.measure_links, name="measures"),
    path(
        "<int:survey_id>/measures/<int:link_id>/delete/",
        manage.measure_link_delete,
        name="measure_delete",
    ),
    path("<int:survey_id>/xlsform.xlsx", manage.xlsform_download, name="xlsform"),
    path("<int:survey_id>/import/", manage.xlsform_import, name="import"),
    path("<int:survey_id>/questions/", builder.builder, name="builder"),
    path("<int:survey_id>/questions/new/", builder.question_add, name="question_add"),
    path(
        "<int:survey_id>/questions/gemeinde/", builder.gemeinde_question, name="gemeinde_question"
    ),
    path("<int:survey_id>/questions/<str:name>/", builder.question_edit, name="question_edit"),
    path("<int:survey_id>/questions/<str:name>/move/", builder.question_move, name="question_move"),
    path(
        "<int:survey_id>/questions/<str:name>/delete/",
        builder.question_delete,
        name="question_delete",
    ),
    path("<int:survey_id>/texts/", builder.texts, name="texts"),
    path("<int:survey_id>/languages/", builder.languages, name="languages"),
    path("<int:survey_id>/languages/<str:language>/", builder.translate, name="translate"),
    path("<int:survey_id>/preview/<str:language>/", builder.preview, name="preview"),
    path("<int:survey_id>/interview/", interview.interview_start, name="interview"),
    path("<int:survey_id>/interview/<str:token>/", interview.interview_page, name="interview_page"),
    path("<int:survey_id>/results/", results.survey_results, name="results"),
    path("<int:survey_id>/results/crosstab/", results.survey_crosstab, name="crosstab"),
    path("<int:survey_id>/results/waves/", results.survey_waves, name="waves"),
    path("<int:survey_id>/export/", results.export_page, name="export"),
    path("<int:survey_id>/export/start/", results.export_start, name="export_start"),
]
