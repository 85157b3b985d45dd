"""The public search on the database in use: German word forms, typos, filters,
distance; and the SQLite backend's query building (the PostgreSQL backend runs in CI's
PostgreSQL pass)."""

from __future__ import annotations

import pytest
from django.db import connection

from teilhabe.directory.models import AttendingType, SearchEntry, Service, State
from teilhabe.directory.search.backends import SqliteBackend, backend
from teilhabe.directory.search.text import query_stems, stems
from teilhabe.directory.selectors.public import SearchParams, public_search
from teilhabe.directory.services.entries import entry_state_change
from teilhabe.directory.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return f.uckermark()


@pytest.fixture
def offers(district):
    schwedt = f.gemeinde(district, "Schwedt/Oder")
    prenzlau = f.gemeinde(district, "Prenzlau")
    pool = f.location(
        district,
        name="Schwimmhalle",
        gemeinde=schwedt,
        m2m={"accessibility": [f.term("accessibility", "step-free")]},
    )
    hall = f.location(district, name="Gemeindesaal", gemeinde=prenzlau)
    swim = f.service(
        district,
        name="Schwimmkurs für Frauen",
        description="Schwimmen lernen in einer Gruppe nur für Frauen.",
        free_of_charge=True,
        locations=[pool],
        m2m={
            "categories": [f.term("category", "sport")],
            "target_groups": [f.term("target_group", "women")],
            "languages": [f.term("language", "ar"), f.term("language", "de")],
        },
    )
    advice = f.service(
        district,
        name="Migrationsberatung für Erwachsene",
        description="Beratung zu Aufenthalt, Arbeit und Wohnungen.",
        locations=[hall],
        attending_type=AttendingType.HYBRID,
        m2m={
            "categories": [f.term("category", "counselling")],
            "languages": [f.term("language", "uk")],
        },
    )
    return {"swim": swim, "advice": advice, "schwedt": schwedt, "prenzlau": prenzlau}


def names(result):
    return [item.name for item in result.items]


def search(district, **params):
    return public_search(district=district, params=SearchParams(**params), language="de")


def test_german_word_forms_are_understood(district, offers):
    assert names(search(district, q="Schwimmkurse")) == ["Schwimmkurs für Frauen"]
    assert names(search(district, q="Gruppen")) == ["Schwimmkurs für Frauen"]
    assert names(search(district, q="Wohnung")) == ["Migrationsberatung für Erwachsene"]
    assert names(search(district, q="frau schwimmen")) == ["Schwimmkurs für Frauen"]


def test_typos_are_tolerated(district, offers):
    assert names(search(district, q="Schwimkurs")) == ["Schwimmkurs für Frauen"]
    assert names(search(district, q="Migrationsberatnug")) == ["Migrationsberatung für Erwachsene"]


@pytest.fixture
def compounds(district, offers):
    f.service(
        district,
        name="Frauenschwimmkurs im Hallenbad",
        description="Für Anfängerinnen, mit Kinderbetreuung.",
    )
    f.service(district, name="Schuldnerberatung", description="Hilfe bei Schulden.")
    f.service(district, name="Beratung für Familien", description="Beratung in Prenzlau.")
    return offers


def test_parts_of_compounds_are_found(district, compounds):
    assert set(names(search(district, q="Beratung"))) == {
        "Migrationsberatung für Erwachsene",
        "Schuldnerberatung",
        "Beratung für Familien",
    }
    for query in ("Schwimm", "Schwimmkurs", "schwimmkurse"):
        assert set(names(search(district, q=query))) == {
            "Schwimmkurs für Frauen",
            "Frauenschwimmkurs im Hallenbad",
        }, query
    assert names(search(district, q="Kinderbetreuung")) == ["Frauenschwimmkurs im Hallenbad"]
    assert names(search(district, q="Betreuung")) == ["Frauenschwimmkurs im Hallenbad"]
    # Every word must still match: the compound counts for its own word only.
    assert names(search(district, q="Schwimmkurs Hallenbad")) == ["Frauenschwimmkurs im Hallenbad"]


def test_compounds_keep_word_forms_typos_and_ranking(district, compounds):
    assert set(names(search(district, q="Beratungen"))) >= {"Schuldnerberatung"}
    assert "Frauenschwimmkurs im Hallenbad" in names(search(district, q="Schwimkurs"))
    ranked = names(search(district, q="Beratung"))
    # Entries with the word itself come before those that only contain it in a compound.
    assert ranked.index("Beratung für Familien") < ranked.index("Schuldnerberatung")
    # A word's beginning is not a compound's part: "Kurs" does not find "Kursleitung"
    # through compounds only, and short words do not match inside others.
    assert search(district, q="Rat").total == 0


def test_vocabulary_follows_the_index(district, compounds):
    from teilhabe.directory.models import SearchTerm

    words = set(SearchTerm.objects.values_list("term", flat=True))
    assert any(w.startswith("schuldnerberat") for w in words)
    assert any(w.startswith("frauenschwimmkur") for w in words)
    hidden = Service.objects.get(name="Schuldnerberatung")
    entry_state_change(entry=hidden, state=State.HIDDEN, reason="test", actor=None)
    backend().rebuild_terms()
    words = set(SearchTerm.objects.values_list("term", flat=True))
    assert not any(w.startswith("schuldner") for w in words)
    assert search(district, q="Schuldnerberatung").total == 0


def test_nothing_unrelated_matches(district, offers):
    assert search(district, q="Fahrradwerkstatt").total == 0


def test_filters_combine_with_the_text(district, offers):
    assert names(
        search(district, q="Schwimmkurs", languages=("ar",), target_groups=("women",))
    ) == ["Schwimmkurs für Frauen"]
    assert search(district, q="Schwimmkurs", languages=("uk",)).total == 0
    assert names(search(district, free=True)) == ["Schwimmkurs für Frauen"]
    assert names(search(district, accessible=True)) == ["Schwimmkurs für Frauen"]
    assert names(search(district, mode="online")) == ["Migrationsberatung für Erwachsene"]
    assert names(search(district, categories=("counselling",))) == [
        "Migrationsberatung für Erwachsene"
    ]
    assert names(search(district, gemeinde=offers["prenzlau"].code)) == [
        "Migrationsberatung für Erwachsene"
    ]


def test_distance_from_a_gemeinde(district, offers):
    near_schwedt = search(district, near=offers["schwedt"].code, radius_km=5)
    assert names(near_schwedt) == ["Schwimmkurs für Frauen"]
    assert near_schwedt.distances[offers["swim"].pk] < 1
    everything = search(district, near=offers["schwedt"].code, radius_km=60)
    assert set(names(everything)) == {"Schwimmkurs für Frauen", "Migrationsberatung für Erwachsene"}


def test_hidden_entries_are_not_found(district, offers):
    entry_state_change(entry=offers["swim"], state=State.HIDDEN, reason="test", actor=None)
    assert search(district, q="Schwimmkurs").total == 0
    assert not SearchEntry.objects.filter(
        entity_id=offers["swim"].pk, entity_type="service"
    ).exists()


def test_other_districts_entries_are_not_found(district, offers):
    other = f.make_district("12069", slug="potsdam-mittelmark")
    f.service(other, name="Schwimmkurs in Potsdam")
    assert names(search(district, q="Schwimmkurs")) == ["Schwimmkurs für Frauen"]


def test_query_operators_are_plain_text(district, offers):
    for query in ['"', "NEAR(a b)", "a OR b", "*", "col:value", "'; DROP TABLE x; --", "a & | ! b"]:
        search(district, q=query)  # no error


def test_stems():
    assert stems("Schwimmkurse", "de") == ["schwimmkurs"]
    assert "frau" in query_stems("Frauen", ["de", "en"])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend")
def test_sqlite_backend_builds_quoted_prefix_queries(district, offers):
    assert isinstance(backend(), SqliteBackend)
    query = SqliteBackend().fts_query('Schwimmkurs "x', ["de"])
    assert query.startswith('("schwimmkur"*')
    assert SqliteBackend().fts_query("Beratung", ["de"]) == '("berat"* OR "migrationsberat")'


def test_query_words_are_expanded_once_per_public_token(
    district, offers, django_assert_num_queries
):
    search = backend()
    first = search.expanded("Schwimkurs Beratung", ["de"], 41)
    assert first == search.expand("Schwimkurs Beratung", ["de"])
    with django_assert_num_queries(0):  # kept for this token: no vocabulary look-up
        assert search.expanded("Schwimkurs Beratung", ["de"], 41) == first
    # A change to public data replaces the token: a new word is then found as a
    # compound of the query word.
    f.service(district, name="Frauenschwimmkurs am Abend")
    again = search.expanded("Schwimmkurs", ["de"], 42)
    assert any(t.startswith("frauenschwimm") for _word, _stems, terms in again for t in terms), (
        again
    )
    params = SearchParams(q="Schwimmkurs")
    found = public_search(district=district, params=params, language="de", vocabulary_key=42)
    assert "Frauenschwimmkurs am Abend" in [str(item.title) for item in found.items]
