"""Writes of the surveys module: surveys, questionnaire versions, waves, codes, media,
responses. Officers' writes check the capability and leave an audit entry; the
respondent's writes (drafts, responses) leave none, so that anonymous answers carry
no time of day anywhere."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.audit.services import audit_record
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.form import Form, empty_definition
from teilhabe.surveys.engine.messages import Message
from teilhabe.surveys.engine.xlsform import ImportResult, read_xlsform
from teilhabe.surveys.hotpath import store_response
from teilhabe.surveys.models import (
    AccessCode,
    MeasureLink,
    QuestionnaireVersion,
    Response,
    ResponseDraft,
    Survey,
    SurveyMedia,
    Wave,
)

#: Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MEDIA_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "audio/mpeg": ".mp3",
    "audio/ogg": ".ogg",
    "audio/mp4": ".m4a",
    "audio/wav": ".wav",
}
MEDIA_MAX_BYTES = 5 * 1024 * 1024


class SurveyError(Exception):
    """A request that cannot be carried out, in plain words."""


class EditConflictError(SurveyError):
    """Someone else saved the questionnaire in the meantime."""


def today() -> date:
    return timezone.localdate()


def _unique_slug(district_id: int, title: str) -> str:
    base = slugify(title)[:50] or "umfrage"
    slug, n = base, 1
    while Survey.objects.filter(district_id=district_id, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def survey_create(
    *,
    access: DistrictAccess,
    title: str,
    definition: dict[str, Any] | None = None,
    anonymous: bool = True,
    is_demo: bool = False,
) -> Survey:
    access.require(Capability.PLANNING_EDIT)
    title = title.strip()
    survey = Survey(
        district=access.district,
        title=title,
        slug=_unique_slug(access.district.pk, title),
        anonymous=anonymous,
        created_by=access.user,
        is_demo=is_demo,
    )
    survey.full_clean()
    survey.save()
    data = definition or empty_definition(title=title)
    version = QuestionnaireVersion(survey=survey, number=1, definition=data)
    version.full_clean()
    version.save()
    audit_record(
        actor=access.user,
        action="surveys.survey_create",
        district_id=access.district.pk,
        obj=survey,
    )
    return survey


@transaction.atomic
def survey_update(*, access: DistrictAccess, survey: Survey, changes: dict[str, Any]) -> Survey:
    """Change a survey's settings (``changes`` maps field names to new values)."""
    access.require(Capability.PLANNING_EDIT)
    fields = changes
    allowed = {
        "title",
        "description",
        "anonymous",
        "min_group_size",
        "access",
        "gemeinde_question",
        "slug",
    }
    before = {name: getattr(survey, name) for name in fields}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(survey, name, value)
    if (
        survey.responses.exists()
        and "anonymous" in fields
        and before["anonymous"]
        and not survey.anonymous
    ):
        raise ValidationError(
            {"anonymous": _("This survey has anonymous answers already; it stays anonymous.")}
        )
    survey.full_clean()
    survey.save()
    changes = {
        k: [before[k], getattr(survey, k)] for k in fields if before[k] != getattr(survey, k)
    }
    if changes:
        audit_record(
            actor=access.user,
            action="surveys.survey_update",
            district_id=access.district.pk,
            obj=survey,
            changes=changes,
        )
    return survey


@transaction.atomic
def survey_delete(*, access: DistrictAccess, survey: Survey) -> None:
    access.require(Capability.PLANNING_EDIT)
    if survey.responses.exists():
        raise SurveyError(_("A survey with answers cannot be deleted; close its wave instead."))
    audit_record(
        actor=access.user,
        action="surveys.survey_delete",
        district_id=access.district.pk,
        obj=survey,
    )
    Survey.objects.filter(pk=survey.pk).update(published_version=None)
    survey.delete()


# --- questionnaire versions -------------------------------------------------------------------


def latest_version(survey: Survey) -> QuestionnaireVersion:
    version = survey.versions.order_by("-number").first()
    if version is None:  # every survey is created with a version
        raise SurveyError(_("This survey has no questionnaire."))
    return version


def _editable_version(survey: Survey) -> QuestionnaireVersion:
    """The version the builder writes to: the latest, or a new one if it has answers."""
    version = latest_version(survey)
    if not version.frozen:
        return version
    fresh = QuestionnaireVersion(
        survey=survey, number=version.number + 1, definition=version.definition
    )
    fresh.full_clean()
    fresh.save()
    return fresh


def revision_token(version: QuestionnaireVersion) -> str:
    """What the builder's forms carry to detect edits by someone else in between."""
    return f"{version.number}.{version.revision}"


@transaction.atomic
def questionnaire_change(
    *,
    access: DistrictAccess,
    survey: Survey,
    revision: str | None,
    change: Callable[[Form], None],
    action: str = "surveys.questionnaire_change",
    summary: dict[str, Any] | None = None,
) -> QuestionnaireVersion:
    """Apply one change to the questionnaire. ``revision`` is :func:`revision_token` of
    the version the officer saw; if someone saved since, nothing changes and
    :class:`EditConflictError` says so."""
    access.require(Capability.PLANNING_EDIT)
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    if revision is not None and revision != revision_token(latest_version(survey)):
        raise EditConflictError(
            _(
                "Someone else changed this questionnaire in the meantime. Your change was not "
                "saved; the page now shows the current state."
            )
        )
    version = _editable_version(survey)
    form = version.form
    change(form)
    version.definition = form.data
    version.revision = F("revision") + 1
    version.save(update_fields=["definition", "revision", "updated_at"])
    version.refresh_from_db(fields=["revision"])
    audit_record(
        actor=access.user,
        action=action,
        district_id=access.district.pk,
        obj=survey,
        changes={"version": version.number, **(summary or {})},
    )
    return version


@dataclass
class ImportOutcome:
    result: ImportResult
    survey: Survey | None = None
    version: QuestionnaireVersion | None = None


@transaction.atomic
def questionnaire_import(
    *, access: DistrictAccess, data: bytes, survey: Survey | None = None, title: str = ""
) -> ImportOutcome:
    """Read an XLSForm; create a survey from it, or replace the questionnaire of
    ``survey`` (as a new version if the current one has answers). Nothing is stored
    when the form has errors."""
    access.require(Capability.PLANNING_EDIT)
    result = read_xlsform(data)
    if not result.ok or result.form is None:
        return ImportOutcome(result)
    form = result.form
    if survey is None:
        survey = survey_create(
            access=access,
            title=(title or form.title(form.source_language) or _("Imported survey"))[:200],
            definition=form.data,
        )
        version = latest_version(survey)
    else:
        version = _editable_version(survey)
        version.definition = form.data
        version.revision = F("revision") + 1
        version.save(update_fields=["definition", "revision", "updated_at"])
        version.refresh_from_db(fields=["revision"])
    audit_record(
        actor=access.user,
        action="surveys.questionnaire_import",
        district_id=access.district.pk,
        obj=survey,
        changes={"version": version.number, "notes": len(result.notes)},
    )
    return ImportOutcome(result, survey, version)


@transaction.atomic
def survey_publish(*, access: DistrictAccess, survey: Survey) -> list[Message]:
    """Make the latest version the one respondents get. Returns the problems that stop
    it (nothing is changed then)."""
    access.require(Capability.PLANNING_EDIT)
    version = latest_version(survey)
    problems = version.reader.problems()
    if problems:
        return problems
    survey.published_version = version
    survey.save(update_fields=["published_version", "updated_at"])
    if not survey.waves.exists():
        wave_create(
            access=access, survey=survey, name=_("Wave 1"), opens_on=today(), closes_on=None
        )
    audit_record(
        actor=access.user,
        action="surveys.survey_publish",
        district_id=access.district.pk,
        obj=survey,
        changes={"version": version.number},
    )
    return []


@transaction.atomic
def wave_create(
    *, access: DistrictAccess, survey: Survey, name: str, opens_on: date, closes_on: date | None
) -> Wave:
    access.require(Capability.PLANNING_EDIT)
    wave = Wave(survey=survey, name=name.strip(), opens_on=opens_on, closes_on=closes_on)
    wave.full_clean()
    overlapping = survey.waves.exclude(pk=wave.pk).filter(opens_on__lte=closes_on or date.max)
    for other in overlapping:
        if other.closes_on is None or other.closes_on >= opens_on:
            raise ValidationError(
                _("The wave overlaps with %(name)s; close that one first.") % {"name": other.name}
            )
    wave.save()
    audit_record(
        actor=access.user,
        action="surveys.wave_create",
        district_id=access.district.pk,
        obj=survey,
        changes={"wave": wave.name, "opens": opens_on, "closes": closes_on},
    )
    return wave


@transaction.atomic
def wave_update(
    *, access: DistrictAccess, wave: Wave, name: str, opens_on: date, closes_on: date | None
) -> Wave:
    access.require(Capability.PLANNING_EDIT)
    before = (wave.name, wave.opens_on, wave.closes_on)
    wave.name, wave.opens_on, wave.closes_on = name.strip(), opens_on, closes_on
    wave.full_clean()
    for other in wave.survey.waves.exclude(pk=wave.pk):
        ends = other.closes_on or date.max
        if other.opens_on <= (closes_on or date.max) and ends >= opens_on:
            raise ValidationError(
                _("The wave overlaps with %(name)s; close that one first.") % {"name": other.name}
            )
    wave.save()
    audit_record(
        actor=access.user,
        action="surveys.wave_update",
        district_id=access.district.pk,
        obj=wave.survey,
        changes={"wave": [before, (wave.name, opens_on, closes_on)]},
    )
    return wave


def current_wave(survey: Survey, on: date | None = None) -> Wave | None:
    on = on or today()
    return (
        survey.waves.filter(opens_on__lte=on)
        .exclude(closes_on__lt=on)
        .order_by("-opens_on")
        .first()
    )


# --- access codes and media -------------------------------------------------------------------


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    """A code as typed (lower case, spaces, without the hyphen) in its printed form."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:8]}" if len(cleaned) == 8 else cleaned


@transaction.atomic
def access_codes_create(*, access: DistrictAccess, survey: Survey, count: int) -> list[AccessCode]:
    access.require(Capability.PLANNING_EDIT)
    if not 1 <= count <= 5000:
        raise ValidationError(_("Create between 1 and 5000 codes at a time."))
    batch = (survey.access_codes.aggregate(top=Max("batch"))["top"] or 0) + 1
    existing = set(survey.access_codes.values_list("code", flat=True))
    codes: list[AccessCode] = []
    while len(codes) < count:
        code = _new_code()
        if code in existing:
            continue
        existing.add(code)
        codes.append(AccessCode(survey=survey, code=code, batch=batch))
    AccessCode.objects.bulk_create(codes)
    audit_record(
        actor=access.user,
        action="surveys.access_codes_create",
        district_id=access.district.pk,
        obj=survey,
        changes={"count": count, "batch": batch},
    )
    return list(survey.access_codes.filter(batch=batch))


@transaction.atomic
def media_upload(*, access: DistrictAccess, survey: Survey, upload: UploadedFile) -> SurveyMedia:
    access.require(Capability.PLANNING_EDIT)
    content_type = (upload.content_type or "").split(";")[0].strip()
    if content_type not in MEDIA_TYPES:
        raise ValidationError(
            _("Upload a picture (PNG, JPEG, WebP) or a sound (MP3, OGG, M4A, WAV).")
        )
    if (upload.size or 0) > MEDIA_MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    head = upload.read(16)
    upload.seek(0)
    if content_type.startswith("image/") and not _looks_like_image(head):
        raise ValidationError(_("The file is not a picture."))
    name = slugify((upload.name or "datei").rsplit(".", 1)[0])[:100] + MEDIA_TYPES[content_type]
    media = survey.media.filter(name=name).first() or SurveyMedia(survey=survey, name=name)
    if media.pk and media.file:
        media.file.delete(save=False)
    media.content_type = content_type
    media.size = upload.size or 0
    media.file.save(f"{uuid.uuid4().hex}{MEDIA_TYPES[content_type]}", upload, save=False)
    media.full_clean()
    media.save()
    audit_record(
        actor=access.user,
        action="surveys.media_upload",
        district_id=access.district.pk,
        obj=survey,
        changes={"file": name},
    )
    return media


def _looks_like_image(head: bytes) -> bool:
    return head.startswith((b"\x89PNG", b"\xff\xd8\xff")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    )


@transaction.atomic
def measure_link_create(
    *,
    access: DistrictAccess,
    survey: Survey,
    measure_key: str,
    measure_label: str,
    question: str,
    counted_choices: list[str],
    per_gemeinde: bool = False,
) -> MeasureLink:
    access.require(Capability.PLANNING_EDIT)
    form = latest_version(survey).reader
    if not form.has(question) or form.element(question)["type"] not in engine.CHOICE_TYPES:
        raise ValidationError({"question": _("Choose a single- or multiple-choice question.")})
    names = {c["name"] for c in form.choices(form.element(question))}
    if not counted_choices or not set(counted_choices) <= names:
        raise ValidationError(
            {"counted_choices": _("Choose at least one answer of this question.")}
        )
    if per_gemeinde and not survey.gemeinde_question:
        raise ValidationError({"per_gemeinde": _("This survey does not ask for the Gemeinde.")})
    link = MeasureLink(
        survey=survey,
        measure_key=slugify(measure_key)[:80],
        measure_label=measure_label.strip(),
        question=question,
        counted_choices=counted_choices,
        per_gemeinde=per_gemeinde,
    )
    link.full_clean()
    link.save()
    audit_record(
        actor=access.user,
        action="surveys.measure_link_create",
        district_id=access.district.pk,
        obj=survey,
        changes=link.as_dict(),
    )
    return link


@transaction.atomic
def measure_link_delete(*, access: DistrictAccess, link: MeasureLink) -> None:
    access.require(Capability.PLANNING_EDIT)
    audit_record(
        actor=access.user,
        action="surveys.measure_link_delete",
        district_id=access.district.pk,
        obj=link.survey,
        changes=link.as_dict(),
    )
    link.delete()


# --- the respondent's side --------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


class CodeRefusedError(SurveyError):
    pass


@transaction.atomic
def draft_start(
    *,
    survey: Survey,
    language: str,
    code: str = "",
    entered_by: User | None = None,
) -> tuple[ResponseDraft, str]:
    """Begin answering: a draft and the private token that reaches it again."""
    version = survey.published_version
    if version is None:
        raise SurveyError(_("This survey is not open."))
    access_code = None
    if survey.access == Survey.Access.CODES and entered_by is None:
        access_code = (
            AccessCode.objects.select_for_update()
            .filter(survey=survey, code=normalise_code(code))
            .first()
        )
        if access_code is None or access_code.used:
            raise CodeRefusedError(code)
    token = secrets.token_urlsafe(24)
    day = today()
    draft = ResponseDraft(
        survey=survey,
        version=version,
        token_digest=token_digest(token),
        language=language,
        answers=engine.default_answers(version.reader, on=day),
        access_code=access_code,
        channel=Response.Channel.INTERVIEW if entered_by else Response.Channel.WEB,
        entered_by=entered_by,
        started_on=day,
        updated_on=day,
    )
    draft.full_clean()
    draft.save()
    return draft, token


def draft_save(
    *,
    draft: ResponseDraft,
    answers: dict[str, Any],
    page: int,
    language: str = "",
    consented: bool | None = None,
) -> ResponseDraft:
    """Store the answers so far (a repeated save of the same page simply overwrites)."""
    fields = {"answers": answers, "page": page, "updated_on": today()}
    if language:
        fields["language"] = language
    if consented is not None:
        fields["consented"] = consented
    ResponseDraft.objects.filter(pk=draft.pk, completed=False).update(**fields)
    for name, value in fields.items():
        setattr(draft, name, value)
    return draft


class _CodeTakenError(Exception):
    """The access code was used by another response in the meantime."""


def response_submit(
    *,
    draft: ResponseDraft,
    answers: dict[str, Any] | None = None,
    wave_id: int | None = None,
    settled: bool = False,
) -> Response:
    """Store the response of a draft exactly once.

    A double click, a retry after a dropped connection or a resent form all carry the
    draft's key: the first stores the response, the others get that same response. The
    unique constraint on (survey, submission key) decides, also between concurrent
    requests (the second insert waits for the first and then finds the key taken); the
    response, the used access code, the frozen version and the finished draft are
    written in one transaction.

    ``answers`` are the final answers (by default the draft's stored ones); ``settled``
    says that they are settled for today already (the answer flow does that while
    checking the last page). ``wave_id`` is the open wave if the caller
    looked it up already."""
    if answers is None:
        current = ResponseDraft.objects.filter(pk=draft.pk).values(
            "completed", "response_id", "answers"
        )[0]
        if current["completed"] and current["response_id"]:
            return Response.objects.get(pk=current["response_id"])
        answers, settled = current["answers"], False
    survey = draft.survey
    if wave_id is None:
        wave = current_wave(survey)
        if wave is None:
            raise SurveyError(_("This survey is closed."))
        wave_id = wave.pk
    day = today()
    # A draft never changes its version: its questionnaire is the one the pages used.
    version = draft.version
    response = Response(
        survey_id=draft.survey_id,
        version_id=draft.version_id,
        wave_id=wave_id,
        submission_key=draft.key,
        language=draft.language,
        answers=answers if settled else engine.settle(version.reader, answers, on=day),
        channel=draft.channel,
        day=day,
        submitted_at=None if survey.anonymous else timezone.now(),
        entered_by_id=None if survey.anonymous else draft.entered_by_id,
    )
    if connection.vendor == "postgresql":
        # One statement (see hotpath.store_response): the hot path of public surveys.
        stored = store_response(response, draft_id=draft.pk, code_id=draft.access_code_id)
        if stored is not None:
            response.pk = response.id = stored
            response._state.adding = False
            return response
        return _existing_response(draft)
    try:
        with transaction.atomic():
            response.save()
            if draft.access_code_id and not AccessCode.objects.filter(
                pk=draft.access_code_id, used=False
            ).update(used=True):
                raise _CodeTakenError
            if not version.frozen:
                QuestionnaireVersion.objects.filter(pk=version.pk, frozen=False).update(frozen=True)
            # The draft keeps only what recognises a resend; the answers now live in the
            # response, and the code is no longer linked to anything.
            ResponseDraft.objects.filter(pk=draft.pk).update(
                completed=True, response=response, answers={}, access_code=None, updated_on=day
            )
    except IntegrityError:
        existing = Response.objects.filter(
            survey_id=draft.survey_id, submission_key=draft.key
        ).first()
        if existing is None:
            raise
        return existing
    except _CodeTakenError:
        return _existing_response(draft)
    return response


def _existing_response(draft: ResponseDraft) -> Response:
    """The response stored for a draft's key; when there is none, the draft's access
    code was used by someone else in the meantime."""
    existing = Response.objects.filter(survey_id=draft.survey_id, submission_key=draft.key).first()
    if existing is None:
        raise CodeRefusedError("")
    return existing


def drafts_prune(*, older_than_days: int) -> int:
    """Delete drafts not saved for a while (finished ones and abandoned ones)."""
    limit = today().toordinal() - older_than_days
    deleted, _details = ResponseDraft.objects.filter(
        updated_on__lt=date.fromordinal(limit)
    ).delete()
    return deleted


def interview_audit(*, access: DistrictAccess, survey: Survey) -> None:
    """Staff entering a paper or phone answer is recorded (without linking the answer)."""
    audit_record(
        actor=access.user,
        action="surveys.interview_start",
        district_id=access.district.pk,
        obj=survey,
    )
