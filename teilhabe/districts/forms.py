from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.districts.models import District, Office
from teilhabe.districts.roles import DISTRICT_ROLES, Role


class DistrictSettingsForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "require_two_factor"]


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["name", "kind", "email", "phone", "is_active"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }


class MemberInviteForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("If this account exists already, it simply gets the new role."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("New accounts receive a link to choose their password at this address."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in DISTRICT_ROLES])
    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=Office.objects.none(),
        required=False,
        help_text=_("Required for office clerks; optional for the other roles."),
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(  # type: ignore[attr-defined]
            district=district, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.OFFICE_CLERK and not data.get("office"):
            self.add_error("office", _("An office clerk works in an office; choose one."))
        return data
