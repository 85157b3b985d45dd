from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from teilhabe.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "is_demo",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "is_demo"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Teilhabe", {"fields": ("preferred_language", "is_demo")}),
    )
