"""A notice's text, kept as a message and its values, rendered in the reader's language.

A notice used to be stored as text rendered in the language active when it was given, so an
English reader got Vietnamese (issue 10 §6). Now the giver passes the English message, marked with
``gettext_noop`` so that it is in the catalogues, and its values; ``freeze`` turns each value into
what a JSON column keeps, and ``render`` translates the message when the notice is read
(ADR 0027). A value is one of:

- a plain text or number, shown as it is (a task's content, a count);
- a text per language, ``{"vi": …, "en": …}``: what a lazy translation (an enum's label) or a
  unit (its ``name`` and ``name_en``) reads in each language, frozen when the notice is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from mandate.organisations.models import OrgUnit

Frozen = str | int | dict[str, str]


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def freeze(params: Mapping[str, Any]) -> dict[str, Frozen]:
    """The values of a message as a JSON column keeps them: see the module's docstring."""
    frozen: dict[str, Frozen] = {}
    for name, value in params.items():
        if isinstance(value, Promise):
            texts: dict[str, str] = {}
            for code in _languages():
                with translation.override(code):
                    texts[code] = str(value)
            frozen[name] = texts
        elif isinstance(value, OrgUnit):  # its name, and its English name where it has one
            names = {code: str(value.name) for code in _languages()}
            if value.name_en:
                names["en"] = str(value.name_en)
            frozen[name] = names
        elif isinstance(value, bool):
            frozen[name] = str(value)
        elif isinstance(value, int):
            frozen[name] = value
        else:
            frozen[name] = str(value)
    return frozen


def _shown(value: Any, language: str) -> str:
    if isinstance(value, dict):
        for code in (language, settings.LANGUAGE_CODE, *value):
            if code in value:
                return str(value[code])
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def render(message: str, params: Mapping[str, Any] | None, *, fallback: str = "") -> str:
    """The message in the active language with its values; ``fallback`` when there is no message
    or the values do not fit it (a catalogue changed since: the stored text is better than none)."""
    if not message:
        return fallback
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    values = {name: _shown(value, language) for name, value in (params or {}).items()}
    try:
        return gettext(message) % values
    except (KeyError, TypeError, ValueError):
        return fallback or message
