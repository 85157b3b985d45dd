"""The site's addresses. District pages live under /d/<district>/, public pages under
/public/<language>/; everything else requires signing in."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

if settings.PRODUCTION:
    # In production the admin site asks for the second factor as well.
    admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Teilhabe"
admin.site.site_title = "Teilhabe"

district_patterns = [
    path("", include("teilhabe.districts.urls")),
    path("audit/", include("teilhabe.audit.urls")),
    path("monitoring/", include("teilhabe.monitoring.urls")),
    path("surveys/", include("teilhabe.surveys.urls")),
    path("directory/", include("teilhabe.directory.urls")),
]
public_district_patterns = [
    path("surveys/", include("teilhabe.surveys.public_urls")),
    path("directory/", include("teilhabe.directory.public_urls")),
]

urlpatterns = [
    path("", include("teilhabe.core.urls")),
    path("account/", include("teilhabe.accounts.urls")),
    path("jobs/", include("teilhabe.jobs.urls")),
    path("d/<slug:district>/", include(district_patterns)),
    path("programme/<slug:programme>/monitoring/", include("teilhabe.monitoring.programme_urls")),
    path("public/<str:lang>/<slug:district>/", include(public_district_patterns)),
    path("public/", include("teilhabe.public.urls")),
    path("api/monitoring/", include("teilhabe.monitoring.api_urls")),
    path("api/directory/", include("teilhabe.directory.api_urls")),
    path(settings.TEILHABE_ADMIN_PATH, admin.site.urls),
]

handler403 = "teilhabe.core.views.error_403"
handler404 = "teilhabe.core.views.error_404"
handler500 = "teilhabe.core.views.error_500"
