import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from teilhabe.areas.models import Area
from teilhabe.audit.models import AuditEntry
from teilhabe.core.testing import make_district, make_member
from teilhabe.districts.demo import DEMO_DISTRICTS, demo_setup
from teilhabe.districts.models import District, Membership, Office, Programme
from teilhabe.districts.roles import Role
from teilhabe.districts.selectors import district_access_for_user
from teilhabe.districts.services import (
    district_create,
    district_update,
    member_invite,
    membership_deactivate,
    office_create,
    office_update,
)

pytestmark = pytest.mark.django_db


def access_of(user, district):
    return district_access_for_user(user=user, slug=district.slug)


def test_district_create_starts_with_offices_and_is_audited():
    kreis = Area.objects.get(code="15085", valid_until__isnull=True)
    district = district_create(actor=None, kreis=kreis)
    assert district.slug == "harz"
    assert district.name == "Landkreis Harz"
    assert district.offices.count() == 6
    assert AuditEntry.objects.filter(district_id=district.pk, action="district.create").count() == 1
    assert AuditEntry.objects.filter(district_id=district.pk, action="office.create").count() == 6


def test_only_current_kreise_become_districts():
    old = Area.objects.get(code="03152")  # Göttingen until 2016
    with pytest.raises(ValidationError):
        district_create(actor=None, kreis=old)
    gemeinde = Area.objects.gemeinden().current().first()
    with pytest.raises(ValidationError):
        district_create(actor=None, kreis=gemeinde)


def test_office_writes_need_the_capability_and_are_audited():
    district = make_district("12073")
    admin = make_member(district, Role.DISTRICT_ADMIN)
    officer = make_member(district, Role.INTEGRATION_OFFICER)
    office = office_create(
        access=access_of(admin, district), name="Migrationsberatung", kind="partner"
    )
    with pytest.raises(PermissionDenied):
        office_create(access=access_of(officer, district), name="Nope", kind="other")
    office_update(access=access_of(admin, district), office=office, name="Migrationsberatung Nord")
    entry = AuditEntry.objects.filter(action="office.update", object_id=str(office.pk)).get()
    assert entry.changes == {"name": ["Migrationsberatung", "Migrationsberatung Nord"]}
    assert entry.office_id == office.pk


def test_office_of_another_district_cannot_be_updated():
    a = make_district("12073")
    b = make_district("12069")
    admin = make_member(a, Role.DISTRICT_ADMIN)
    foreign = Office.objects.filter(district=b).first()
    with pytest.raises(PermissionDenied):
        office_update(access=access_of(admin, a), office=foreign, name="taken over")


def test_office_names_are_unique_per_district():
    district = make_district("12073")
    admin = make_member(district, Role.DISTRICT_ADMIN)
    with pytest.raises(ValidationError):
        office_create(access=access_of(admin, district), name="Jobcenter", kind="jobcenter")


def test_invite_creates_account_and_mails_a_link(django_capture_on_commit_callbacks, mailoutbox):
    district = make_district("12073")
    admin = make_member(district, Role.DISTRICT_ADMIN)
    clerk_office = Office.objects.get(district=district, kind=Office.Kind.JOBCENTER)
    with django_capture_on_commit_callbacks(execute=True):
        membership = member_invite(
            access=access_of(admin, district),
            username="neu.kollegin",
            email="neu@example.org",
            first_name="Neu",
            last_name="Kollegin",
            role=Role.OFFICE_CLERK,
            office=clerk_office,
            base_url="https://teilhabe.example.org/",
        )
    assert membership.office == clerk_office
    assert not membership.user.has_usable_password()
    assert len(mailoutbox) == 1
    assert "https://teilhabe.example.org/account/password/reset/" in mailoutbox[0].body
    assert "Landkreis Uckermark" in mailoutbox[0].body


def test_office_clerk_needs_an_office():
    district = make_district("12073")
    admin = make_member(district, Role.DISTRICT_ADMIN)
    with pytest.raises(ValidationError):
        member_invite(
            access=access_of(admin, district),
            username="x",
            email="",
            first_name="",
            last_name="",
            role=Role.OFFICE_CLERK,
            office=None,
            base_url="http://t/",
        )


def test_last_administrator_cannot_be_removed():
    district = make_district("12073")
    admin = make_member(district, Role.DISTRICT_ADMIN)
    own = Membership.objects.get(user=admin, district=district)
    with pytest.raises(ValidationError):
        membership_deactivate(access=access_of(admin, district), membership=own)
    second = make_member(district, Role.DISTRICT_ADMIN)
    membership_deactivate(access=access_of(second, district), membership=own)
    own.refresh_from_db()
    assert not own.is_active


def test_settings_update_is_audited_with_changes():
    district = make_district("12073")
    admin = make_member(district, Role.DISTRICT_ADMIN)
    district_update(access=access_of(admin, district), name=district.name, require_two_factor=True)
    entry = AuditEntry.objects.get(action="district.update")
    assert entry.changes == {"require_two_factor": [False, True]}


def test_membership_constraints():
    district = make_district("12073")
    user = make_member(district, Role.ANALYST)
    programme = Programme.objects.create(slug="p", name="P")
    with pytest.raises(ValidationError):
        Membership(
            user=user, district=district, programme=programme, role=Role.PROGRAMME_OFFICE
        ).full_clean()
    other_office = Office.objects.filter(district=make_district("12069")).first()
    with pytest.raises(ValidationError):
        Membership(
            user=user, district=district, office=other_office, role=Role.ANALYST
        ).full_clean()


def test_demo_setup_is_idempotent_and_marks_demo_data():
    first = demo_setup(password="demo-password-1")
    counts = (District.objects.count(), Membership.objects.count(), Office.objects.count())
    second = demo_setup(password="demo-password-2")
    assert (District.objects.count(), Membership.objects.count(), Office.objects.count()) == counts
    assert len(first.districts) == len(second.districts) == len(DEMO_DISTRICTS)
    assert all(d.is_demo for d in second.districts)
    roles = {login.role for login in second.logins}
    assert len(roles) == 6  # every role has a demo login
    staffed = {
        login.where
        for login in second.logins
        if "Uckermark" in login.where or "Potsdam" in login.where
    }
    assert len(staffed) >= 2
    user = (
        Membership.objects.filter(district__slug="uckermark", role=Role.DISTRICT_ADMIN).first().user
    )
    assert user.is_demo and user.check_password("demo-password-2")
