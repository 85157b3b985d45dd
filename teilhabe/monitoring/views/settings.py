"""Monitoring settings of a district (disclosure thresholds, comparison group) and its
user-defined area groups."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from teilhabe.areas.models import Area
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.monitoring.models import AreaGroup, MonitoringSettings
from teilhabe.monitoring.selectors import group_get_for_user, groups_for_district, settings_for
from teilhabe.monitoring.services import settings as services
from teilhabe.monitoring.views.common import crumbs


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = ["min_count", "min_denominator", "comparison", "comparison_group"]

    def __init__(self, *args: Any, access: DistrictAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comparison_group"].queryset = AreaGroup.objects.filter(  # type: ignore[attr-defined]
            district=access.district, level=Area.Level.KREIS
        )


class GroupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    level = forms.ChoiceField(
        label=gettext_lazy("Members"),
        choices=[
            ("gemeinde", gettext_lazy("Gemeinden of the district")),
            ("kreis", gettext_lazy("Kreise (to compare with)")),
        ],
        widget=forms.RadioSelect,
        initial="gemeinde",
    )
    gemeinden = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Gemeinden"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kreise = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Kreise"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=gettext_lazy("Hold Ctrl (or Cmd) to choose several."),
    )

    def __init__(self, *args: Any, access: DistrictAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeinden"].queryset = (  # type: ignore[attr-defined]
            Area.objects.gemeinden().current().filter(parent=access.district.kreis).order_by("name")
        )
        self.fields["kreise"].queryset = Area.objects.kreise().current().order_by("name")  # type: ignore[attr-defined]


@district_view(Capability.AGGREGATES_VIEW)
def settings_view(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    current = settings_for(district=access.district)
    can_manage = access.can(Capability.DISTRICT_MANAGE)
    form = SettingsForm(request.POST or None, instance=current, access=access)
    if request.method == "POST":
        access.require(Capability.DISTRICT_MANAGE)
        if form.is_valid():
            try:
                services.settings_update(access=access, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The settings were saved; changed thresholds take effect once the values are recomputed."
                    ),
                )
                return redirect("monitoring:settings", district=access.district.slug)
    return render(
        request,
        "monitoring/settings.html",
        {
            "title": _("Monitoring settings"),
            "access": access,
            "form": form,
            "can_manage": can_manage,
            "can_plan": access.can(Capability.PLANNING_EDIT),
            "settings": current,
            "groups": groups_for_district(access=access),
            "breadcrumbs": crumbs(access, (_("Settings and groups"), "")),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def group_create(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = GroupForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = list(data["gemeinden"] if data["level"] == "gemeinde" else data["kreise"])
        try:
            services.group_create(
                access=access, name=data["name"], level=data["level"], members=members
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The group was added."))
            return redirect("monitoring:settings", district=access.district.slug)
    return render(
        request,
        "monitoring/form.html",
        {
            "title": _("Add a group of areas"),
            "intro": _(
                "Groups of Gemeinden (such as “Region Nord”) get their own values, added up from their members; "
                "groups of Kreise can be the comparison group."
            ),
            "access": access,
            "form": form,
            "cancel": reverse("monitoring:settings", kwargs={"district": access.district.slug}),
            "breadcrumbs": crumbs(access, (_("Add a group of areas"), "")),
        },
    )


@require_POST
@district_view(Capability.PLANNING_EDIT)
def group_delete(request: HttpRequest, access: DistrictAccess, group_id: int) -> HttpResponse:
    group = group_get_for_user(
        access=access, group_id=group_id, capability=Capability.PLANNING_EDIT
    )
    services.group_delete(access=access, group=group)
    messages.success(request, _("The group was removed."))
    return redirect("monitoring:settings", district=access.district.slug)
