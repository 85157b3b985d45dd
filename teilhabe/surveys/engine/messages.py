"""Messages of the engine in a form the interface can translate.

The engine has no Django, so it cannot translate. It words every message in English
with named placeholders, marked with :func:`gettext_noop` (the name xgettext knows, as
in Django) so that ``teilhabe i18n_update`` collects
it; the interface translates the text and fills in the values
(``gettext(message.text) % message.params``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def gettext_noop(text: str) -> str:
    return text


@dataclass(frozen=True)
class Message:
    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text % self.params if self.params else self.text


class EngineError(ValueError):
    """An error whose message the interface can translate."""

    def __init__(self, message: str, /, **params: Any) -> None:
        self.message = Message(message, params)
        super().__init__(str(self.message))
