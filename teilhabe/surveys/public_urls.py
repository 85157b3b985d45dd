"""Addresses under /public/<lang>/<district>/surveys/ (public pages)."""

from django.urls import path

from teilhabe.surveys.views import public

app_name = "surveys_public"

urlpatterns = [
    path("", public.survey_index, name="index"),
    path("<slug:slug>/", public.survey_start, name="start"),
    path("<slug:slug>/r/<str:token>/", public.survey_page, name="page"),
    path("<slug:slug>/r/<str:token>/saved/", public.survey_saved, name="saved"),
    path("<slug:slug>/r/<str:token>/done/", public.survey_done, name="done"),
    path("<slug:slug>/media/<str:name>", public.survey_media, name="media"),
]
