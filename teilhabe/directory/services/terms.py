"""A district's own taxonomy terms (categories, target groups, languages, accessibility
features, topics) besides Teilhabe's standard vocabulary: create, change (with names
in other languages), delete while unused. Entries that use a renamed term are
re-indexed, so that the search finds them by the new name."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from teilhabe.audit.services import audit_record
from teilhabe.directory.models import Event, Location, Organisation, Service, TaxonomyTerm
from teilhabe.directory.safety import clean_text
from teilhabe.directory.services.common import search_reindex
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability

#: The entry fields that hold terms, per model.
TERM_FIELDS: dict[type[Any], tuple[str, ...]] = {
    Organisation: ("target_groups", "topics", "languages"),
    Service: ("categories", "target_groups", "languages"),
    Event: ("categories", "target_groups", "languages"),
    Location: ("accessibility",),
}


def term_usage(term: TaxonomyTerm) -> int:
    """How many entries use the term."""
    return sum(
        model.objects.filter(**{field: term}).count()
        for model, fields in TERM_FIELDS.items()
        for field in fields
    )


def _own(access: DistrictAccess, term: TaxonomyTerm) -> None:
    if term.district_id != access.district.pk:
        raise ValidationError(_("Teilhabe's standard terms cannot be changed here."))


@transaction.atomic
def term_save(
    *,
    access: DistrictAccess,
    term: TaxonomyTerm | None,
    vocabulary: str = "",
    name: str,
    names: dict[str, str],
    position: int = 100,
    code: str = "",
) -> TaxonomyTerm:
    """Create (``term=None``: ``vocabulary`` and optionally ``code`` are needed) or
    change one of the district's own terms. ``names``: language code → name."""
    access.require(Capability.DIRECTORY_EDIT)
    creating = term is None
    if term is None:
        code = slugify(code or name)[:60]
        if not code:
            raise ValidationError(_("Give the term a name with letters or digits."))
        if TaxonomyTerm.objects.filter(
            vocabulary=vocabulary, code=code, district__isnull=True
        ).exists():
            raise ValidationError(
                _("Teilhabe's standard vocabulary already has the code “%(code)s”.")
                % {"code": code}
            )
        term = TaxonomyTerm(district=access.district, vocabulary=vocabulary, code=code)
    else:
        _own(access, term)
    before = {"name": term.name, "names": dict(term.names), "position": term.position}
    term.name = clean_text(name).strip()
    term.names = {
        lang: clean_text(text).strip() for lang, text in sorted(names.items()) if text.strip()
    }
    term.position = position
    term.full_clean()
    term.save()
    after = {"name": term.name, "names": term.names, "position": term.position}
    changes: dict[str, Any] = {
        k: [str(before[k]), str(v)] for k, v in after.items() if before[k] != v
    }
    audit_record(
        actor=access.user,
        action=f"directory.term.{'create' if creating else 'update'}",
        district_id=access.district.pk,
        obj=term,
        changes=changes if not creating else {"name": term.name, "code": term.code},
    )
    if not creating and ("name" in changes or "names" in changes):
        for model, fields in TERM_FIELDS.items():
            if model is Location:
                continue  # places are found through their offers, not indexed
            for field in fields:
                for entry in model.objects.filter(**{field: term}, district=access.district):
                    search_reindex(entry)
    return term


@transaction.atomic
def term_delete(*, access: DistrictAccess, term: TaxonomyTerm) -> None:
    """Delete one of the district's own terms that no entry uses."""
    access.require(Capability.DIRECTORY_EDIT)
    _own(access, term)
    used = term_usage(term)
    if used:
        raise ValidationError(
            _("“%(name)s” is used by %(count)s entries; remove it from them first.")
            % {"name": term.name, "count": used}
        )
    audit_record(
        actor=access.user,
        action="directory.term.delete",
        district_id=access.district.pk,
        obj=term,
        changes={"name": term.name, "code": term.code},
    )
    term.delete()
