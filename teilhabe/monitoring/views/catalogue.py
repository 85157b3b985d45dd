"""The indicator catalogue: browsing, hiding standard indicators, own measures,
categories and indicators with the formula editor (check and preview)."""

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

from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.monitoring import pages
from teilhabe.monitoring.models import (
    Category,
    FieldOfAction,
    IndicatorVersion,
    Measure,
)
from teilhabe.monitoring.selectors import (
    catalogue_info,
    categories_for_district,
    hidden_indicator_ids,
    indicator_get_for_user,
    indicators_for_district,
    measure_slots,
    measures_for_district,
)
from teilhabe.monitoring.services import catalogue as services
from teilhabe.monitoring.views.common import crumbs


class IndicatorForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code"),
        regex=r"^[a-z][a-z0-9_]{0,59}$",
        help_text=gettext_lazy(
            "Lower-case letters, digits and underscores; used in addresses and the API."
        ),
    )
    field = forms.ChoiceField(label=gettext_lazy("Field of action"), choices=FieldOfAction.choices)
    title_de = forms.CharField(label=gettext_lazy("Title (German)"), max_length=200)
    title_en = forms.CharField(
        label=gettext_lazy("Title (English)"), max_length=200, required=False
    )
    numerator = forms.CharField(
        label=gettext_lazy("Numerator"),
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "For example #{foreign_residents | sex=f}. Measures and their categories are listed below."
        ),
    )
    denominator = forms.CharField(
        label=gettext_lazy("Denominator"),
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        required=False,
        help_text=gettext_lazy("Leave empty for a count."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Unit"), choices=IndicatorVersion.Kind.choices)
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"), choices=IndicatorVersion.Direction.choices
    )
    breakdowns = forms.MultipleChoiceField(
        label=gettext_lazy("Show broken down by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    short_de = forms.CharField(
        label=gettext_lazy("Short description (German)"), max_length=300, required=False
    )
    long_de = forms.CharField(
        label=gettext_lazy("Description (German)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    interpretation_de = forms.CharField(
        label=gettext_lazy("How to read it (German)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    sources_de = forms.CharField(
        label=gettext_lazy("Sources (German)"), required=False, max_length=500
    )
    definition = forms.CharField(
        label=gettext_lazy("Official definition it follows"), required=False, max_length=400
    )
    change_note = forms.CharField(
        label=gettext_lazy("What changed (for the version history)"), required=False, max_length=300
    )

    def __init__(
        self, *args: Any, access: DistrictAccess, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["breakdowns"].choices = [  # type: ignore[attr-defined]
            (c.code, c.name) for c in categories_for_district(district=access.district)
        ]
        if editing:
            self.fields["code"].disabled = True

    def to_definition(self) -> services.Definition:
        data = self.cleaned_data
        return services.Definition(
            numerator=data["numerator"],
            denominator=data.get("denominator", ""),
            kind=data["kind"],
            direction=data["direction"],
            breakdowns=tuple(data.get("breakdowns") or ()),
            title_de=data["title_de"],
            title_en=data.get("title_en", ""),
            short_de=data.get("short_de", ""),
            long_de=data.get("long_de", ""),
            interpretation_de=data.get("interpretation_de", ""),
            sources_de=data.get("sources_de", ""),
            definition=data.get("definition", ""),
            change_note=data.get("change_note", ""),
        )


class MeasureForm(forms.Form):
    code = forms.RegexField(label=gettext_lazy("Code"), regex=r"^[a-z][a-z0-9_]{0,59}$")
    name_de = forms.CharField(label=gettext_lazy("Name (German)"), max_length=200)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=200, required=False)
    description_de = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    unit_de = forms.CharField(label=gettext_lazy("Unit"), max_length=60, initial="Personen")
    aggregation = forms.ChoiceField(
        label=gettext_lazy("Aggregation"), choices=Measure.Aggregation.choices
    )
    reference = forms.ChoiceField(
        label=gettext_lazy("Reference"), choices=Measure.Reference.choices
    )
    source_note = forms.CharField(
        label=gettext_lazy("Usual source"), max_length=300, required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Broken down by (at most four)"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, access: DistrictAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories_for_district(district=access.district)  # type: ignore[attr-defined]


class CategoryForm(forms.Form):
    code = forms.RegexField(label=gettext_lazy("Code"), regex=r"^[a-z][a-z0-9_]{0,59}$")
    name_de = forms.CharField(label=gettext_lazy("Name (German)"), max_length=200)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=200, required=False)
    options = forms.CharField(
        label=gettext_lazy("Options"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One option per line: code; German name; English name (e.g. “u25; unter 25 Jahre; under 25”)."
        ),
    )

    def clean_options(self) -> list[tuple[str, str, str]]:
        result = []
        for number, line in enumerate(self.cleaned_data["options"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise ValidationError(
                    _("Line %(n)s needs at least a code and a German name, separated by “;”.")
                    % {"n": number}
                )
            result.append((parts[0].lower(), parts[1], parts[2] if len(parts) > 2 else ""))
        return result


@district_view(Capability.AGGREGATES_VIEW)
def catalogue(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    indicators = list(indicators_for_district(district=access.district, include_hidden=True))
    hidden = hidden_indicator_ids(district=access.district)
    measures = list(measures_for_district(district=access.district))
    slots = measure_slots(measure_ids=[m.pk for m in measures])
    # Fields of action in their fixed order (as on the dashboard), not by first indicator.
    groups: dict[str, list[Any]] = {str(label): [] for _f, label in FieldOfAction.choices}
    for indicator in indicators:
        groups[indicator.get_field_display()].append((indicator, indicator.pk in hidden))
    groups = {label: rows for label, rows in groups.items() if rows}
    return render(
        request,
        "monitoring/catalogue.html",
        {
            "title": _("Indicator catalogue"),
            "access": access,
            "groups": groups,
            "measures": [(m, slots.get(m.pk, [])) for m in measures],
            "can_plan": access.can(Capability.PLANNING_EDIT),
            "breadcrumbs": crumbs(access, (_("Indicator catalogue"), "")),
        },
    )


@require_POST
@district_view(Capability.PLANNING_EDIT)
def indicator_visibility(
    request: HttpRequest, access: DistrictAccess, indicator_code: str
) -> HttpResponse:
    indicator = indicator_get_for_user(
        access=access, code=indicator_code, capability=Capability.PLANNING_EDIT
    )
    hide = request.POST.get("hide") == "1"
    try:
        services.indicator_visibility_set(access=access, indicator=indicator, hidden=hide)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The indicator is hidden in this district.")
            if hide
            else _("The indicator is shown again."),
        )
    return redirect("monitoring:catalogue", district=access.district.slug)


def _editor_context(access: DistrictAccess) -> dict[str, Any]:
    info = catalogue_info(district=access.district)
    measures = {m.code: m for m in measures_for_district(district=access.district)}
    return {
        "formula_measures": [
            (measures[code], spec.categories, spec.options)
            for code, spec in sorted(info.measures.items())
            if code in measures
        ],
    }


def _indicator_form_page(
    request: HttpRequest, access: DistrictAccess, form: IndicatorForm, title: str, cancel: str
) -> HttpResponse:
    return render(
        request,
        "monitoring/indicator_form.html",
        {
            "title": title,
            "access": access,
            "form": form,
            "cancel": cancel,
            **_editor_context(access),
            "breadcrumbs": crumbs(
                access,
                (
                    _("Indicator catalogue"),
                    reverse("monitoring:catalogue", kwargs={"district": access.district.slug}),
                ),
                (title, ""),
            ),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def indicator_create(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = IndicatorForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(
                access=access,
                code=form.cleaned_data["code"],
                field=form.cleaned_data["field"],
                definition=form.to_definition(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The indicator was added; its values are being computed."))
            return redirect(
                "monitoring:indicator", district=access.district.slug, indicator_code=indicator.code
            )
    cancel = reverse("monitoring:catalogue", kwargs={"district": access.district.slug})
    return _indicator_form_page(request, access, form, _("Add an indicator"), cancel)


def _form_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


@district_view(Capability.PLANNING_EDIT)
def indicator_edit(
    request: HttpRequest, access: DistrictAccess, indicator_code: str
) -> HttpResponse:
    indicator = indicator_get_for_user(
        access=access, code=indicator_code, capability=Capability.PLANNING_EDIT
    )
    if indicator.is_standard:
        messages.info(
            request, _("Standard indicators cannot be changed. Hide it and add your own version.")
        )
        return redirect(
            "monitoring:indicator", district=access.district.slug, indicator_code=indicator_code
        )
    version = indicator.definition
    initial = {
        "code": indicator.code,
        "field": indicator.field,
        **{
            name: getattr(version, name)
            for name in (
                "title_de",
                "title_en",
                "numerator",
                "denominator",
                "kind",
                "direction",
                "breakdowns",
                "short_de",
                "long_de",
                "interpretation_de",
                "sources_de",
                "definition",
            )
        },
    }
    form = IndicatorForm(request.POST or None, initial=initial, access=access, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.indicator_update(
                access=access,
                indicator=indicator,
                field=form.cleaned_data["field"],
                definition=form.to_definition(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Saved as version %(number)s; the values are being recomputed.")
                % {"number": new.number},
            )
            return redirect(
                "monitoring:indicator", district=access.district.slug, indicator_code=indicator_code
            )
    cancel = reverse(
        "monitoring:indicator",
        kwargs={"district": access.district.slug, "indicator_code": indicator_code},
    )
    return _indicator_form_page(request, access, form, _("Edit the indicator"), cancel)


@require_POST
@district_view(Capability.PLANNING_EDIT)
def formula_check(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    """Check a definition and show the value it would give (the formula editor's preview)."""
    form = IndicatorForm(request.POST, access=access)
    form.is_valid()
    data = form.cleaned_data
    definition = services.Definition(
        numerator=str(data.get("numerator", request.POST.get("numerator", ""))),
        denominator=str(data.get("denominator", request.POST.get("denominator", ""))),
        kind=str(data.get("kind", "percent")),
        direction=str(data.get("direction", "neutral")),
        breakdowns=tuple(data.get("breakdowns") or ()),
        title_de=str(data.get("title_de", "")),
    )
    problems = services.formula_problems(access=access, definition=definition)
    preview = None if problems else pages.formula_preview(access.district, definition)
    return render(
        request,
        "monitoring/_formula_check.html",
        {
            "access": access,
            "problems": problems,
            "preview": preview,
            "kind": definition.kind,
            "unit": dict(IndicatorVersion.Kind.choices).get(definition.kind, ""),
        },
    )


def _catalogue_form(
    request: HttpRequest, access: DistrictAccess, form: forms.Form, title: str, intro: str
) -> HttpResponse:
    catalogue = reverse("monitoring:catalogue", kwargs={"district": access.district.slug})
    return render(
        request,
        "monitoring/form.html",
        {
            "title": title,
            "intro": intro,
            "access": access,
            "form": form,
            "cancel": catalogue,
            "breadcrumbs": crumbs(access, (_("Indicator catalogue"), catalogue), (title, "")),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def measure_create(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = MeasureForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_create(
                access=access,
                code=data["code"],
                name_de=data["name_de"],
                name_en=data["name_en"],
                description_de=data["description_de"],
                unit_de=data["unit_de"],
                unit_en="",
                aggregation=data["aggregation"],
                reference=data["reference"],
                source_note=data["source_note"],
                categories=list(data["categories"]),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("The measure was added; import data for it or use it in an indicator.")
            )
            return redirect("monitoring:catalogue", district=access.district.slug)
    return _catalogue_form(
        request,
        access,
        form,
        _("Add a measure"),
        _(
            "A measure is something that is counted, for example “participants of the welcome course”. Its "
            "values come from imports."
        ),
    )


@district_view(Capability.PLANNING_EDIT)
def category_create(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.category_create(
                access=access,
                code=data["code"],
                name_de=data["name_de"],
                name_en=data["name_en"],
                options=data["options"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The category was added."))
            return redirect("monitoring:catalogue", district=access.district.slug)
    return _catalogue_form(
        request,
        access,
        form,
        _("Add a category"),
        _(
            "A category breaks a measure down, for example “course provider” with one option per provider."
        ),
    )
