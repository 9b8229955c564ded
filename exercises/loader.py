"""Read the built-in knowledge from source files and upsert it by slug.

The exercises come from exercises/catalogue/*.toml, the screening conditions from
exercises/safety/conditions.toml. ``read_catalogue`` and ``read_conditions`` turn each entry
into model field values and validate them with the model's own ``full_clean`` (the rules the
admin applies too), stopping at the first problem with a message naming the file and the entry;
``upsert_by_slug`` writes the rows in one transaction, touching only those whose content
changed, so loading twice changes nothing and improving a text updates that row in place
(routines and screenings keep pointing at it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, before it joined the standard library
    import tomli as tomllib

from django.core.exceptions import ValidationError
from django.db import models, transaction

from exercises.figures import FigureError, validate_figure
from exercises.models import (
    DOSAGE_FIELDS,
    RANGED,
    SLUG,
    Condition,
    Exercise,
    Source,
)

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
    """Every exercise in the source files as a dict of model field values, validated."""
    rows: list[dict] = []
    seen_slugs: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    # English sources only: <name>.<language>.toml next to them are their translations.
    files = sorted(path for path in directory.glob("*.toml") if path.suffixes == [".toml"])
    if not files:
        raise CatalogueError(f"{directory}: no catalogue files (*.toml) found")
    for path in files:
        data = read_toml(path)
        unknown_tables = set(data) - {"exercise"}
        if unknown_tables:
            raise CatalogueError(f"{path.name}: unknown top-level keys {sorted(unknown_tables)}")
        for index, entry in enumerate(data.get("exercise", []), start=1):
            label = _label(entry, index)
            try:
                row = _exercise_row(entry)
                validate(Exercise, row, names=SOURCE_NAMES)
            except CatalogueError as error:
                raise CatalogueError(f"{path.name}: exercise {label!r}: {error}") from None
            for key, seen, what in (
                (row["slug"], seen_slugs, "slug"),
                (row["name"].casefold(), seen_names, "name"),
            ):
                if key in seen:
                    raise CatalogueError(
                        f"{path.name}: exercise {label!r}: duplicate {what} (also in {seen[key]})"
                    )
                seen[key] = path.name
            rows.append(row)
    return rows


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
        model(**row).full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
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
def upsert_by_slug(model, rows: list[dict]) -> LoadReport:
    """Create new rows, update changed ones in place, leave the rest alone."""
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
