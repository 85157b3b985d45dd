from django.contrib import admin

from teilhabe.districts.models import District, Membership, Office, Programme


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kreis", "is_active", "is_demo", "require_two_factor"]
    list_filter = ["is_active", "is_demo", "require_two_factor"]
    search_fields = ["name", "slug", "kreis__code"]
    raw_id_fields = ["kreis"]
    inlines = [OfficeInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "district", "office", "programme", "is_active"]
    list_filter = ["role", "is_active", "district"]
    search_fields = ["user__username", "district__name"]
    raw_id_fields = ["user", "district", "office", "programme"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    filter_horizontal = ["districts"]
