from django.urls import path

from teilhabe.public import views

app_name = "public"

urlpatterns = [
    path("", views.root, name="root"),
    path("<str:lang>/", views.index, name="index"),
    path("<str:lang>/<slug:district>/", views.district, name="district"),
]
