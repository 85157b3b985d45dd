"""Account writes: two-factor devices, password notices, inviting members."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_noop
from django_otp import device_classes, devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.accounts.models import User
from teilhabe.audit.services import audit_record

BACKUP_CODE_COUNT = 10


class TwoFactorError(Exception):
    """A two-factor step failed; the message is meant for the user."""


def user_has_two_factor(*, user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def user_requires_two_factor(*, user: User) -> bool:
    """Two factors are required for members of districts that demand them, and for
    administrators of the whole installation."""
    if user.is_superuser and settings.PRODUCTION:
        return True
    return _two_factor_districts(user).exists()


def _two_factor_districts(user: User) -> QuerySet[Any]:
    return user.memberships.filter(
        is_active=True, district__require_two_factor=True, district__is_active=True
    )


@dataclass(frozen=True)
class TwoFactorState:
    has_device: bool  # a confirmed device of any kind (authenticator, backup codes)
    required: bool  # as ``user_requires_two_factor``


def two_factor_state(*, user: User) -> TwoFactorState:
    """``user_has_two_factor`` and ``user_requires_two_factor`` read in one query (one
    ``EXISTS`` per device kind and one for the districts' rule), for the check on every
    signed-in request; read afresh each time, so a revoked device or a changed rule
    counts on the next request."""
    flags = {
        f"device_{number}": Exists(model.objects.devices_for_user(user, confirmed=True))
        for number, model in enumerate(device_classes())
    }
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(required=Exists(_two_factor_districts(user)), **flags)
        .values("required", *flags)
        .first()
    )
    if row is None:  # the account was deleted since this request loaded it
        return TwoFactorState(has_device=False, required=False)
    superuser_rule = user.is_superuser and settings.PRODUCTION
    return TwoFactorState(
        has_device=any(row[name] for name in flags),
        required=superuser_rule or bool(row["required"]),
    )


@dataclass(frozen=True)
class TokenCheck:
    device: Device | None
    wait_seconds: int = 0  # > 0: every device is throttled after recent failures


def second_factor_check(*, user: User, token: str) -> TokenCheck:
    """Check a code against the user's authenticator and backup codes.

    django-otp slows down guessing: after a wrong code each device refuses further
    codes for 1, 2, 4 … seconds. When every device is waiting, say how long.
    """
    token = token.strip().replace(" ", "")
    waits = []
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            allowed, data = device.verify_is_allowed()
            if not allowed:
                until = (data or {}).get("locked_until")
                waits.append(
                    max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
                )
                continue
            if device.verify_token(token):
                return TokenCheck(device)
            waits.append(0)
    return TokenCheck(None, wait_seconds=min(waits) if waits and all(waits) else 0)


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Create a fresh, unconfirmed authenticator entry (replacing an unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice(user=user, name="Authenticator", confirmed=False)
    device.full_clean()
    device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device_id: int, token: str) -> list[str]:
    """Confirm the authenticator with a first code; return new one-time backup codes."""
    try:
        device = TOTPDevice.objects.select_for_update().get(
            pk=device_id, user=user, confirmed=False
        )
    except TOTPDevice.DoesNotExist:
        raise TwoFactorError("setup expired") from None
    if not device.verify_token(token.strip().replace(" ", "")):
        raise TwoFactorError("wrong code")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_renew(user=user)
    audit_record(actor=user, action="account.two_factor_enable", obj=user)
    return codes


@transaction.atomic
def backup_codes_renew(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    if user_requires_two_factor(user=user):
        raise TwoFactorError("required")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=user, action="account.two_factor_disable", obj=user)


def _send_in_language(user: User, template: str, context: dict[str, object], subject: str) -> None:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string(template, {"user": user, **context})
        send_mail(str(translation.gettext(subject)), body, None, [user.email])


def password_changed_notify(*, user: User) -> None:
    """Tell the user by e-mail that their password changed (after the commit)."""
    audit_record(actor=user, action="account.password_change", obj=user)
    if user.email:
        transaction.on_commit(
            lambda: _send_in_language(
                user,
                "accounts/email/password_changed.txt",
                {},
                gettext_noop("Your Teilhabe password was changed"),
            )
        )


def invitation_send(*, user: User, base_url: str, district_name: str) -> None:
    """Mail a new member a link to choose their password (after the commit)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    transaction.on_commit(
        lambda: _send_in_language(
            user,
            "accounts/email/invitation.txt",
            {"link": link, "district_name": district_name},
            gettext_noop("You have been invited to Teilhabe"),
        )
    )
