"""Text the catalogue searches and shows in several languages: the search form of a text, and a
translated field reached through a relation (django-modeltranslation's columns)."""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import get_language as content_language
from modeltranslation.utils import get_translation_fields


def normalise_for_search(text: str) -> str:
    """Lower-case, no accents, no apostrophes, other punctuation as spaces: the same text
    on every database, so search behaves the same on SQLite and PostgreSQL. Letters and
    digits of every script are kept ("кошка", "猫"), so a search in any language is a search,
    not a filter silently dropped."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`]", "", text)
    return re.sub(r"[\W_]+", " ", text).strip()


def in_active_language(lookup: str):
    """A translated field reached through a relation (``"exercise__name"``) in the active
    language, or in English where it has none, for ``values()``: modeltranslation rewrites a
    model's own fields there, not those of a related model (exercises/translation.py)."""
    english = F(f"{lookup}_{settings.LANGUAGE_CODE}")
    language = content_language()
    if language == settings.LANGUAGE_CODE:
        return english
    text = models.TextField()  # the columns are modeltranslation's: say what comes out
    return Coalesce(
        NullIf(F(f"{lookup}_{language}"), Value(""), output_field=text), english, output_field=text
    )


def with_translations(*lookups: str) -> list[str]:
    """``lookups`` of translated fields and their every language's column, for ``only()``
    through a relation (``"routine__name"``), so reading the name loads nothing more."""
    found = []
    for lookup in lookups:
        *path, name = lookup.split("__")
        found += [lookup, *("__".join([*path, column]) for column in get_translation_fields(name))]
    return found
