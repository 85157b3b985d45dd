"""The documentation keeps up with the code: every command and every setting is described."""

import re
from pathlib import Path

from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
DEPLOYMENT = (ROOT / "docs" / "deployment.md").read_text()


def our_commands() -> dict[str, str]:
    return {
        name: app
        for name, app in get_commands().items()
        if app.startswith("teilhabe.") and name != "flush"
    }


def test_every_teilhabe_command_is_documented_and_has_help():
    commands = our_commands()
    assert {
        "demo",
        "serve",
        "worker",
        "areas_load",
        "district_create",
        "audit_verify",
        "jobs_prune",
    } <= set(commands)
    for name, app in commands.items():
        command = load_command_class(app, name)
        assert command.help and len(command.help) > 20, name
        spelled = {name, name.replace("_", "-")}
        assert any(f"teilhabe {s}" in README for s in spelled), f"README lacks `teilhabe {name}`"


def test_every_setting_read_from_the_environment_is_documented():
    source = (ROOT / "teilhabe" / "settings.py").read_text()
    names = set(re.findall(r'env(?:_bool|_int|_list)?\(\s*"([A-Z][A-Z0-9_]+)"', source))
    assert len(names) > 30
    missing = sorted(name for name in names if f"`{name}`" not in DEPLOYMENT)
    assert missing == []


def test_readme_has_the_two_commands():
    assert "uv run teilhabe demo" in README
    assert "uv run pytest" in README
