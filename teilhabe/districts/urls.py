from django.urls import path

from teilhabe.districts import views

app_name = "districts"

urlpatterns = [
    path("", views.home, name="home"),
    path("map.geojson", views.map_data, name="map_data"),
    path("gemeinden/", views.gemeinden, name="gemeinden"),
    path("offices/", views.offices, name="offices"),
    path("offices/new/", views.office_create, name="office_create"),
    path("offices/<int:office_id>/", views.office_edit, name="office_edit"),
    path("members/", views.members, name="members"),
    path("members/new/", views.member_invite, name="member_invite"),
    path("members/<int:membership_id>/revoke/", views.membership_revoke, name="membership_revoke"),
    path("settings/", views.settings_view, name="settings"),
]
