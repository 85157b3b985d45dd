"""Imports: upload, column mapping, progress and problems, versions, compare, restore."""

from __future__ import annotations

import json
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
from teilhabe.districts.models import Office
from teilhabe.districts.roles import Capability
from teilhabe.monitoring import mapping as mapping_form
from teilhabe.monitoring.imports.problems import ImportRefused
from teilhabe.monitoring.models import ImportBatch, ObservationSlice, Source
from teilhabe.monitoring.selectors import (
    batch_get_for_user,
    batches_for_user,
    categories_for_district,
    measure_slots,
    measures_for_district,
    sources_for_user,
    templates_for_user,
)
from teilhabe.monitoring.services import imports as services
from teilhabe.monitoring.services import surveys as survey_feeds
from teilhabe.monitoring.views.common import crumbs


class UploadForm(forms.Form):
    source = forms.ModelChoiceField(label=gettext_lazy("Source"), queryset=Source.objects.none())
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of file"),
        choices=[
            (
                ImportBatch.Kind.OFFICE,
                gettext_lazy(
                    "Office table (CSV or Excel): one row per area, period and group, with counts"
                ),
            ),
            (
                ImportBatch.Kind.RECORDS,
                gettext_lazy(
                    "Record-level list (CSV or Excel): one row per person or case, counted on import"
                ),
            ),
            (
                ImportBatch.Kind.GENESIS,
                gettext_lazy("GENESIS, Regionalstatistik or Zensus table (CSV, both layouts)"),
            ),
            (ImportBatch.Kind.RATES, gettext_lazy("Published rates (Regionalatlas file)")),
        ],
        widget=forms.RadioSelect,
        initial=ImportBatch.Kind.OFFICE,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "Record-level lists are counted while they are read; their rows are never stored."
        ),
    )
    with_template = forms.BooleanField(
        label=gettext_lazy("Import at once with the saved template of this source"),
        help_text=gettext_lazy(
            "If the file fits the template (same columns, known labels), the import starts "
            "without the mapping step. Otherwise you see the template filled in."
        ),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, access: DistrictAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources_for_user(access=access)  # type: ignore[attr-defined]


class SourceForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("Source URL"), required=False, assume_scheme="https")

    class Meta:
        model = Source
        fields = ["name", "kind", "office", "publisher", "attribution", "licence", "url"]

    def __init__(self, *args: Any, access: DistrictAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = Office.objects.filter(district=access.district, is_active=True)
        if access.office_ids and not access.can(Capability.PLANNING_EDIT):
            offices = offices.filter(pk__in=access.office_ids)
            self.fields["office"].required = True
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (Source.Kind.OFFICE, Source.Kind.OFFICE.label),
            (Source.Kind.OFFICIAL, Source.Kind.OFFICIAL.label),
            (Source.Kind.SURVEY, Source.Kind.SURVEY.label),
        ]


@district_view(Capability.RECORDS_EDIT)
def import_list(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_upload(
                access=access,
                source=form.cleaned_data["source"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if form.cleaned_data["with_template"]:
                job, template = services.import_start_from_template(access=access, batch=batch)
                if job is not None and template is not None:
                    messages.success(
                        request,
                        _("The import runs with the saved template “%(name)s”.")
                        % {"name": template.name},
                    )
                    return redirect(reverse("jobs:detail", kwargs={"job_id": job.pk}))
                if template is not None:
                    messages.warning(
                        request,
                        _(
                            "The file does not quite fit the saved template “%(name)s” (new "
                            "columns or labels): check the mapping below and start the import."
                        )
                        % {"name": template.name},
                    )
            return redirect(
                "monitoring:import_map", district=access.district.slug, batch_id=batch.pk
            )
    batches = batches_for_user(access=access)[:50]
    return render(
        request,
        "monitoring/imports.html",
        {
            "title": _("Data imports"),
            "access": access,
            "form": form,
            "batches": batches,
            "templates": templates_for_user(access=access),
            "feeds": survey_feeds.survey_feeds(access=access)
            if access.can(Capability.PLANNING_EDIT)
            else [],
            "breadcrumbs": crumbs(access, (_("Data imports"), "")),
        },
    )


@district_view(Capability.RECORDS_EDIT)
def source_create(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = SourceForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_create(access=access, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The source was added."))
            return redirect("monitoring:imports", district=access.district.slug)
    return render(
        request,
        "monitoring/form.html",
        {
            "title": _("Add a source"),
            "access": access,
            "form": form,
            "intro": _(
                "A source is an office or a statistic that delivers data, for example “Ausländerbehörde – AZR "
                "extract” or “Destatis 12411”. Templates are saved per source."
            ),
            "cancel": reverse("monitoring:imports", kwargs={"district": access.district.slug}),
            "breadcrumbs": crumbs(
                access,
                (
                    _("Data imports"),
                    reverse("monitoring:imports", kwargs={"district": access.district.slug}),
                ),
                (_("Add a source"), ""),
            ),
        },
    )


def _mapping_context(
    access: DistrictAccess, batch: ImportBatch, data: dict[str, Any]
) -> dict[str, Any]:
    inspection = services.import_inspect(batch=batch, sheet=str(data.get("sheet") or "") or None)
    categories = {c.code: c for c in categories_for_district(district=access.district)}
    measures = list(measures_for_district(district=access.district))
    slots = measure_slots(measure_ids=[m.pk for m in measures])
    measure_options = [
        (
            m,
            [
                (f"{c.code}={o.code}", f"{c.name}: {o.name}")
                for c in slots.get(m.pk, [])
                for o in c.options.all()
            ],
        )
        for m in measures
    ]
    context: dict[str, Any] = {
        "batch": batch,
        "inspection": inspection,
        "data": data,
        "measures": measures,
        "rate_measures": [m for m in measures if not m.is_additive],
        "categories": list(categories.values()),
        "measure_options": measure_options,
        "total": mapping_form.TOTAL,
    }
    if inspection.genesis is None and inspection.header:
        context["columns"] = mapping_form.columns_for(inspection, data, categories)
        context.update(_area_context(access, inspection, data))
    if inspection.genesis is not None:
        chosen = next((m for m in measures if m.code == data.get("measure")), None)
        context["label_choices"] = [
            (f"{c.code}={o.code}", f"{c.name}: {o.name}")
            for c in (slots.get(chosen.pk, []) if chosen else [])
            for o in c.options.all()
        ]
        info = inspection.genesis
        context["genesis_labels"] = [
            (j, label, str(data.get(f"glabel__{j}", ""))) for j, label in enumerate(info.labels)
        ]
        context["genesis_values"] = [
            (code, label, str(data.get(f"gmeasure__{code}", "")))
            for code, label in info.value_variables
        ]
        context["genesis_dimensions"] = [
            (
                code,
                [
                    (j, attribute, label, str(data.get(f"gopt__{code}__{j}", "")))
                    for j, (attribute, label) in enumerate(attributes)
                ],
                categories.get(str(data.get(f"gdim__{code}", ""))),
            )
            for code, attributes in info.dimensions.items()
        ]
    return context


def _area_context(
    access: DistrictAccess, inspection: services.Inspection, data: dict[str, Any]
) -> dict[str, Any]:
    """The area column's texts that are no key or name of the district's areas, each with
    suggestions and the area chosen for it (kept in the mapping and its template)."""
    column = next(
        (name for i, name in enumerate(inspection.header) if data.get(f"role__{i}") == "area"),
        None,
    )
    if column is None:
        return {}
    names = mapping_form.area_names(data)
    texts = inspection.texts.get(column, [])
    unknown = services.area_texts_check(district=access.district, texts=texts, names={})
    kreis = access.district.kreis
    return {
        "area_column": column,
        "area_count": len(texts),
        "area_names_json": json.dumps(
            {k: v for k, v in names.items() if k not in {u.text for u in unknown}},
            ensure_ascii=False,
        ),
        "unknown_areas": [
            (
                k,
                u.text,
                u.suggestions,
                names.get(u.text, ""),
                names.get(u.text, "") in {code for code, _name in u.suggestions},
            )
            for k, u in enumerate(unknown)
        ],
        "own_areas": [
            (kreis.code, kreis.display_name),
            *Area.objects.gemeinden()
            .current()
            .filter(parent=kreis)
            .order_by("name")
            .values_list("code", "name"),
        ]
        if unknown
        else [],
    }


@district_view(Capability.RECORDS_EDIT)
def import_map(request: HttpRequest, access: DistrictAccess, batch_id: int) -> HttpResponse:
    batch = batch_get_for_user(access=access, batch_id=batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        return redirect(
            "monitoring:import_detail", district=access.district.slug, batch_id=batch.pk
        )
    problems: list[str] = []
    if request.method == "POST":
        data: dict[str, Any] = request.POST.dict()
        if request.POST.get("action") == "start":
            inspection = services.import_inspect(batch=batch, sheet=data.get("sheet") or None)
            if inspection.genesis is not None:
                mapping = mapping_form.genesis_mapping(inspection.genesis, data)
            elif batch.kind == ImportBatch.Kind.RATES:
                mapping = {"measure": data.get("measure", "foreign_share_published")}
            else:
                mapping = mapping_form.table_mapping(batch.kind, inspection, data)
            problems = services.validate_mapping(
                district=access.district, kind=batch.kind, mapping=mapping, header=inspection.header
            )
            if not problems and not inspection.problems:
                job = services.import_start(
                    access=access,
                    batch=batch,
                    mapping=mapping,
                    template_name=data.get("template_name", "").strip(),
                )
                return redirect(reverse("jobs:detail", kwargs={"job_id": job.pk}))
    else:
        inspection = services.import_inspect(batch=batch)
        code = inspection.genesis.code if inspection.genesis else ""
        template = services.template_for(access=access, batch=batch, code=code)
        data = (
            mapping_form.form_data_from(batch.kind, inspection, template.mapping)
            if template
            else {}
        )
        if not data and inspection.header:
            data = mapping_form.guess_roles(inspection)
        if template is not None:
            data["template_name"] = template.name
            messages.info(
                request,
                _("The saved template “%(name)s” was filled in; check it and start the import.")
                % {"name": template.name},
            )
    context = _mapping_context(access, batch, data)
    return render(
        request,
        "monitoring/import_map.html",
        {
            **context,
            "title": _("Map the columns"),
            "access": access,
            "problems": problems,
            "breadcrumbs": crumbs(
                access,
                (
                    _("Data imports"),
                    reverse("monitoring:imports", kwargs={"district": access.district.slug}),
                ),
                (batch.file_name, ""),
            ),
        },
    )


@district_view(Capability.RECORDS_EDIT)
def import_detail(request: HttpRequest, access: DistrictAccess, batch_id: int) -> HttpResponse:
    batch = batch_get_for_user(access=access, batch_id=batch_id)
    slices = list(
        ObservationSlice.objects.filter(batch=batch)
        .select_related("measure", "period")
        .order_by("measure__code", "period__reference_date")
    )
    previous = (
        ImportBatch.objects.filter(
            source=batch.source, status=ImportBatch.Status.DONE, created_at__lt=batch.created_at
        )
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "monitoring/import_detail.html",
        {
            "title": batch.file_name or batch.get_kind_display(),
            "access": access,
            "batch": batch,
            "problems": services.problem_lines(batch),
            "slices": slices,
            "active": any(s.is_active for s in slices),
            "previous": previous,
            "job": batch.job,
            "breadcrumbs": crumbs(
                access,
                (
                    _("Data imports"),
                    reverse("monitoring:imports", kwargs={"district": access.district.slug}),
                ),
                (batch.file_name or str(batch.pk), ""),
            ),
        },
    )


@district_view(Capability.RECORDS_EDIT)
def import_compare(request: HttpRequest, access: DistrictAccess, batch_id: int) -> HttpResponse:
    batch = batch_get_for_user(access=access, batch_id=batch_id)
    other_id = request.GET.get("with", "")
    other = (
        batch_get_for_user(access=access, batch_id=int(other_id)) if other_id.isdigit() else None
    )
    if other is None or other.source_id != batch.source_id:
        other = (
            ImportBatch.objects.filter(
                source=batch.source, status=ImportBatch.Status.DONE, created_at__lt=batch.created_at
            )
            .order_by("-created_at")
            .first()
        )
    rows = services.batch_compare(batch=batch, other=other) if other else []
    return render(
        request,
        "monitoring/import_compare.html",
        {
            "title": _("Compare imports"),
            "access": access,
            "batch": batch,
            "other": other,
            "rows": rows,
            "breadcrumbs": crumbs(
                access,
                (
                    _("Data imports"),
                    reverse("monitoring:imports", kwargs={"district": access.district.slug}),
                ),
                (
                    batch.file_name or str(batch.pk),
                    reverse(
                        "monitoring:import_detail",
                        kwargs={"district": access.district.slug, "batch_id": batch.pk},
                    ),
                ),
                (_("Compare"), ""),
            ),
        },
    )


@require_POST
@district_view(Capability.RECORDS_EDIT)
def import_restore(request: HttpRequest, access: DistrictAccess, batch_id: int) -> HttpResponse:
    batch = batch_get_for_user(access=access, batch_id=batch_id)
    count = services.batch_restore(access=access, batch=batch)
    messages.success(
        request,
        _(
            "This import is in use again for %(count)s measure and period combinations; the values are "
            "being recomputed."
        )
        % {"count": count},
    )
    return redirect("monitoring:import_detail", district=access.district.slug, batch_id=batch.pk)


@require_POST
@district_view(Capability.PLANNING_EDIT)
def survey_take_over(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    """Take over the figures of the district's survey questions that feed measures."""
    try:
        batches = survey_feeds.surveys_take_over(access=access, key=request.POST.get("key", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except ImportRefused as exc:
        messages.error(
            request,
            _("The survey figures were not taken over: %(problems)s")
            % {"problems": " ".join(services.problem_texts(exc.problems)[:5])},
        )
    else:
        if batches:
            messages.success(
                request,
                _(
                    "The survey figures were taken over (%(count)s values); the indicator values "
                    "are being recomputed."
                )
                % {"count": sum(b.observations for b in batches)},
            )
        else:
            messages.info(request, _("The surveys have no figures for the monitoring yet."))
    return redirect("monitoring:imports", district=access.district.slug)
