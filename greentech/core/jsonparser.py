"""The API's JSON parser: DRF's, refusing with a 400 what would otherwise fail deep inside:

- nesting deeper than `settings.JSON_MAX_DEPTH` (32) objects or arrays: no request of the API
  needs more than a few levels, and a body nested a thousand deep exhausts Python's recursion;
- a NUL character (`\\u0000`) in any key or string: PostgreSQL cannot store or compare it.

The depth is measured on the text before it is decoded, in one pass without recursion.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

DEFAULT_MAX_DEPTH = 32


def max_depth() -> int:
    return int(getattr(settings, "JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH))


def nesting_depth(text: str, *, limit: int) -> int:
    """The deepest nesting of objects and arrays in JSON `text` (strings skipped), counting no
    further than `limit` + 1."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def holds_nul(data) -> bool:
    """Whether any key or string of decoded JSON `data` holds a NUL character."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class SafeJSONParser(JSONParser):
    """DRF's JSON parser with a nesting limit and no NUL characters (400 for either)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("The JSON body is not valid UTF-8.")) from exc
        limit = max_depth()
        if nesting_depth(text, limit=limit) > limit:
            raise ParseError(
                _("The JSON body is nested deeper than %(limit)d levels.") % {"limit": limit}
            )
        try:
            data = json.loads(text, parse_constant=self._refuse_constant if self.strict else None)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The JSON body is not valid: %(error)s") % {"error": exc}) from exc
        if holds_nul(data):
            raise ParseError(_("The JSON body holds a NUL character, which no field accepts."))
        return data

    @staticmethod
    def _refuse_constant(name):  # NaN and Infinity, as DRF's STRICT_JSON refuses them
        raise ValueError(f"{name} is not a JSON number")
