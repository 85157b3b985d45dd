"""Password rules beyond Django's own: an upper length limit and common German passwords.

Together with Django's validators (at least 12 characters, not similar to the user's
data, not in the list of 20,000 common passwords, not only digits) this follows
BSI ORP.4 and OWASP ASVS 6.2: long passphrases are welcome, composition rules are not.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 128

# Frequent German passwords and stems (HPI Identity Leak Checker yearly lists and
# similar published lists); a password is refused when it is one of these stems,
# possibly with digits or punctuation around it.
GERMAN_COMMON = frozenset(
    [
        "passwort",
        "kennwort",
        "geheim",
        "hallo",
        "hallihallo",
        "schatz",
        "schatzi",
        "liebe",
        "ichliebedich",
        "sommer",
        "winter",
        "fruehling",
        "frühling",
        "herbst",
        "sonne",
        "sonnenschein",
        "fussball",
        "fußball",
        "bayern",
        "borussia",
        "schalke",
        "dortmund",
        "deutschland",
        "berlin",
        "hamburg",
        "muenchen",
        "münchen",
        "koeln",
        "köln",
        "willkommen",
        "anmelden",
        "zugang",
        "benutzer",
        "administrator",
        "admin",
        "verwaltung",
        "landkreis",
        "rathaus",
        "integration",
        "teilhabe",
        "buergeramt",
        "bürgeramt",
        "qwertz",
        "asdfgh",
        "qwertz123",
        "schalke04",
        "hallo123",
        "mausi",
        "hasi",
        "engel",
        "blume",
        "tiger",
        "dragon",
    ]
)
_STRIP = re.compile(r"^[\d\W_]+|[\d\W_]+$")


class MaximumLengthValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > MAX_LENGTH:
            raise ValidationError(
                _("This password is too long; use at most %(max)d characters.")
                % {"max": MAX_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Your password may have up to %(max)d characters.") % {"max": MAX_LENGTH}


class GermanCommonPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        stem = _STRIP.sub("", password.strip().casefold())
        if stem in GERMAN_COMMON or password.casefold() in GERMAN_COMMON:
            raise ValidationError(
                _("This password is too common; a few unrelated words make a good password."),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Your password must not be a commonly used German password.")
