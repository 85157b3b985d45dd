"""Surveys for tests: a district with people in every role and a published survey."""

from __future__ import annotations

from typing import Any

from teilhabe.accounts.models import User
from teilhabe.core.testing import make_district, make_member
from teilhabe.districts.models import District
from teilhabe.districts.roles import Role
from teilhabe.districts.selectors import district_access_for_user
from teilhabe.surveys import services
from teilhabe.surveys.models import Survey
from teilhabe.surveys.templates_data import template_definition


def officer_access(district: District, user: User | None = None) -> Any:
    user = user or make_member(district, Role.INTEGRATION_OFFICER)
    return district_access_for_user(user=user, slug=district.slug)


def make_survey(
    district: District | None = None,
    *,
    template: str = "living",
    definition: dict[str, Any] | None = None,
    publish: bool = True,
    title: str = "Leben im Landkreis",
    **settings: Any,
) -> Survey:
    district = district or make_district("12073", slug="uckermark")
    access = officer_access(district)
    survey = services.survey_create(
        access=access, title=title, definition=definition or template_definition(template)
    )
    if settings:
        services.survey_update(access=access, survey=survey, changes=settings)
    if publish:
        problems = services.survey_publish(access=access, survey=survey)
        assert problems == [], problems
    survey.refresh_from_db()
    return survey


def simple_definition() -> dict[str, Any]:
    """Two pages with skip logic, a repeat and a calculation (in German and Arabic)."""
    return {
        "title": {"de": "Kurzumfrage", "ar": "استبيان قصير"},
        "source_language": "de",
        "languages": ["de", "ar"],
        "reviewed": ["de"],
        "settings": {},
        "intro": {},
        "consent": {},
        "thanks": {"de": "Danke!", "ar": "شكرًا!"},
        "elements": [
            {
                "type": "group",
                "name": "p1",
                "label": {"de": "Seite 1", "ar": "الصفحة 1"},
                "children": [
                    {
                        "type": "select_one",
                        "name": "kids",
                        "list": "yn",
                        "required": "yes",
                        "label": {"de": "Haben Sie Kinder?", "ar": "هل لديك أطفال (Kinder)؟"},
                    },
                    {
                        "type": "integer",
                        "name": "age",
                        "required": "yes",
                        "constraint": ". >= 16 and . < 110",
                        "label": {"de": "Alter", "ar": "العمر"},
                        "constraint_message": {"de": "16 bis 109", "ar": "من 16 إلى 109"},
                    },
                ],
            },
            {
                "type": "group",
                "name": "p2",
                "relevant": "${kids} = 'yes'",
                "label": {"de": "Kinder", "ar": "الأطفال"},
                "children": [
                    {
                        "type": "integer",
                        "name": "n_kids",
                        "required": "yes",
                        "label": {"de": "Wie viele?", "ar": "كم؟"},
                    },
                    {
                        "type": "select_one",
                        "name": "kita",
                        "list": "yn",
                        "relevant": "${n_kids} > 0",
                        "label": {"de": "Kita-Platz?", "ar": "مكان في الروضة؟"},
                    },
                ],
            },
            {
                "type": "group",
                "name": "p3",
                "label": {"de": "Zum Schluss", "ar": "في الختام"},
                "children": [
                    {
                        "type": "select_multiple",
                        "name": "langs",
                        "list": "langs",
                        "label": {"de": "Sprachen", "ar": "اللغات"},
                    },
                    {
                        "type": "text",
                        "name": "comment",
                        "label": {"de": "Kommentar", "ar": "تعليق"},
                    },
                    {
                        "type": "calculate",
                        "name": "adult",
                        "calculation": "if(${age} >= 18, 'yes', 'no')",
                    },
                ],
            },
        ],
        "choice_lists": {
            "yn": [
                {"name": "yes", "label": {"de": "Ja", "ar": "نعم"}},
                {"name": "no", "label": {"de": "Nein", "ar": "لا"}},
            ],
            "langs": [
                {"name": "ar", "label": {"de": "Arabisch", "ar": "العربية"}},
                {"name": "de", "label": {"de": "Deutsch", "ar": "الألمانية"}},
                {"name": "en", "label": {"de": "Englisch", "ar": "الإنجليزية"}},
            ],
        },
        "sources": {},
    }
