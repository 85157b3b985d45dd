"""Directory entries for the demo districts (invented, marked as demo data): migrant
organisations, clubs and counselling services with offers at real Gemeinden, events
(one-off and weekly), relationships, a contact log and translations."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from teilhabe.areas.models import Area
from teilhabe.core.demo import DemoContext
from teilhabe.directory.models import (
    Activity,
    Event,
    Location,
    Organisation,
    Phone,
    Relationship,
    Schedule,
    Service,
    State,
    TaxonomyTerm,
    Translation,
)
from teilhabe.directory.services.common import digest, search_reindex
from teilhabe.directory.services.entries import save_entry, service_locations_set
from teilhabe.directory.vocabulary import sync_standard_terms
from teilhabe.districts.models import District

DEMO_DISTRICTS = ("uckermark", "potsdam-mittelmark", "prignitz")
BERLIN = ZoneInfo("Europe/Berlin")

ORGANISATIONS = [
    # name, kind, description, target groups, languages, topics, email
    (
        "Syrischer Kulturverein Uckermark e. V.",
        Organisation.Kind.MIGRANT_ORGANISATION,
        "Verein von Menschen aus Syrien: Begegnung, Kultur, Hilfe beim Ankommen.",
        ["newcomers", "families"],
        ["ar", "de"],
        ["integration", "culture-topic"],
        "kontakt@syrischer-kulturverein.invalid",
    ),
    (
        "Ukrainische Gemeinschaft Prenzlau",
        Organisation.Kind.MIGRANT_ORGANISATION,
        "Selbstorganisation von Geflüchteten aus der Ukraine; Beratung von Landsleuten, Kinderprogramm.",
        ["refugees", "children"],
        ["uk", "ru", "de"],
        ["integration"],
        "info@ukr-prenzlau.invalid",
    ),
    (
        "Afghanische Frauen im Norden",
        Organisation.Kind.MIGRANT_ORGANISATION,
        "Frauen aus Afghanistan unterstützen einander: Treffen, Sprachhilfe, Ausflüge.",
        ["women"],
        ["fa", "prs", "ps", "de"],
        ["women-topic"],
        "frauen-nord@example.invalid",
    ),
    (
        "SV Blau-Weiß Schwedt e. V.",
        Organisation.Kind.CLUB,
        "Sportverein mit Schwimmabteilung, Fußball und Gymnastik für alle Generationen.",
        ["everyone"],
        ["de"],
        ["sport-topic"],
        "info@bw-schwedt.invalid",
    ),
    (
        "Migrationsberatung Uckermark",
        Organisation.Kind.COUNSELLING,
        "Beratung für erwachsene Zugewanderte zu Aufenthalt, Arbeit, Wohnen und Familie.",
        ["newcomers"],
        ["de", "en", "ar", "ru"],
        ["integration"],
        "mbe@example.invalid",
    ),
    (
        "Volkshochschule Uckermark",
        Organisation.Kind.COURSE_PROVIDER,
        "Integrationskurse, Deutschkurse und Alphabetisierung in mehreren Orten.",
        ["everyone"],
        ["de"],
        ["education-topic"],
        "vhs@example.invalid",
    ),
    (
        "Islamische Gemeinde Schwedt",
        Organisation.Kind.RELIGIOUS,
        "Moscheegemeinde; Gebet, Feste und Hausaufgabenhilfe für Kinder.",
        ["families"],
        ["ar", "tr", "de"],
        ["religion-topic"],
        "",
    ),
    (
        "Willkommensinitiative Templin",
        Organisation.Kind.INITIATIVE,
        "Ehrenamtliche begleiten Neuzugezogene bei Behördengängen und im Alltag.",
        ["newcomers", "volunteers"],
        ["de", "en"],
        ["integration"],
        "templin-hilft@example.invalid",
    ),
]

PLACES = [
    # name, gemeinde name prefix, street, postcode, lat/lon offset, accessibility
    (
        "Stadtbad Schwedt",
        "Schwedt/Oder",
        "Am Stadtbad 2",
        "16303",
        ["step-free", "accessible-toilet"],
    ),
    ("Begegnungszentrum Prenzlau", "Prenzlau", "Marktberg 5", "17291", ["step-free"]),
    ("Bürgerhaus Templin", "Templin", "Am Markt 12", "17268", []),
    ("VHS-Haus Angermünde", "Angermünde", "Schulplatz 3", "16278", ["step-free", "hearing-loop"]),
]


def _terms(vocabulary: str, codes: list[str]) -> list[TaxonomyTerm]:
    return list(
        TaxonomyTerm.objects.filter(vocabulary=vocabulary, code__in=codes, district__isnull=True)
    )


def _translate(entry: Any, language: str, texts: dict[str, str]) -> None:
    kind = {Organisation: "organisation", Service: "service", Event: "event", Location: "location"}[
        type(entry)
    ]
    for field, text in texts.items():
        Translation.objects.update_or_create(
            entity_type=kind,
            entity_id=entry.pk,
            language=language,
            field=field,
            defaults={
                "district_id": entry.district_id,
                "text": text,
                "status": Translation.Status.NOT_REVIEWED,
                "source_digest": digest(getattr(entry, field) or ""),
            },
        )
    search_reindex(entry)


def _gemeinde(district: District, prefix: str) -> Area | None:
    qs = Area.objects.gemeinden().current().filter(parent=district.kreis)
    return qs.filter(name__startswith=prefix).first() or qs.order_by("-population").first()


def _save(
    model: type[Any], district: District, data: dict[str, Any], m2m: dict[str, Any] | None = None
) -> Any:
    return save_entry(
        obj=model(district=district),
        data={**data, "is_demo": True, "state": State.PUBLISHED},
        m2m=m2m,
        actor=None,
        by="demo",
    )


@transaction.atomic
def seed_district(district: District) -> int:
    """Create the demo entries of one district (nothing if it has them already)."""
    if Organisation.objects.filter(district=district, is_demo=True).exists():
        return 0
    orgs: dict[str, Organisation] = {}
    for name, kind, description, targets, languages, topics, email in ORGANISATIONS:
        orgs[name] = _save(
            Organisation,
            district,
            {
                "name": name,
                "kind": kind,
                "description": description,
                "email": email,
                "owner_email": email,
            },
            {
                "target_groups": _terms("target_group", targets),
                "languages": _terms("language", languages),
                "topics": _terms("topic", topics),
            },
        )
    homes = {
        "Syrischer Kulturverein Uckermark e. V.": ("Schwedt/Oder", "Lindenallee 20"),
        "Ukrainische Gemeinschaft Prenzlau": ("Prenzlau", "Friedhofstraße 3"),
        "Afghanische Frauen im Norden": ("Templin", "Berliner Straße 8"),
        "Islamische Gemeinde Schwedt": ("Schwedt/Oder", "Vierradener Straße 14"),
        "Willkommensinitiative Templin": ("Templin", "Am Markt 12"),
        "Migrationsberatung Uckermark": ("Prenzlau", "Marktberg 5"),
        "Volkshochschule Uckermark": ("Angermünde", "Schulplatz 3"),
        "SV Blau-Weiß Schwedt e. V.": ("Schwedt/Oder", "Am Stadtbad 2"),
    }
    for name, (prefix, street) in homes.items():
        gemeinde = _gemeinde(district, prefix)
        _save(
            Location,
            district,
            {
                "name": name,
                "organisation": orgs[name],
                "address_1": street,
                "city": gemeinde.name.split(",")[0] if gemeinde else "",
                "gemeinde": gemeinde,
            },
        )
    orgs["Migrationsberatung Uckermark"].verified = True
    orgs["Migrationsberatung Uckermark"].verified_emails = "mbe@example.invalid"
    orgs["Migrationsberatung Uckermark"].save(update_fields=["verified", "verified_emails"])
    places = []
    for name, prefix, street, postcode, features in PLACES:
        gemeinde = _gemeinde(district, prefix)
        places.append(
            _save(
                Location,
                district,
                {
                    "name": name,
                    "address_1": street,
                    "postal_code": postcode if district.slug == "uckermark" else "",
                    "city": gemeinde.name.split(",")[0] if gemeinde else "",
                    "gemeinde": gemeinde,
                    "transportation": "Bus bis Haltestelle Markt, dann 5 Minuten zu Fuß.",
                },
                {"accessibility": _terms("accessibility", features)},
            )
        )
    pool, centre, town_hall, school = places
    Schedule.objects.create(location=centre, byday="MO,TU,TH", opens_at=time(9), closes_at=time(15))
    Schedule.objects.create(location=centre, byday="WE", by_appointment=True)
    swim = _save(
        Service,
        district,
        {
            "organisation": orgs["SV Blau-Weiß Schwedt e. V."],
            "name": "Schwimmkurs für Frauen",
            "description": (
                "Schwimmen lernen in einer kleinen Gruppe nur für Frauen, mit einer Trainerin. "
                "Badekleidung nach Wahl."
            ),
            "free_of_charge": True,
            "eligibility_description": "Frauen ab 16 Jahren, ohne Vorkenntnisse.",
            "application_process": "Anmeldung per Telefon oder einfach zum ersten Termin kommen.",
        },
        {
            "categories": _terms("category", ["sport"]),
            "target_groups": _terms("target_group", ["women"]),
            "languages": _terms("language", ["ar", "de"]),
        },
    )
    service_locations_set(service=swim, locations=[pool])
    Schedule.objects.create(service=swim, byday="SA", opens_at=time(10), closes_at=time(11, 30))
    Phone.objects.create(service=swim, number="03332 123456", languages="de,ar")
    _translate(
        swim,
        "ar",
        {
            "name": "دورة سباحة للنساء",
            "description": "تعلّم السباحة في مجموعة صغيرة للنساء فقط مع مدرّبة.",
        },
    )
    _translate(
        swim,
        "en",
        {
            "name": "Swimming course for women",
            "description": "Learn to swim in a small women-only group with a female coach.",
        },
    )
    _translate(
        swim,
        "uk",
        {
            "name": "Курс плавання для жінок",
            "description": "Навчання плаванню в невеликій жіночій групі з тренеркою.",
        },
    )
    advice = _save(
        Service,
        district,
        {
            "organisation": orgs["Migrationsberatung Uckermark"],
            "name": "Migrationsberatung für Erwachsene",
            "description": "Beratung zu Aufenthalt, Arbeit, Wohnung, Anerkennung von Abschlüssen und Familie.",
            "free_of_charge": True,
            "attending_type": "hybrid",
            "email": "mbe@example.invalid",
        },
        {
            "categories": _terms("category", ["counselling", "legal", "work"]),
            "target_groups": _terms("target_group", ["newcomers"]),
            "languages": _terms("language", ["de", "en", "ar", "ru"]),
        },
    )
    service_locations_set(service=advice, locations=[centre, town_hall])
    _translate(
        advice,
        "ar",
        {
            "name": "استشارات الهجرة للبالغين",
            "description": "استشارات حول الإقامة والعمل والسكن والاعتراف بالشهادات.",
        },
    )
    course = _save(
        Service,
        district,
        {
            "organisation": orgs["Volkshochschule Uckermark"],
            "name": "Integrationskurs mit Kinderbetreuung",
            "description": "Deutschkurs bis B1 mit Orientierungskurs; während des Kurses werden Kinder betreut.",
            "fees_description": "Kostenlos mit Berechtigungsschein, sonst 2,29 € pro Unterrichtsstunde.",
            "capacity": 20,
            "capacity_available": 4,
        },
        {
            "categories": _terms("category", ["integration-course", "language-course"]),
            "target_groups": _terms("target_group", ["newcomers", "families"]),
            "languages": _terms("language", ["de"]),
        },
    )
    service_locations_set(service=course, locations=[school, centre])
    cafe = _save(
        Service,
        district,
        {
            "organisation": orgs["Ukrainische Gemeinschaft Prenzlau"],
            "name": "Sprachcafé Deutsch–Ukrainisch",
            "description": "Jeden Donnerstag Deutsch üben bei Tee und Kuchen; Kinder sind willkommen.",
            "free_of_charge": True,
        },
        {
            "categories": _terms("category", ["meeting", "language-course"]),
            "target_groups": _terms("target_group", ["everyone"]),
            "languages": _terms("language", ["uk", "ru", "de"]),
        },
    )
    service_locations_set(service=cafe, locations=[centre])
    today = timezone.localdate()
    next_tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    weekly = _save(
        Event,
        district,
        {
            "title": "Offener Frauentreff",
            "description": "Austausch, Kinderbetreuung und Tee. Dolmetscherinnen für Dari und Arabisch sind da.",
            "organisation": orgs["Afghanische Frauen im Norden"],
            "location": town_hall,
            "start": datetime.combine(next_tuesday, time(17), tzinfo=BERLIN),
            "end": datetime.combine(next_tuesday, time(19), tzinfo=BERLIN),
            "rrule": f"FREQ=WEEKLY;BYDAY=TU;UNTIL={(next_tuesday + timedelta(days=180)):%Y%m%d}T235959",
            "free_of_charge": True,
        },
        {
            "categories": _terms("category", ["meeting"]),
            "target_groups": _terms("target_group", ["women"]),
            "languages": _terms("language", ["fa", "prs", "ar", "de"]),
        },
    )
    _translate(weekly, "ar", {"title": "لقاء مفتوح للنساء"})
    _save(
        Event,
        district,
        {
            "title": "Fest der Kulturen",
            "description": "Musik, Essen aus vielen Ländern und Infostände der Vereine.",
            "organisation": orgs["Syrischer Kulturverein Uckermark e. V."],
            "location": centre,
            "start": datetime.combine(today + timedelta(days=20), time(14), tzinfo=BERLIN),
            "end": datetime.combine(today + timedelta(days=20), time(20), tzinfo=BERLIN),
            "free_of_charge": True,
        },
        {
            "categories": _terms("category", ["culture"]),
            "target_groups": _terms("target_group", ["everyone"]),
        },
    )
    _save(
        Event,
        district,
        {
            "title": "Online-Infoabend: Anerkennung ausländischer Abschlüsse",
            "description": (
                "Was muss ich tun, damit mein Beruf anerkannt wird? "
                "Fragen in Deutsch, Englisch und Arabisch."
            ),
            "organisation": orgs["Migrationsberatung Uckermark"],
            "attending_type": "online",
            "online_url": "https://meet.example.invalid/anerkennung",
            "start": datetime.combine(today + timedelta(days=9), time(18), tzinfo=BERLIN),
            "end": datetime.combine(today + timedelta(days=9), time(19, 30), tzinfo=BERLIN),
            "free_of_charge": True,
        },
        {
            "categories": _terms("category", ["work", "counselling"]),
            "languages": _terms("language", ["de", "en", "ar"]),
        },
    )
    for source, relation, target in (
        (
            "Syrischer Kulturverein Uckermark e. V.",
            Relationship.Kind.PARTNER_OF,
            "Willkommensinitiative Templin",
        ),
        (
            "Ukrainische Gemeinschaft Prenzlau",
            Relationship.Kind.PARTNER_OF,
            "Migrationsberatung Uckermark",
        ),
        (
            "Afghanische Frauen im Norden",
            Relationship.Kind.MEMBER_OF,
            "Willkommensinitiative Templin",
        ),
        ("Volkshochschule Uckermark", Relationship.Kind.RUNS, "SV Blau-Weiß Schwedt e. V."),
    ):
        Relationship.objects.create(
            district=district,
            source=orgs[source],
            kind=relation,
            target=orgs[target],
            valid_from=today - timedelta(days=400),
        )
    meeting = Activity.objects.create(
        district=district,
        kind=Activity.Kind.MEETING,
        happened_on=today - timedelta(days=40),
        subject="Runder Tisch Migrantenorganisationen",
        notes="Vorstellung des Integrationskonzepts; Wunsch nach Räumen für Treffen.",
        agreement="Raumliste bis Monatsende; nächster Termin im Quartal.",
        follow_up_on=today + timedelta(days=3),
    )
    meeting.organisations.set(
        [
            orgs["Syrischer Kulturverein Uckermark e. V."],
            orgs["Ukrainische Gemeinschaft Prenzlau"],
            orgs["Afghanische Frauen im Norden"],
        ]
    )
    return len(orgs)


def directory_demo(context: DemoContext) -> str:
    """Seed the demo districts that have no demo entries yet; say what was done."""
    sync_standard_terms()
    created = 0
    seeded: list[str] = []
    present: list[str] = []
    for district in District.objects.filter(slug__in=DEMO_DISTRICTS, is_demo=True).order_by("slug"):
        added = seed_district(district)
        created += added
        (seeded if added else present).append(district.name)
    if not seeded and not present:
        return "Directory: no demo district found, no demo entries added"
    parts = []
    if seeded:
        parts.append(
            f"{created} demo organisations with offers, places and events added "
            f"({', '.join(seeded)})"
        )
    if present:
        parts.append(f"demo data already present ({', '.join(present)}), left as it is")
    return "Directory: " + "; ".join(parts)
