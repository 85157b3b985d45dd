"""Duplicate detection for organisations and contacts (no Django): similar names
(rapidfuzz token-set ratio on normalised names), the same address, the same phone
number or e-mail address. Each match says why it matched."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

NAME_THRESHOLD = 88
ADDRESS_THRESHOLD = 92
_LEGAL_FORMS = re.compile(
    r"\b(e\.?\s?v\.?|ev|ggmbh|gmbh|ug|gbr|e\.?\s?k\.?|mbh|ag)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Candidate:
    key: int | str
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class Match:
    key: int | str
    score: float
    reasons: list[str] = field(default_factory=list)


def normal_name(name: str) -> str:
    return utils.default_process(_LEGAL_FORMS.sub(" ", name or ""))


def normal_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0049"):
        digits = "0" + digits[4:]
    elif digits.startswith("49") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def normal_address(address: str) -> str:
    text = (
        (address or "")
        .casefold()
        .replace("straße", "str")
        .replace("strasse", "str")
        .replace("str.", "str")
    )
    return utils.default_process(text)


def find_duplicates(item: Candidate, others: Sequence[Candidate], *, limit: int = 5) -> list[Match]:
    """The existing entries most likely to be the same as ``item``, best first."""
    matches: dict[int | str, Match] = {}
    name = normal_name(item.name)
    if name:
        names = {o.key: normal_name(o.name) for o in others}
        for _text, score, key in process.extract(
            name, names, scorer=fuzz.token_set_ratio, score_cutoff=NAME_THRESHOLD, limit=limit * 2
        ):
            matches.setdefault(key, Match(key, 0)).reasons.append(f"name {score:.0f} %")
            matches[key].score = max(matches[key].score, float(score))
    phone = normal_phone(item.phone)
    email = (item.email or "").strip().casefold()
    address = normal_address(item.address)
    for other in others:
        reasons = []
        if phone and len(phone) >= 6 and normal_phone(other.phone) == phone:
            reasons.append("phone")
        if email and (other.email or "").strip().casefold() == email:
            reasons.append("e-mail")
        if address and len(address) > 6:
            score = fuzz.ratio(address, normal_address(other.address))
            if score >= ADDRESS_THRESHOLD:
                reasons.append(f"address {score:.0f} %")
        if reasons:
            match = matches.setdefault(other.key, Match(other.key, 0))
            match.reasons.extend(reasons)
            match.score = max(match.score, 95.0)
    ranked = sorted(matches.values(), key=lambda m: (-len(m.reasons), -m.score))
    return ranked[:limit]


def duplicates_within(items: Iterable[Candidate]) -> dict[int | str, list[Match]]:
    """For each item, the earlier items of the same batch it probably duplicates."""
    seen: list[Candidate] = []
    result: dict[int | str, list[Match]] = {}
    for item in items:
        found = find_duplicates(item, seen)
        if found:
            result[item.key] = found
        seen.append(item)
    return result
