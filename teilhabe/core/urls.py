from django.urls import path

from teilhabe.core import views
from teilhabe.districts import views as district_views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.language_set, name="language_set"),
    path("healthz", views.healthz, name="healthz"),
    path("programme/<slug:programme>/", district_views.programme_detail, name="programme"),
]
