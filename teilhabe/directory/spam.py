"""Spam protection for public forms, without third parties and without cookies.

* A honeypot field (``homepage``) that people never see or fill in.
* A signed time stamp in the form: forms sent back sooner than
  :data:`MIN_FILL_SECONDS` after they were shown, or older than a day, are refused.
* A rate limit per client address: the address is kept only as a keyed digest that
  changes daily (``Throttle``), and old rows are deleted by ``directory_daily``.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone

from teilhabe.directory.models import Throttle

MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 60 * 60 * 24
_SALT = "teilhabe.directory.form-time"
LIMITS = {"submission": (5, 3600), "report": (10, 3600)}


def form_stamp() -> str:
    return signing.TimestampSigner(salt=_SALT).sign("form")


def stamp_problem(stamp: str) -> str:
    """Why a form's time stamp is not acceptable ('' when it is)."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        signer.unsign(stamp, max_age=MAX_FORM_AGE)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "invalid"
    try:
        signer.unsign(stamp, max_age=MIN_FILL_SECONDS)
    except signing.SignatureExpired:
        return ""  # older than the minimum: a person took their time
    return "too_fast"


def client_key(request: HttpRequest) -> str:
    """A daily-changing keyed digest of the client address (never the address itself)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    day = timezone.localdate().isoformat()
    key = hmac.new(settings.SECRET_KEY.encode(), f"{day}|{address}".encode(), hashlib.sha256)
    return key.hexdigest()


def rate_limited(request: HttpRequest, action: str) -> bool:
    """True when this client has used up its allowance for ``action``; otherwise count
    this use and return False."""
    limit, seconds = LIMITS[action]
    key = client_key(request)
    since = timezone.now() - timedelta(seconds=seconds)
    if Throttle.objects.filter(key=key, action=action, at__gte=since).count() >= limit:
        return True
    Throttle.objects.create(key=key, action=action)
    return False


def throttle_prune(*, older_than_days: int = 2) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = Throttle.objects.filter(at__lt=cutoff).delete()
    return deleted
