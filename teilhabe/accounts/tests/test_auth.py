"""Signing in and out, lockout without revealing accounts, two factors, passwords."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.accounts.middleware import LOGIN_AT
from teilhabe.accounts.services import totp_device_confirm, totp_device_start
from teilhabe.audit.models import AuditEntry
from teilhabe.core.testing import PASSWORD, make_district, make_member, make_user
from teilhabe.districts.roles import Role

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/account/login/", {"username": username, "password": password})


def _page(response) -> str:
    """The page without per-request tokens (CSRF) and without echoed user names."""
    return re.sub(r'value="[^"]*"', "", response.content.decode())


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("kurz", False),
        ("elf-zeichen", False),  # 11 characters
        ("Passwort123", False),
        ("Sommer2026!!", False),
        ("12345678901234", False),
        ("Landkreis!2026", False),
        ("Zwölf Zeichen", True),
        ("a" * 8 + " stille Wasser gründen tief " + "b" * 28, True),  # 64 characters
        ("x" * 129, False),
    ],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_password_hash_is_salted_and_slow_in_production_settings(settings):
    assert settings.PASSWORD_HASHERS  # tests use MD5 for speed; production lists Argon2 first
    from teilhabe import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sign_in_and_out_rotate_the_session_and_are_audited():
    make_user("anna")
    client = Client()
    client.get("/account/login/")
    before = client.cookies.get("sessionid")
    response = sign_in(client, "anna")
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    assert AuditEntry.objects.filter(action="account.login", actor_label="anna").exists()
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/").status_code == 302  # signed out


def test_logout_needs_post():
    user = make_user("bea")
    client = Client()
    client.force_login(user)
    assert client.get("/account/logout/").status_code == 405


def test_wrong_password_and_unknown_user_look_the_same(settings):
    make_user("carla")
    known = sign_in(Client(), "carla", "wrong password!")
    unknown = sign_in(Client(), "nobody-here", "wrong password!")
    assert known.status_code == unknown.status_code == 200
    assert _page(known).replace("carla", "X") == _page(unknown).replace("nobody-here", "X")


def test_lockout_applies_to_known_and_unknown_names_alike(settings):
    make_user("dora")
    limit = settings.AXES_FAILURE_LIMIT
    responses = {}
    for name in ("dora", "ghost"):
        client = Client()
        for _ in range(limit):
            sign_in(client, name, "wrong password!")
        responses[name] = sign_in(client, name, "wrong password!")
    assert responses["dora"].status_code == responses["ghost"].status_code == 429
    assert _page(responses["dora"]) == _page(responses["ghost"])
    # Even the right password is refused while the lock holds.
    assert sign_in(Client(), "dora").status_code == 429


def test_two_factor_setup_login_and_replay():
    user = make_user("eva")
    device = totp_device_start(user=user)
    codes = totp_device_confirm(user=user, device_id=device.pk, token=current_code(device))
    assert len(codes) == 10
    client = Client()
    response = sign_in(client, "eva")
    assert response["Location"] == "/account/login/code/"
    # Not signed in yet: the second step is still open.
    assert client.get("/account/").status_code == 302
    device.refresh_from_db()
    code = current_code(device, offset=1)
    response = client.post("/account/login/code/", {"token": code})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/account/").status_code == 200
    # A backup code works once.
    third = Client()
    sign_in(third, "eva")
    assert third.post("/account/login/code/", {"token": codes[0]}).status_code == 302
    # The code already used, and the used backup code, are refused.
    other = Client()
    sign_in(other, "eva")
    response = other.post("/account/login/code/", {"token": code})
    assert response.status_code == 200
    assert "not correct or was used already" in response.content.decode()
    # After a wrong code, django-otp makes the next try wait (slows guessing down).
    response = other.post("/account/login/code/", {"token": codes[0]})
    assert "Please wait" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        response = other.post("/account/login/code/", {"token": codes[0]})
    assert "not correct or was used already" in response.content.decode()


def test_second_factor_failures_count_towards_the_lockout(settings):
    user = make_user("fiona")
    device = totp_device_start(user=user)
    totp_device_confirm(user=user, device_id=device.pk, token=current_code(device))
    client = Client()
    sign_in(client, "fiona")
    statuses = [
        client.post("/account/login/code/", {"token": "000000"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429


def test_district_can_require_two_factors():
    district = make_district("12073")
    district.require_two_factor = True
    district.save()
    user = make_member(district, Role.INTEGRATION_OFFICER, "gina")
    client = Client()
    sign_in(client, "gina")
    response = client.get(f"/d/{district.slug}/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/"
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code, drawn here (no external service)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/account/two-factor/", {"token": current_code(device)})
    assert response.status_code == 200 and b"backup codes" in response.content
    assert client.get(f"/d/{district.slug}/").status_code == 200
    # Switching it off is refused while the district requires it.
    client.post("/account/two-factor/off/", {"password": PASSWORD})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_session_ends_after_the_absolute_limit(settings):
    user = make_user("hanna")
    client = Client()
    client.force_login(user)
    assert client.get("/account/").status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_MAX_HOURS * 3600 - 1
    session.save()
    response = client.get("/account/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_session_is_renewed_at_most_once_a_minute_and_ends_when_idle(settings):
    from django.contrib.sessions.models import Session

    user = make_user("ida")
    client = Client()
    client.force_login(user)
    assert client.get("/account/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    renewed = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        assert client.get("/account/").status_code == 200  # no write within the minute
    assert Session.objects.get(session_key=key).expire_date == renewed
    later = timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)
    with time_machine.travel(later):
        assert client.get("/account/").status_code == 200
        expiry = Session.objects.get(session_key=key).expire_date
        assert expiry >= timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)
    idle = timezone.now() + timedelta(minutes=2 * settings.SESSION_IDLE_MINUTES)
    with time_machine.travel(idle):
        response = client.get("/account/")  # idle for longer than allowed: signed out
        assert response.status_code == 302 and "login" in response["Location"]
        count = Session.objects.count()
        client.get("/account/login/")  # the stale cookie does not make a new session
        assert Session.objects.count() == count


def test_password_change_notifies_by_mail_and_audits(django_capture_on_commit_callbacks):
    make_user("ida")
    client = Client()
    sign_in(client, "ida")
    new = "ein neues langes Passwort"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/password/",
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "password" in mail.outbox[0].subject.lower()
    assert AuditEntry.objects.filter(action="account.password_change").exists()


def test_password_reset_does_not_sign_in_and_link_works_once(django_capture_on_commit_callbacks):
    make_user("jana")
    client = Client()
    client.post("/account/password/reset/", {"email": "jana@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/password/reset/\S+)", mail.outbox[0].body).group(
        1
    )
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "ganz neues Kennwort fuer Jana"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302  # not signed in
    assert b"no longer valid" in Client().get(link, follow=True).content
    # Unknown addresses get the same answer (no enumeration) and no mail.
    mail.outbox.clear()
    assert (
        Client().post("/account/password/reset/", {"email": "none@example.org"}).status_code == 302
    )
    assert mail.outbox == []


def test_language_switch_remembers_the_choice():
    user = make_user("kim")
    client = Client()
    client.force_login(user)
    response = client.post("/language/", {"language": "en", "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert client.get("/account/")["Content-Language"] == "en"
    assert client.post("/language/", {"language": "xx"}).status_code == 400
    # An outside address as "next" is not followed.
    assert (
        client.post("/language/", {"language": "de", "next": "https://evil.example/"})["Location"]
        == "/"
    )


def test_two_factor_state_is_read_in_one_query_and_afresh(django_assert_num_queries):
    from django_otp.plugins.otp_static.models import StaticDevice

    from teilhabe.accounts.services import (
        two_factor_state,
        user_has_two_factor,
        user_requires_two_factor,
    )

    district = make_district("12073")
    user = make_member(district, Role.INTEGRATION_OFFICER, "hanna")

    def state() -> tuple[bool, bool]:
        with django_assert_num_queries(1):
            found = two_factor_state(user=user)
        assert found.has_device == user_has_two_factor(user=user)
        assert found.required == user_requires_two_factor(user=user)
        return found.has_device, found.required

    assert state() == (False, False)
    district.require_two_factor = True
    district.save()
    assert state() == (False, True)
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=False)
    assert state() == (False, True)  # not confirmed: does not count
    backup.confirmed = True
    backup.save()
    assert state() == (True, True)
    backup.delete()
    device = totp_device_start(user=user)
    totp_device_confirm(user=user, device_id=device.pk, token=current_code(device))
    assert state() == (True, True)
    district.is_active = False
    district.save()
    assert state() == (True, False)
    TOTPDevice.objects.filter(user=user).delete()  # the authenticator revoked
    assert state() == (True, False)  # the backup codes made with it remain
    StaticDevice.objects.filter(user=user).delete()
    assert state() == (False, False)


def test_a_district_requiring_two_factors_applies_on_the_next_request():
    district = make_district("12073")
    make_member(district, Role.INTEGRATION_OFFICER, "ida")
    client = Client()
    sign_in(client, "ida")
    assert client.get(f"/d/{district.slug}/").status_code == 200
    district.require_two_factor = True
    district.save()
    response = client.get(f"/d/{district.slug}/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/"
