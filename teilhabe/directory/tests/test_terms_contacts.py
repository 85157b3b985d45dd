"""A district's own terms (with names in other languages) and changing contacts, through
the office pages: who may, what the public then sees, what is refused."""

from __future__ import annotations

import pytest

from teilhabe.audit.models import AuditEntry
from teilhabe.core.testing import make_member
from teilhabe.directory.models import ChangeRecord, Contact, Phone, TaxonomyTerm
from teilhabe.directory.services.entries import save_entry
from teilhabe.directory.tests import factories as f
from teilhabe.districts.roles import Role

pytestmark = pytest.mark.django_db
D = "/d/uckermark/directory/"


@pytest.fixture
def district():
    return f.uckermark()


@pytest.fixture
def officer(client, district):
    user = make_member(district, Role.INTEGRATION_OFFICER)
    client.force_login(user)
    return user


def add_term(client, **data):
    return client.post(
        D + "terms/",
        {"vocabulary": "category", "position": 50, **data},
    )


def test_officer_adds_a_term_with_translations_which_the_public_filters_by(
    client, officer, district
):
    response = add_term(
        client,
        name="Nähcafé",
        name_en="Sewing café",
        name_ar="مقهى الخياطة",
    )
    assert response.status_code == 302
    term = TaxonomyTerm.objects.get(district=district, code="nahcafe")
    assert term.names == {"ar": "مقهى الخياطة", "en": "Sewing café"}
    assert AuditEntry.objects.filter(action="directory.term.create").exists()
    offer = f.service(district, name="Treff am Montag", m2m={"categories": [term]})
    page = client.get("/public/ar/uckermark/directory/").content.decode()
    assert "مقهى الخياطة" in page  # the filter in Arabic
    found = client.get("/public/en/uckermark/directory/", {"category": "nahcafe"})
    assert "Treff am Montag" in found.content.decode()
    assert (
        "Sewing café"
        in client.get(f"/public/en/uckermark/directory/offers/{offer.pk}/").content.decode()
    )
    listing = client.get(D + "terms/").content.decode()
    assert "Nähcafé" in listing and "Sewing café" in listing


def test_renamed_term_is_found_by_its_new_name(client, officer, district):
    add_term(client, name="Nähtreff")
    term = TaxonomyTerm.objects.get(district=district, code="nahtreff")
    f.service(district, name="Montagsrunde", m2m={"categories": [term]})
    assert (
        "Montagsrunde"
        not in client.get("/public/de/uckermark/directory/", {"q": "Handarbeit"}).content.decode()
    )
    response = client.post(
        D + f"terms/{term.pk}/", {"name": "Handarbeit", "position": 10, "name_en": "Needlework"}
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.name, term.code, term.position) == ("Handarbeit", "nahtreff", 10)
    assert (
        "Montagsrunde"
        in client.get("/public/de/uckermark/directory/", {"q": "Handarbeit"}).content.decode()
    )


def test_terms_in_use_are_kept_unused_ones_deleted(client, officer, district):
    add_term(client, name="Eigene Kategorie")
    term = TaxonomyTerm.objects.get(district=district, code="eigene-kategorie")
    offer = f.service(district, m2m={"categories": [term]})
    response = client.post(D + f"terms/{term.pk}/", {"action": "delete"}, follow=True)
    assert "is used by 1 entries" in response.content.decode()
    assert TaxonomyTerm.objects.filter(pk=term.pk).exists()
    save_entry(obj=offer, data={}, m2m={"categories": []}, actor=None)
    client.post(D + f"terms/{term.pk}/", {"action": "delete"})
    assert not TaxonomyTerm.objects.filter(pk=term.pk).exists()


def test_standard_terms_and_codes_are_protected(client, officer, district):
    standard = f.term("category", "sport")
    assert client.get(D + f"terms/{standard.pk}/").status_code == 404
    response = add_term(client, name="Sport", code="sport")
    assert response.status_code == 200
    assert "standard vocabulary already has" in response.content.decode()
    add_term(client, name="Boule")
    term = TaxonomyTerm.objects.get(district=district, code="boule")
    client.post(
        D + f"terms/{term.pk}/",
        {"name": "Boule", "code": "x", "vocabulary": "topic", "position": 1},
    )
    term.refresh_from_db()
    assert (term.code, term.vocabulary) == ("boule", "category")  # fixed after creation


def test_other_districts_terms_are_out_of_reach(client, officer):
    other = f.make_district("12069", slug="potsdam-mittelmark")
    theirs = TaxonomyTerm.objects.create(
        district=other, vocabulary="category", code="theirs", name="Fremd"
    )
    assert client.get(D + f"terms/{theirs.pk}/").status_code == 404
    assert client.post(D + f"terms/{theirs.pk}/", {"action": "delete"}).status_code == 404
    assert "Fremd" not in client.get(D + "terms/").content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.DISTRICT_ADMIN, True),
        (Role.INTEGRATION_OFFICER, True),
        (Role.OFFICE_CLERK, True),
        (Role.ANALYST, False),
        (Role.MODERATOR, False),
    ],
)
def test_who_manages_terms_and_contacts(client, district, role, allowed):
    client.force_login(make_member(district, role))
    organisation = f.organisation(district)
    contact = Contact.objects.create(organisation=organisation, name="Frau Haddad")
    assert (client.get(D + "terms/").status_code == 200) is allowed
    add_term(client, name="Gartenarbeit")
    assert TaxonomyTerm.objects.filter(code="gartenarbeit").exists() is allowed
    client.post(
        D + f"organisations/{organisation.pk}/action/",
        {
            "action": "contact_update",
            "contact": contact.pk,
            f"contact-{contact.pk}-name": "Frau Haddad-Ali",
        },
    )
    contact.refresh_from_db()
    assert (contact.name == "Frau Haddad-Ali") is allowed


def test_contacts_can_be_changed(client, officer, district):
    organisation = f.organisation(district, name="Kulturverein")
    contact = Contact.objects.create(
        organisation=organisation, name="Frau Haddad", email="h@kv.example"
    )
    Phone.objects.create(contact=contact, number="03332 1", languages="de")
    Phone.objects.create(contact=contact, number="0170 9")
    detail = client.get(D + f"organisations/{organisation.pk}/").content.decode()
    assert f'name="contact-{contact.pk}-name"' in detail and 'value="03332 1"' in detail
    prefix = f"contact-{contact.pk}-"
    response = client.post(
        D + f"organisations/{organisation.pk}/action/",
        {
            "action": "contact_update",
            "contact": contact.pk,
            prefix + "name": "Frau Haddad-Ali",
            prefix + "title": "Vorsitzende",
            prefix + "email": "vorstand@kv.example",
            prefix + "phone": "03332 2",
            prefix + "phone_languages": "de,ar",
            prefix + "is_public": "on",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.title, contact.email) == (
        "Frau Haddad-Ali",
        "Vorsitzende",
        "vorstand@kv.example",
    )
    assert list(contact.phones.values_list("number", "languages")) == [
        ("03332 2", "de,ar"),
        ("0170 9", ""),
    ]
    history = ChangeRecord.objects.filter(entity_id=organisation.pk, field_name="contact name")
    assert history.get().replacement_value == "Frau Haddad-Ali"
    assert AuditEntry.objects.filter(action="directory.contact.update").exists()
    public = client.get(f"/public/de/uckermark/directory/organisations/{organisation.pk}/")
    assert "Frau Haddad-Ali" in public.content.decode()
    # Kept internal, without its first number.
    client.post(
        D + f"organisations/{organisation.pk}/action/",
        {"action": "contact_update", "contact": contact.pk, prefix + "name": "Frau Haddad-Ali"},
    )
    assert list(contact.phones.values_list("number", flat=True)) == ["0170 9"]
    public = client.get(f"/public/de/uckermark/directory/organisations/{organisation.pk}/")
    assert "Frau Haddad-Ali" not in public.content.decode()


def test_a_contact_of_another_district_cannot_be_changed(client, officer, district):
    other = f.make_district("12069", slug="potsdam-mittelmark")
    theirs = Contact.objects.create(organisation=f.organisation(other), name="Fremd")
    mine = f.organisation(district)
    client.post(
        D + f"organisations/{mine.pk}/action/",
        {"action": "contact_update", "contact": theirs.pk, f"contact-{theirs.pk}-name": "X"},
    )
    theirs.refresh_from_db()
    assert theirs.name == "Fremd"
