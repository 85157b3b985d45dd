"""Helpers shared by the officers' pages of the surveys module."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from teilhabe.districts.access import DistrictAccess
from teilhabe.surveys.engine.messages import Message
from teilhabe.surveys.models import Survey


def say(message: Message | Any) -> str:
    """An engine message in the interface language."""
    if not isinstance(message, Message):
        return str(message)
    params = {k: (say(v) if isinstance(v, Message) else v) for k, v in message.params.items()}
    text = gettext(message.text)
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return str(message)


def crumbs(
    access: DistrictAccess, survey: Survey | None = None, *items: tuple[str, str]
) -> list[tuple[str, str]]:
    slug = access.district.slug
    trail = [
        (access.district.name, reverse("districts:home", kwargs={"district": slug})),
        (gettext("Surveys"), reverse("surveys:list", kwargs={"district": slug})),
    ]
    if survey is not None:
        trail.append(
            (
                survey.title,
                reverse("surveys:detail", kwargs={"district": slug, "survey_id": survey.pk}),
            )
        )
    return [*trail, *items]


def survey_url(name: str, access: DistrictAccess, survey: Survey, **kwargs: Any) -> str:
    return reverse(
        f"surveys:{name}",
        kwargs={"district": access.district.slug, "survey_id": survey.pk, **kwargs},
    )
