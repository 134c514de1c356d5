"""The API reads JSON bodies (multipart only on the routes that take a file).

Python's ``json`` recurses once per level of nesting, so a body of a few thousand ``[`` raises
``RecursionError`` — a server error — instead of a refusal. No body of this API is nested more
than a few levels, so anything deeper than ``MAX_DEPTH`` is refused as malformed (400) before it
reaches a serializer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (iterative, so it never recurses itself)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class MalformedBodyError(ParseError):
    """A body we could not read, with our own message (already in the user's language)."""


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as err:
            raise MalformedBodyError(_("The body is nested too deeply.")) from err
        except ParseError as err:
            # DRF's text is English and quotes the decoder; ours says what to do, in the user's language.
            raise MalformedBodyError(_("The body is not valid JSON.")) from err
        if _too_deep(data):
            raise MalformedBodyError(_("The body is nested too deeply."))
        return data
