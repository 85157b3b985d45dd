from django.contrib import admin

from teilhabe.areas.models import Area, DataSource


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "valid_from", "valid_until", "population"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "ags"]
    raw_id_fields = ["parent"]


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "publisher", "licence"]
