"""The district's vocabulary in the office: Teilhabe's standard terms (read only) and
the district's own categories, target groups, languages, accessibility features and
topics, with their names in the public languages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.directory.forms import TermForm
from teilhabe.directory.models import TaxonomyTerm, Vocabulary
from teilhabe.directory.selectors import office as sel
from teilhabe.directory.services import terms as svc
from teilhabe.directory.views.office import crumbs
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability

EDIT = Capability.DIRECTORY_EDIT


def _list_url(access: DistrictAccess) -> str:
    return reverse("directory:terms", kwargs={"district": access.district.slug})


def _save(access: DistrictAccess, form: TermForm, term: TaxonomyTerm | None) -> bool:
    try:
        svc.term_save(
            access=access,
            term=term,
            vocabulary=form.cleaned_data.get("vocabulary") or "",
            name=form.cleaned_data["name"],
            names=form.names(),
            position=form.cleaned_data["position"],
            code=form.cleaned_data.get("code") or "",
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


@district_view(EDIT)
def terms(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save(access, form, None):
        messages.success(request, _("The term was added."))
        return redirect(_list_url(access))
    vocabularies = [
        (value, label, found)
        for (value, label), found in zip(
            Vocabulary.choices, sel.terms_of_district(access=access).values(), strict=True
        )
    ]
    return render(
        request,
        "directory/office/terms.html",
        {
            "title": _("Terms"),
            "access": access,
            "form": form,
            "vocabularies": vocabularies,
            "breadcrumbs": crumbs(access, (_("Terms"), "")),
        },
    )


@district_view(EDIT)
def term_edit(request: HttpRequest, access: DistrictAccess, term_id: int) -> HttpResponse:
    term = sel.term_get_for_user(access=access, term_id=term_id)
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            svc.term_delete(access=access, term=term)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The term was deleted."))
            return redirect(_list_url(access))
        form = TermForm(term=term)
    else:
        form = TermForm(request.POST or None, term=term)
        if request.method == "POST" and form.is_valid() and _save(access, form, term):
            messages.success(request, _("Saved."))
            return redirect(_list_url(access))
    return render(
        request,
        "directory/office/term_form.html",
        {
            "title": _("Term: %(name)s") % {"name": term.name},
            "access": access,
            "form": form,
            "term": term,
            "usage": svc.term_usage(term),
            "cancel_url": _list_url(access),
            "breadcrumbs": crumbs(access, (_("Terms"), _list_url(access)), (term.name, "")),
        },
    )
