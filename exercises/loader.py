"""Read the built-in knowledge from source files and upsert it by slug.

The exercises come from exercises/catalogue/*.toml, the screening conditions from
exercises/safety/conditions.toml. ``read_catalogue`` and ``read_conditions`` turn each entry
into model field values and validate them with the model's own ``full_clean`` (the rules the
admin applies too), stopping at the first problem with a message naming the file and the entry;
``upsert_by_slug`` writes the rows in one transaction, touching only those whose content
changed, so loading twice changes nothing and improving a text updates that row in place
(routines and screenings keep pointing at it).

Every language of settings.LANGUAGES other than English has its words in a
``<name>.<language>.toml`` beside each file (exercises/translations.py): they fill the
``<field>_<language>`` columns (exercises/translation.py), and a missing entry, a missing or
empty field or a list of the wrong length refuses the whole load, naming file, entry and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, before it joined the standard library
    import tomli as tomllib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation

from exercises.figures import FigureError, validate_figure
from exercises.models import (
    DOSAGE_FIELDS,
    RANGED,
    SLUG,
    Condition,
    Exercise,
    Source,
)
from exercises.translations import CONDITIONS, EXERCISES, TranslationError
from exercises.translations import Source as ContentSource
from exercises.translations import read as read_translation

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
CONDITIONS_FILE = Path(__file__).resolve().parent / "safety" / "conditions.toml"

REQUIRED = {
    "slug",
    "name",
    "summary",
    "category",
    "regions",
    "position",
    "difficulty",
    "steps",
    "cautions",
    "sources",
    "dosage",
}
OPTIONAL = {"aliases", "equipment", "tags", "breathing", "specialist", "figure"}
# The source's dosage table: the model's dosage fields, ranges given as [min, max] with a
# default_<amount> instead of <amount>_min and <amount>_max.
DOSAGE_KEYS = {
    *(name for name in DOSAGE_FIELDS if not name.endswith(("_min", "_max"))),
    *(f"default_{name}" for name in RANGED),
}


class CatalogueError(ValueError):
    """The source data is wrong; the message names the file and the exercise."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_source: list[str] = field(default_factory=list)

    def __str__(self):
        text = f"{len(self.created)} new, {len(self.updated)} updated, {self.unchanged} unchanged"
        if self.not_in_source:
            text += f"; in the database but not in the source: {', '.join(self.not_in_source)}"
        return text


def read_catalogue(directory: Path = CATALOGUE_DIR) -> list[dict]:
    """Every exercise in the source files as a dict of model field values, validated, with
    its words in every language."""
    rows: list[dict] = []
    seen_slugs: dict[str, str] = {}
    seen_names: dict[tuple[str, str], str] = {}
    # stretch.toml, not its translations (stretch.ru.toml)
    files = sorted(path for path in directory.glob("*.toml") if path.suffixes == [".toml"])
    if not files:
        raise CatalogueError(f"{directory}: no catalogue files (*.toml) found")
    for path in files:
        data = read_toml(path)
        unknown_tables = set(data) - {"exercise"}
        if unknown_tables:
            raise CatalogueError(f"{path.name}: unknown top-level keys {sorted(unknown_tables)}")
        file_rows = []
        for index, entry in enumerate(data.get("exercise", []), start=1):
            label = _label(entry, index)
            try:
                row = _exercise_row(entry)
                validate(Exercise, row, names=SOURCE_NAMES)
            except CatalogueError as error:
                raise CatalogueError(f"{path.name}: exercise {label!r}: {error}") from None
            for key, seen, what in (
                (row["slug"], seen_slugs, "slug"),
                (("en", row["name"].casefold()), seen_names, "name"),
            ):
                if key in seen:
                    raise CatalogueError(
                        f"{path.name}: exercise {label!r}: duplicate {what} (also in {seen[key]})"
                    )
                seen[key] = path.name
            file_rows.append(row)
        add_translations(path, EXERCISES, Exercise, file_rows)
        for row in file_rows:
            for language in other_languages():
                key = (language, row[f"name_{language}"].casefold())
                if key in seen_names:
                    raise CatalogueError(
                        f"{path.stem}.{language}.toml [{row['slug']}]: name: the same as "
                        f"another exercise's (in {seen_names[key]})"
                    )
                seen_names[key] = f"{path.stem}.{language}.toml"
        rows += file_rows
    return rows


def other_languages() -> list[str]:
    """The languages whose words come from translation files: every one but the source's."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def add_translations(
    path: Path, source: ContentSource, model, rows: list[dict], columns=None
) -> None:
    """Add to each row read from ``path`` its words in every language, from the files beside
    it, as the model's ``<field>_<language>`` values, checked by the model (a name too long
    for its column is refused too). The English ones are the row's own. ``columns`` names the
    model's field where it is not the translation's (a programme's description is its notes)."""
    model_fields = {f.name for f in model._meta.fields}
    translated = {
        item.name: (columns or {}).get(item.name, item.name)
        for item in source.fields
        if (columns or {}).get(item.name, item.name) in model_fields
    }
    for row in rows:
        row.update(
            {
                f"{column}_{settings.LANGUAGE_CODE}": row[column]
                for column in translated.values()
                if column in row  # an exercise without breathing words has none to translate
            }
        )
        if "figure_words" in model_fields:
            row["figure_words"] = {}
    for language in other_languages():
        where = f"{path.stem}.{language}.toml"
        try:
            words = read_translation(path, language, source)
        except TranslationError as error:
            raise CatalogueError(str(error)) from None
        for row in rows:
            entry = words[row["slug"]]
            localised = {
                f"{column}_{language}": _words(entry.get(name), like=row[column])
                for name, column in translated.items()
                if column in row
            }
            names = {f"{column}_{language}": name for name, column in translated.items()}
            try:
                validate(
                    model,
                    {k: v for k, v in {**row, **localised}.items() if k in model_fields},
                    names=names,
                )
            except CatalogueError as error:
                raise CatalogueError(f"{where} [{row['slug']}]: {error}") from None
            row.update(localised)
            if entry.get("figure_description"):
                figure_words = {"description": _text(entry["figure_description"])}
                if entry.get("keyframes"):
                    figure_words["labels"] = _words(entry["keyframes"], like=[])
                row["figure_words"][language] = figure_words


def _words(value, like):
    """A translated text or list, stripped; absent where the English is empty too."""
    if value is None:
        return [] if isinstance(like, list) else ""
    return [_text(line) for line in value] if isinstance(value, list) else _text(value)


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path.name}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path.name}: not valid TOML: {error}") from None


def _label(entry, index: int) -> str:
    slug = entry.get("slug") if isinstance(entry, dict) else None
    return slug if isinstance(slug, str) and slug else f"entry #{index}"


# The exercise's fields named as the source file names them, for messages.
SOURCE_NAMES = {
    **{f"{name}{end}": f"dosage.{name}" for name in RANGED for end in ("", "_min", "_max")},
    "seconds_per_rep": "dosage.seconds_per_rep",
    "rest_seconds": "dosage.rest_seconds",
    "per_side": "dosage.per_side",
    "mode": "dosage.mode",
}


def validate(model: type[models.Model], row: dict, exclude=None, names=None) -> None:
    """The model's own validation (fields and ``clean``), without the database: the rows
    are checked against each other by the reader, and the database's constraints hold."""
    try:
        with translation.override(settings.LANGUAGE_CODE):  # clean() reads the English
            model(**row).full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
    except ValidationError as error:
        problems = [
            f"{(names or {}).get(name, name)}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
        raise CatalogueError("; ".join(problems)) from None


def _text(value):
    return value.strip() if isinstance(value, str) else value


def _exercise_row(entry: dict) -> dict:
    if not isinstance(entry, dict):
        raise CatalogueError("must be a table")
    missing = REQUIRED - set(entry)
    if missing:
        raise CatalogueError(f"missing field(s): {', '.join(sorted(missing))}")
    unknown = set(entry) - REQUIRED - OPTIONAL
    if unknown:
        raise CatalogueError(f"unknown field(s): {', '.join(sorted(unknown))}")

    row = {
        name: _text(entry[name])
        for name in (REQUIRED | OPTIONAL) - {"dosage", "figure"}
        if name in entry
    }
    for name in ("aliases", "steps", "cautions"):
        if isinstance(row.get(name), list):
            row[name] = [_text(line) for line in row[name]]
    row.update(_dosage_fields(entry["dosage"]))
    row["figure"] = _figure(entry.get("figure"), row["mode"])
    return row


def _figure(raw, mode) -> dict:
    """The figure is checked by exercises.figures (one place for its rules)."""
    if raw is None:
        return {}
    try:
        return validate_figure(raw, mode=mode)
    except FigureError as error:
        raise CatalogueError(f"figure: {error}") from None


def _amount(dosage: dict, key: str) -> tuple:
    """A number, or a [min, max] range with its default: (default, min, max). Whether the
    values are allowed is the model's business."""
    value = dosage[key]
    default_key = f"default_{key}"
    if isinstance(value, int) and not isinstance(value, bool):
        if default_key in dosage:
            raise CatalogueError(f"dosage.{default_key} is only for a range")
        return value, None, None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise CatalogueError(f"dosage.{key} must be a number or a [min, max] range")
    if default_key not in dosage:
        raise CatalogueError(f"dosage.{key} is a range, so dosage.{default_key} is required")
    return dosage[default_key], *value


def _dosage_fields(dosage) -> dict:
    if not isinstance(dosage, dict):
        raise CatalogueError("dosage must be a table")
    unknown = set(dosage) - DOSAGE_KEYS
    if unknown:
        raise CatalogueError(f"unknown dosage field(s): {', '.join(sorted(unknown))}")
    values = {
        "mode": dosage.get("mode", ""),
        "seconds": 0,
        "reps": 1,
        "seconds_per_rep": 0,
        "sets": 1,
        "per_side": dosage.get("per_side", False),
        "rest_seconds": 0,
    }
    for key in RANGED:
        values[f"{key}_min"] = values[f"{key}_max"] = None
        if key in dosage:
            values[key], values[f"{key}_min"], values[f"{key}_max"] = _amount(dosage, key)
        elif f"default_{key}" in dosage:
            raise CatalogueError(f"dosage.default_{key} is only for a range")
    for key in ("seconds_per_rep", "rest_seconds"):
        if key in dosage:
            values[key], _, _ = _amount(dosage, key)
    return values


CONDITION_KEYS = {
    "slug",
    "group",
    "label",
    "question",
    "outcome",
    "avoid_categories",
    "avoid_tags",
    "caution_categories",
    "caution_tags",
    "advice",
    "sources",
}
CONDITION_SOURCES = {*Source.values, "PAR-Q+", "red-flags", "guidance"}


def read_conditions(path: Path = CONDITIONS_FILE) -> list[dict]:
    """Every screening condition in the source file as a dict of model field values."""
    data = read_toml(path)
    rows, seen = [], set()
    for index, entry in enumerate(data.get("condition", []), start=1):
        label = _label(entry, index)
        try:
            row = _condition_row(entry, index)
            validate(Condition, row)
        except CatalogueError as error:
            raise CatalogueError(f"{path.name}: condition {label!r}: {error}") from None
        if row["slug"] in seen:
            raise CatalogueError(f"{path.name}: condition {label!r}: duplicate slug")
        seen.add(row["slug"])
        rows.append(row)
    add_translations(path, CONDITIONS, Condition, rows)
    return rows


def _condition_row(entry: dict, position: int) -> dict:
    if not isinstance(entry, dict):
        raise CatalogueError("must be a table")
    missing = CONDITION_KEYS - set(entry)
    if missing:
        raise CatalogueError(f"missing field(s): {', '.join(sorted(missing))}")
    unknown = set(entry) - CONDITION_KEYS
    if unknown:
        raise CatalogueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    if not isinstance(entry["slug"], str) or not SLUG.match(entry["slug"]):
        raise CatalogueError("slug must be lowercase words joined by hyphens")
    sources = entry["sources"]
    if not isinstance(sources, list) or not sources or not set(sources) <= CONDITION_SOURCES:
        raise CatalogueError(f"sources must be some of {sorted(CONDITION_SOURCES)}")
    return {
        **{name: _text(entry[name]) for name in CONDITION_KEYS},
        "position": position,
        "sources": list(sources),
    }


@transaction.atomic
@translation.override(settings.LANGUAGE_CODE)
def upsert_by_slug(model, rows: list[dict]) -> LoadReport:
    """Create new rows, update changed ones in place, leave the rest alone. In the source
    language, so a translated field's own column (``name``) holds the English, as its
    ``name_en`` does."""
    fields = [f.name for f in model._meta.concrete_fields if f.editable and f.name != "id"]
    report = LoadReport()
    existing = {obj.slug: obj for obj in model.objects.select_for_update()}
    new = []
    for row in rows:
        obj = existing.pop(row["slug"], None)
        if obj is None:
            obj = model(**row)
            if hasattr(obj, "refresh_derived_fields"):
                obj.refresh_derived_fields()  # bulk_create does not call save()
            new.append(obj)
            report.created.append(row["slug"])
            continue
        changed = [name for name in fields if name in row and getattr(obj, name) != row[name]]
        if changed:
            for name in changed:
                setattr(obj, name, row[name])
            obj.save()
            report.updated.append(row["slug"])
        else:
            report.unchanged += 1
    model.objects.bulk_create(new)
    report.not_in_source = sorted(existing)
    return report


def load_catalogue(directory: Path = CATALOGUE_DIR) -> LoadReport:
    return upsert_by_slug(Exercise, read_catalogue(directory))


def load_conditions(path: Path = CONDITIONS_FILE) -> LoadReport:
    return upsert_by_slug(Condition, read_conditions(path))


@transaction.atomic
def load_all(directory: Path = CATALOGUE_DIR) -> dict[str, LoadReport]:
    """The catalogue and the conditions together: both load, or neither does."""
    return {"Catalogue": load_catalogue(directory), "Safety conditions": load_conditions()}
