"""Protection of open surveys (no access code) against automated answers, without
cookies, third parties or stored addresses.

* A honeypot field on the start page that people never see or fill in.
* A limit of new answer sessions per client address and ``WINDOW_SECONDS``
  (``TEILHABE_SURVEYS_STARTS_PER_ADDRESS``). The address is kept only as a keyed
  digest that changes daily, only in the cache (memory by default: never in the
  database, gone after the window), and never together with the survey, so that
  anonymous answers cannot be linked to it. With the default per-process cache the
  limit applies per server process.

Only *starting* is limited: the pages of an answer session already started, a resent
last page (idempotent) and interviewer mode are never refused.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

WINDOW_SECONDS = 600
HONEYPOT = "website"


def client_key(request: HttpRequest) -> str:
    """A daily-changing keyed digest of the client address (never the address)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    day = timezone.localdate().isoformat()
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"surveys|{day}|{address}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


def start_allowed(request: HttpRequest) -> bool:
    """Count one start from this client; False when its allowance is used up."""
    limit = settings.TEILHABE_SURVEYS_STARTS_PER_ADDRESS
    if limit <= 0:
        return True
    key = f"surveys-starts:{client_key(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        used = 1
    return used <= limit


def looks_automated(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT, "").strip())
