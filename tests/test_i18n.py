"""The translation catalogues: German and English complete, public strings translated into
every public language, compiled files current, and pages that declare their language."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings

from teilhabe.core.i18n import catalogue_dirs

CATALOGUES = catalogue_dirs()
FOUNDATION = CATALOGUES[0]


def catalog(lang: str, kind: str = "po", folder: Path = FOUNDATION):
    path = folder / lang / "LC_MESSAGES" / f"django.{kind}"
    with path.open("rb") as handle:
        return read_po(handle) if kind == "po" else read_mo(handle)


FOLDERS = pytest.mark.parametrize("folder", CATALOGUES, ids=lambda p: str(p.parent.name))


def untranslated(cat, *, context: str | None = ...):  # type: ignore[assignment]
    missing = []
    for message in cat:
        if not message.id or (context is not ... and message.context != context):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            missing.append(message.id)
    return missing


@FOLDERS
@pytest.mark.parametrize("lang", ["de", "en"])
def test_staff_languages_are_complete(lang, folder):
    cat = catalog(lang, folder=folder)
    assert len(cat) > (300 if folder == FOUNDATION else 0)
    assert untranslated(cat) == []


@pytest.mark.parametrize(
    "lang", [code for code, _ in settings.LANGUAGES if code not in {"de", "en"}]
)
def test_public_strings_exist_in_every_public_language(lang):
    cat = catalog(lang)
    public = [m for m in cat if m.context == "public"]
    assert len(public) >= 25
    assert untranslated(cat, context="public") == []


@pytest.mark.parametrize("folder", CATALOGUES[1:], ids=lambda p: str(p.parent.name))
@pytest.mark.parametrize(
    "lang", [code for code, _ in settings.LANGUAGES if code not in {"de", "en"}]
)
def test_module_public_strings_exist_in_every_public_language(lang, folder):
    """A module's public pages speak every public language, like the foundation's."""
    assert untranslated(catalog(lang, folder=folder), context="public") == []


@FOLDERS
@pytest.mark.parametrize("lang", [code for code, _ in settings.LANGUAGES])
def test_compiled_catalogues_match_their_sources(lang, folder):
    def entries(cat):
        result = {}
        for m in cat:
            context = m.context.decode() if isinstance(m.context, bytes) else m.context
            key = (context, tuple(m.id) if isinstance(m.id, list | tuple) else m.id)
            value = tuple(m.string) if isinstance(m.string, list | tuple) else m.string
            untranslated_plural = isinstance(value, tuple) and value == key[1]
            if (
                m.id
                and any(value if isinstance(value, tuple) else [value])
                and not untranslated_plural
            ):
                result[key] = value
        return result

    assert entries(catalog(lang, "mo")) == entries(catalog(lang)), (
        "run: uv run teilhabe i18n_compile"
    )


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for lang, folder in [(code, f) for code, _ in settings.LANGUAGES for f in CATALOGUES]:
        for message in catalog(lang, folder=folder):
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = set(pattern.findall(ids[-1]))
            if len(ids) == 1:
                assert set(pattern.findall(strings[0])) == wanted, (lang, message.id, strings)
                continue
            # Plural forms: a form for one may leave the count out ("Der Name wurde
            # erkannt."), but no form may bring a placeholder of its own, and the last
            # (general) form keeps them all.
            for string in strings:
                assert set(pattern.findall(string)) <= wanted, (lang, message.id, string)
            if strings[-1]:
                assert set(pattern.findall(strings[-1])) == wanted, (lang, message.id, strings)


@pytest.mark.django_db
def test_german_is_the_default_and_english_the_second():
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="")  # a browser that states no preference
    login = client.get("/account/login/")
    assert login["Content-Language"] == "de"
    assert "Passwort vergessen?" in login.content.decode()
    english = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Forgot your password?" in english.content.decode()


@pytest.mark.parametrize("lang", [code for code, _ in settings.LANGUAGES])
def test_a_message_means_one_thing_in_all_catalogues(lang):
    """gettext merges the catalogues into one: where two catalogues translate the same
    message (and context) differently, one module's wording silently replaces the other's
    ("Change" as a button became "Veränderung"). Such messages need a context."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for folder in CATALOGUES:
        for message in catalog(lang, folder=folder):
            if message.id and isinstance(message.id, str) and message.string:
                key = (message.context, message.id)
                seen.setdefault(key, {})[folder.parent.name] = message.string
    differing = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert differing == {}
