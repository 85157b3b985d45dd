"""Community submissions without an account, and reports of public entries.

A submission is stored unconfirmed; the submitter gets a mail with a private link.
Confirming the address through it (double opt-in) puts the proposal in the
moderation queue, or publishes it at once when the address belongs to an
organisation the office has verified (post-moderation). Moderators approve or
reject with a reason that is mailed to the submitter. Nothing is ever deleted:
rejected proposals stay with their reason, hidden entries stay hidden.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.areas.models import Area
from teilhabe.audit.services import audit_record
from teilhabe.directory.models import (
    Event,
    Location,
    Organisation,
    Phone,
    Report,
    Service,
    State,
    Submission,
    TaxonomyTerm,
)
from teilhabe.directory.safety import clean_fields, clean_text
from teilhabe.directory.services.common import MODEL_OF_TYPE, EntryModel, entity_type
from teilhabe.directory.services.entries import (
    entry_state_change,
    save_entry,
    service_locations_set,
)
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District
from teilhabe.districts.roles import Capability


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def submission_by_token(*, district: District, token: str) -> Submission | None:
    if not token or len(token) > 100:
        return None
    return Submission.objects.filter(district=district, token_digest=token_digest(token)).first()


def _mail(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    with translation.override(language):
        subject = render_to_string(f"directory/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"directory/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


@transaction.atomic
def submission_create(
    *,
    district: District,
    kind: str,
    data: dict[str, Any],
    name: str,
    email: str,
    language: str,
    link_base: str,
    target: EntryModel | None = None,
) -> tuple[Submission, str]:
    """Store a proposal and mail the confirmation link. Returns it with its token
    (which only the mail carries onward)."""
    if kind not in Submission.Kind.values:
        raise ValidationError(_("Unknown kind of proposal."))
    if target is not None and target.district_id != district.pk:
        raise ValidationError(_("That entry belongs to another district."))
    token = secrets.token_urlsafe(24)
    submission = Submission(
        district=district,
        kind=kind,
        data=clean_fields(data),
        name=clean_text(name)[:200],
        email=email.strip().lower(),
        language=language,
        token_digest=token_digest(token),
        target_type=entity_type(target) if target is not None else "",
        target_id=target.pk if target is not None else None,
    )
    submission.full_clean()
    submission.save()
    link = f"{link_base.rstrip('/')}/submission/{token}/"
    transaction.on_commit(
        lambda: _mail(
            to=submission.email,
            language=language,
            template="confirm",
            context={"submission": submission, "link": link, "district": district},
        )
    )
    return submission, token


def _verified_organisation(submission: Submission) -> Organisation | None:
    for organisation in Organisation.objects.filter(
        district=submission.district, verified=True, state=State.PUBLISHED
    ):
        if submission.email in organisation.verified_email_list():
            return organisation
    return None


@transaction.atomic
def submission_confirm(*, submission: Submission) -> Submission:
    """Double opt-in: the submitter opened the private link and confirmed."""
    if submission.state != Submission.State.UNCONFIRMED:
        return submission
    submission.confirmed_at = timezone.now()
    verified = _verified_organisation(submission)
    if verified is not None:
        submission.verified_organisation = verified
        _apply(submission, actor=None)
        submission.state = Submission.State.PUBLISHED_UNREVIEWED
    else:
        submission.state = Submission.State.PENDING
    submission.save()
    audit_record(
        actor=None,
        action="directory.submission.confirm",
        district_id=submission.district_id,
        obj=submission,
        changes={"state": submission.state},
    )
    return submission


@transaction.atomic
def submission_edit(*, submission: Submission, data: dict[str, Any]) -> Submission:
    """The submitter changed the proposal through the private link (while pending)."""
    if submission.state not in {Submission.State.UNCONFIRMED, Submission.State.PENDING}:
        raise ValidationError(
            _("This proposal has already been decided and can no longer be changed.")
        )
    submission.data = clean_fields(data)
    submission.save(update_fields=["data", "updated_at"])
    audit_record(
        actor=None,
        action="directory.submission.edit",
        district_id=submission.district_id,
        obj=submission,
    )
    return submission


@transaction.atomic
def submission_withdraw(*, submission: Submission) -> None:
    if submission.state not in {Submission.State.UNCONFIRMED, Submission.State.PENDING}:
        raise ValidationError(_("This proposal has already been decided."))
    submission.state = Submission.State.WITHDRAWN
    submission.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=None,
        action="directory.submission.withdraw",
        district_id=submission.district_id,
        obj=submission,
    )


@transaction.atomic
def submission_approve(
    *, access: DistrictAccess, submission: Submission, link_base: str = ""
) -> EntryModel:
    """Publish a pending proposal (creating or correcting the entry) and tell the submitter."""
    access.require(Capability.MODERATE)
    if submission.district_id != access.district.pk:
        raise ValidationError(_("That proposal belongs to another district."))
    if submission.state != Submission.State.PENDING:
        raise ValidationError(_("Only proposals waiting for review can be approved."))
    entry = _apply(submission, actor=access.user)
    _decide(submission, access.user, Submission.State.APPROVED)
    entry_link = f"{link_base.rstrip('/')}/{_public_path(entry)}" if link_base else ""
    transaction.on_commit(
        lambda: _mail(
            to=submission.email,
            language=submission.language,
            template="approved",
            context={"submission": submission, "district": submission.district, "link": entry_link},
        )
    )
    return entry


@transaction.atomic
def submission_reject(*, access: DistrictAccess, submission: Submission, reason: str) -> None:
    """Refuse a proposal with a reason, which is mailed to the submitter."""
    access.require(Capability.MODERATE)
    if submission.district_id != access.district.pk:
        raise ValidationError(_("That proposal belongs to another district."))
    reason = clean_text(reason).strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; the submitter receives it.")})
    if submission.state not in {Submission.State.PENDING, Submission.State.PUBLISHED_UNREVIEWED}:
        raise ValidationError(_("This proposal has already been decided."))
    if submission.state == Submission.State.PUBLISHED_UNREVIEWED and submission.result_type:
        entry = MODEL_OF_TYPE[submission.result_type].objects.get(pk=submission.result_id or 0)
        entry_state_change(entry=entry, state=State.HIDDEN, reason=reason, actor=access.user)
    submission.rejection_reason = reason
    _decide(submission, access.user, Submission.State.REJECTED)
    transaction.on_commit(
        lambda: _mail(
            to=submission.email,
            language=submission.language,
            template="rejected",
            context={"submission": submission, "district": submission.district, "reason": reason},
        )
    )


@transaction.atomic
def submission_mark_reviewed(*, access: DistrictAccess, submission: Submission) -> None:
    """Post-moderation: a moderator checked a directly published proposal."""
    access.require(Capability.MODERATE)
    if submission.district_id != access.district.pk:
        raise ValidationError(_("That proposal belongs to another district."))
    if submission.state != Submission.State.PUBLISHED_UNREVIEWED:
        raise ValidationError(_("This proposal needs no review afterwards."))
    _decide(submission, access.user, Submission.State.APPROVED)


def _decide(submission: Submission, user: User, state: str) -> None:
    before = submission.state
    submission.state = state
    submission.decided_at = timezone.now()
    submission.decided_by = user
    submission.full_clean()
    submission.save()
    audit_record(
        actor=user,
        action=f"directory.submission.{state}",
        district_id=submission.district_id,
        obj=submission,
        changes={"state": [before, state], "reason": submission.rejection_reason},
    )


def _public_path(entry: EntryModel) -> str:
    prefix = {"service": "offers", "event": "events", "organisation": "organisations"}.get(
        entity_type(entry), ""
    )
    return f"{prefix}/{entry.pk}/" if prefix else ""


# --- turning a proposal into entries ----------------------------------------------------


def _terms(district: District, vocabulary: str, codes: Any) -> list[TaxonomyTerm]:
    if not codes:
        return []
    return list(
        TaxonomyTerm.objects.filter(vocabulary=vocabulary, code__in=list(codes)).filter(
            district__isnull=True
        )
        | TaxonomyTerm.objects.filter(
            vocabulary=vocabulary, code__in=list(codes), district=district
        )
    )


def _gemeinde(district: District, code: str) -> Area | None:
    if not code:
        return None
    return Area.objects.gemeinden().current().filter(parent=district.kreis_id, code=code).first()


def _organisation_for(submission: Submission, name: str, actor: User | None) -> Organisation:
    district = submission.district
    if submission.verified_organisation is not None and not name:
        return submission.verified_organisation
    found = (
        Organisation.objects.filter(district=district, name__iexact=name.strip()).first()
        if name
        else None
    )
    if found is not None:
        return found
    return save_entry(
        obj=Organisation(district=district),
        data={
            "name": name.strip() or submission.name or _("Private initiative"),
            "kind": Organisation.Kind.INITIATIVE,
            "owner_email": submission.email,
            "state": State.PUBLISHED,
        },
        actor=actor,
        by=_("public proposal"),
    )


def _location_for(
    submission: Submission, organisation: Organisation | None, actor: User | None
) -> Location | None:
    data = submission.data
    if not (data.get("place_name") or data.get("address")):
        return None
    district = submission.district
    gemeinde = _gemeinde(district, data.get("gemeinde", ""))
    name = data.get("place_name") or data.get("address")
    existing = Location.objects.filter(
        district=district, name__iexact=name, address_1__iexact=data.get("address", "")
    ).first()
    if existing is not None:
        return existing
    return save_entry(
        obj=Location(district=district),
        data={
            "name": name,
            "address_1": data.get("address", ""),
            "postal_code": data.get("postal_code", ""),
            "city": gemeinde.name.split(",")[0] if gemeinde else "",
            "gemeinde": gemeinde,
            "organisation": organisation,
            "state": State.PUBLISHED,
            "owner_email": submission.email,
        },
        actor=actor,
        by=_("public proposal"),
    )


def _event_times(data: dict[str, Any]) -> tuple[datetime, datetime | None, str]:
    zone = ZoneInfo(settings.TIME_ZONE)
    day = date.fromisoformat(data["start_date"])
    start = datetime.combine(day, time.fromisoformat(data["start_time"]), tzinfo=zone)
    end = (
        datetime.combine(day, time.fromisoformat(data["end_time"]), tzinfo=zone)
        if data.get("end_time")
        else None
    )
    rule = ""
    if data.get("repeat") in {"WEEKLY", "MONTHLY"} and data.get("repeat_until"):
        until = date.fromisoformat(data["repeat_until"]).strftime("%Y%m%dT235959")
        rule = f"FREQ={data['repeat']};UNTIL={until}"
    return start, end, rule


def _apply(submission: Submission, *, actor: User | None) -> EntryModel:
    data = submission.data
    district = submission.district
    by = actor.get_username() if actor else _("public proposal")
    common = {"state": State.PUBLISHED, "owner_email": submission.email}
    entry: EntryModel
    if submission.kind == Submission.Kind.CORRECTION:
        model = MODEL_OF_TYPE[submission.target_type]
        entry = model.objects.get(pk=submission.target_id or 0, district=district)
        title_field = "title" if isinstance(entry, Event) else "name"
        changes = {title_field: data.get("title", "")}
        for name in ("description", "email", "url"):
            if hasattr(entry, name):
                changes[name] = data.get(name, "")
        if isinstance(entry, Organisation):
            changes["website"] = data.get("url", "")
            changes.pop("url", None)
        changes = {k: v for k, v in changes.items() if v and v != getattr(entry, k)}
        entry = save_entry(obj=entry, data=changes, actor=actor, by=by, action="correction")  # type: ignore[type-var]
    elif submission.kind == Submission.Kind.EVENT:
        organisation = _organisation_for(submission, data.get("organiser", ""), actor)
        start, end, rule = _event_times(data)
        entry = save_entry(
            obj=Event(district=district),
            data={
                "title": data["title"],
                "description": data.get("description", ""),
                "organisation": organisation,
                "location": _location_for(submission, organisation, actor),
                "start": start,
                "end": end,
                "rrule": rule,
                "timezone": settings.TIME_ZONE,
                "attending_type": data.get("attending_type", "in_person"),
                "online_url": data.get("online_url", ""),
                "registration_url": data.get("url", ""),
                "free_of_charge": bool(data.get("free_of_charge")),
                **common,
            },
            m2m={
                "categories": _terms(district, "category", data.get("categories")),
                "target_groups": _terms(district, "target_group", data.get("target_groups")),
                "languages": _terms(district, "language", data.get("languages")),
            },
            actor=actor,
            by=by,
        )
    elif submission.kind == Submission.Kind.SERVICE:
        organisation = _organisation_for(submission, data.get("organiser", ""), actor)
        entry = save_entry(
            obj=Service(district=district),
            data={
                "name": data["title"],
                "description": data.get("description", ""),
                "organisation": organisation,
                "attending_type": data.get("attending_type", "in_person"),
                "url": data.get("url", ""),
                "email": data.get("email", ""),
                "free_of_charge": bool(data.get("free_of_charge")),
                **common,
            },
            m2m={
                "categories": _terms(district, "category", data.get("categories")),
                "target_groups": _terms(district, "target_group", data.get("target_groups")),
                "languages": _terms(district, "language", data.get("languages")),
            },
            actor=actor,
            by=by,
        )
        location = _location_for(submission, organisation, actor)
        if location is not None:
            service_locations_set(service=entry, locations=[location])
        if data.get("phone"):
            Phone.objects.create(service=entry, number=data["phone"])
    else:
        entry = save_entry(
            obj=Organisation(district=district),
            data={
                "name": data["title"],
                "description": data.get("description", ""),
                "kind": data.get("organisation_kind", Organisation.Kind.OTHER),
                "website": data.get("url", ""),
                "email": data.get("email", ""),
                **common,
            },
            m2m={
                "target_groups": _terms(district, "target_group", data.get("target_groups")),
                "languages": _terms(district, "language", data.get("languages")),
            },
            actor=actor,
            by=by,
        )
        _location_for(submission, entry, actor)
        if data.get("phone"):
            Phone.objects.create(organisation=entry, number=data["phone"])
    submission.result_type = entity_type(entry)
    submission.result_id = entry.pk
    return entry


def submission_diff(submission: Submission) -> list[tuple[str, str, str]]:
    """(field, current, proposed) for the moderation queue's diff view."""
    data = submission.data
    current: dict[str, str] = {}
    if submission.kind == Submission.Kind.CORRECTION and submission.target_type:
        model = MODEL_OF_TYPE[submission.target_type]
        entry = model.objects.filter(pk=submission.target_id or 0).first()
        if entry is not None:
            current = {
                "title": str(getattr(entry, "title", None) or getattr(entry, "name", "")),
                "description": entry.description,
                "email": getattr(entry, "email", ""),
                "url": str(
                    getattr(entry, "url", None)
                    or getattr(entry, "website", "")
                    or getattr(entry, "registration_url", "")
                ),
            }
    rows = []
    for key in sorted(set(current) | set(data)):
        proposed = data.get(key, "")
        shown = ", ".join(map(str, proposed)) if isinstance(proposed, list) else str(proposed)
        rows.append((key, str(current.get(key, "")), shown))
    return rows


# --- reports ------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, district: District, entry: EntryModel, reason: str, message: str) -> Report:
    if entry.district_id != district.pk or entry.state != State.PUBLISHED:
        raise ValidationError(_("This entry cannot be reported."))
    report = Report(
        district=district,
        target_type=entity_type(entry),
        target_id=entry.pk,
        reason=reason,
        message=clean_text(message)[:2000],
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=None,
        action="directory.report.create",
        district_id=district.pk,
        obj=report,
        changes={"reason": reason},
    )
    return report


@transaction.atomic
def report_resolve(*, access: DistrictAccess, report: Report, outcome: str, note: str = "") -> None:
    """Close a report: keep the entry, hide it (never delete), or note that it was corrected."""
    access.require(Capability.MODERATE)
    if report.district_id != access.district.pk:
        raise ValidationError(_("That report belongs to another district."))
    if outcome not in {Report.State.KEPT, Report.State.HIDDEN, Report.State.CORRECTED}:
        raise ValidationError(_("Unknown outcome."))
    entry = MODEL_OF_TYPE[report.target_type].objects.filter(pk=report.target_id).first()
    if outcome == Report.State.HIDDEN and entry is not None:
        entry_state_change(
            entry=entry,
            state=State.HIDDEN,
            reason=note or report.get_reason_display(),
            actor=access.user,
        )
    # Every open report of the same entry is settled by the same decision.
    open_reports = Report.objects.filter(
        district=access.district,
        target_type=report.target_type,
        target_id=report.target_id,
        state=Report.State.OPEN,
    )
    for item in open_reports:
        item.state = outcome
        item.resolved_at = timezone.now()
        item.resolved_by = access.user
        item.resolution_note = clean_text(note)[:2000]
        item.save()
    audit_record(
        actor=access.user,
        action="directory.report.resolve",
        district_id=access.district.pk,
        obj=report,
        changes={"outcome": outcome, "note": note},
    )
