"""The player's JSON body, read safely: its size, its depth and its values are bounded
before any form sees it."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

# The player's JSON is three levels deep (the session, its items, an item); a little room
# over that, and nothing a hostile body nests hundreds of levels deep reaches a recursion.
MAX_JSON_DEPTH = 8
# The largest session the player sends (500 items, 2,000 characters of notes) is under 40 KB.
MAX_SESSION_BYTES = 64 * 1024


class _NotANumber(ValueError):
    """NaN, Infinity or -Infinity: Python's json reads them, JSON itself has no such values."""


def _refuse_constant(name):
    raise _NotANumber(name)


def json_problem(value) -> str | None:
    """What makes a parsed JSON value unfit to store, or None: nesting deeper than
    ``MAX_JSON_DEPTH``, or half of a UTF-16 pair (\\ud800), which no database can store.
    Walked with a stack, not recursion, so any depth is answered."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return _("The JSON is nested too deeply.")
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return _("Text must be valid Unicode.")
        elif isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return None


def parse_json_object(body: bytes) -> dict:
    """The request body as a JSON object, or a ValidationError that says what is wrong."""
    if len(body or b"") > MAX_SESSION_BYTES:
        raise forms.ValidationError(
            _("The session is too large (at most %(kb)s KB).") % {"kb": MAX_SESSION_BYTES // 1024},
            code="too_large",
        )
    try:
        payload = json.loads(body or b"{}", parse_constant=_refuse_constant)
    except _NotANumber:
        raise forms.ValidationError(
            _("Numbers must be finite: NaN and Infinity are not JSON."), code="json"
        ) from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise forms.ValidationError(_("Send the session as JSON."), code="json") from None
    if not isinstance(payload, dict):
        raise forms.ValidationError(_("Send the session as a JSON object."), code="json")
    problem = json_problem(payload)
    if problem is not None:
        raise forms.ValidationError(problem, code="json")
    return payload
