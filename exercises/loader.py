"""Read the built-in knowledge from source files and upsert it by slug.

The exercises come from exercises/catalogue/*.toml, the screening conditions from
exercises/safety/conditions.toml. ``read_catalogue`` and ``read_conditions`` validate every
entry and stop at the first problem with a message naming the file and the entry;
``upsert_by_slug`` writes the rows in one transaction, touching only those whose content
changed, so loading twice changes nothing and improving a text updates that row in place
(routines and screenings keep pointing at it).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from exercises.dosage import BOUNDS
from exercises.figures import FigureError, validate_figure
from exercises.models import (
    Category,
    Condition,
    ConditionGroup,
    ConditionOutcome,
    Difficulty,
    Equipment,
    Exercise,
    Mode,
    Position,
    Region,
    Source,
    Tag,
    forget_cached_rules,
)

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
CONDITIONS_FILE = Path(__file__).resolve().parent / "safety" / "conditions.toml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

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
DOSAGE_KEYS = {
    "mode",
    "seconds",
    "default_seconds",
    "reps",
    "default_reps",
    "seconds_per_rep",
    "sets",
    "default_sets",
    "per_side",
    "rest_seconds",
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
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise CatalogueError(f"{directory}: no catalogue files (*.toml) found")
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise CatalogueError(f"{path.name}: not valid TOML: {error}") from None
        unknown_tables = set(data) - {"exercise"}
        if unknown_tables:
            raise CatalogueError(f"{path.name}: unknown top-level keys {sorted(unknown_tables)}")
        for index, entry in enumerate(data.get("exercise", []), start=1):
            label = entry.get("slug") or f"entry #{index}"
            try:
                row = _exercise_row(entry)
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


def _choice(value, choices, what):
    if value not in choices.values:
        raise CatalogueError(f"unknown {what} {value!r} (expected one of {choices.values})")
    return value


def _choice_list(value, choices, what, *, allow_empty):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(f"{what} must be a list of words")
    if not value and not allow_empty:
        raise CatalogueError(f"{what} needs at least one value")
    for item in value:
        _choice(item, choices, what)
    if len(set(value)) != len(value):
        raise CatalogueError(f"{what} repeats a value")
    return value


def _text(value, what, *, required=True):
    if not isinstance(value, str) or (required and not value.strip()):
        raise CatalogueError(f"{what} must be {'a non-empty' if required else 'a'} string")
    return value.strip()


def _texts(value, what, minimum):
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogueError(f"{what} must be a list of non-empty strings")
    if len(value) < minimum:
        raise CatalogueError(f"{what} needs at least {minimum} item(s), found {len(value)}")
    return [v.strip() for v in value]


def _amount(dosage, key, bounds_key, default_key=None):
    """An int, or a [min, max] range with a default inside it: (default, min, max)."""
    low_bound, high_bound = BOUNDS[bounds_key]
    value = dosage[key]
    if isinstance(value, bool):
        raise CatalogueError(f"dosage.{key} must be a number or a [min, max] range")
    if isinstance(value, int):
        if not low_bound <= value <= high_bound:
            raise CatalogueError(f"dosage.{key} = {value} is outside {low_bound}–{high_bound}")
        if default_key and default_key in dosage:
            raise CatalogueError(f"dosage.{default_key} is only for a range")
        return value, None, None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise CatalogueError(f"dosage.{key} must be a number or a [min, max] range")
    low, high = value
    if low > high:
        raise CatalogueError(f"dosage.{key} range {value} has min above max")
    if low < low_bound or high > high_bound:
        raise CatalogueError(f"dosage.{key} range {value} is outside {low_bound}–{high_bound}")
    if default_key not in dosage:
        raise CatalogueError(f"dosage.{key} is a range, so dosage.{default_key} is required")
    default = dosage[default_key]
    if not isinstance(default, int) or isinstance(default, bool) or not low <= default <= high:
        raise CatalogueError(f"dosage.{default_key} = {default!r} is outside the range {value}")
    return default, low, high


def _exercise_row(entry: dict) -> dict:
    if not isinstance(entry, dict):
        raise CatalogueError("must be a table")
    missing = REQUIRED - set(entry)
    if missing:
        raise CatalogueError(f"missing field(s): {', '.join(sorted(missing))}")
    unknown = set(entry) - REQUIRED - OPTIONAL
    if unknown:
        raise CatalogueError(f"unknown field(s): {', '.join(sorted(unknown))}")

    slug = _text(entry["slug"], "slug")
    if not SLUG.match(slug) or len(slug) > 80:
        raise CatalogueError("slug must be lowercase words joined by hyphens (at most 80)")
    difficulty = entry["difficulty"]
    if difficulty not in Difficulty.values:
        raise CatalogueError(f"unknown difficulty {difficulty!r} (expected 1, 2 or 3)")
    summary = _text(entry["summary"], "summary")
    if len(summary) > 300:
        raise CatalogueError("summary is longer than 300 characters")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise CatalogueError("aliases must be a list of non-empty strings")

    row = {
        "slug": slug,
        "name": _text(entry["name"], "name"),
        "aliases": [a.strip() for a in aliases],
        "summary": summary,
        "category": _choice(entry["category"], Category, "category"),
        "regions": _choice_list(entry["regions"], Region, "regions", allow_empty=False),
        "position": _choice(entry["position"], Position, "position"),
        "equipment": _choice_list(
            entry.get("equipment", []), Equipment, "equipment", allow_empty=True
        ),
        "difficulty": difficulty,
        "tags": _choice_list(entry.get("tags", []), Tag, "tags", allow_empty=True),
        "steps": _texts(entry["steps"], "steps", 3),
        "breathing": _text(entry.get("breathing", ""), "breathing", required=False),
        "cautions": _texts(entry["cautions"], "cautions", 1),
        "specialist": _text(entry.get("specialist", ""), "specialist", required=False),
        "sources": _choice_list(entry["sources"], Source, "sources", allow_empty=False),
    }
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


def _dosage_fields(dosage) -> dict:
    if not isinstance(dosage, dict):
        raise CatalogueError("dosage must be a table")
    unknown = set(dosage) - DOSAGE_KEYS
    if unknown:
        raise CatalogueError(f"unknown dosage field(s): {', '.join(sorted(unknown))}")
    mode = dosage.get("mode")
    if mode not in Mode.values:
        raise CatalogueError(f"unknown dosage.mode {mode!r} (expected hold, reps or timed)")
    values = {
        "mode": mode,
        "seconds": 0,
        "seconds_min": None,
        "seconds_max": None,
        "reps": 1,
        "reps_min": None,
        "reps_max": None,
        "seconds_per_rep": 0,
    }

    if mode in ("hold", "timed"):
        if "seconds" not in dosage:
            raise CatalogueError(f"dosage.seconds is required for mode {mode!r}")
        bounds_key = "hold_seconds" if mode == "hold" else "timed_seconds"
        values["seconds"], values["seconds_min"], values["seconds_max"] = _amount(
            dosage, "seconds", bounds_key, "default_seconds"
        )
    if mode == "reps" and "reps" not in dosage:
        raise CatalogueError("dosage.reps is required for mode 'reps'")
    if mode == "timed" and "reps" in dosage:
        raise CatalogueError("dosage.reps does not apply to mode 'timed'")
    if "reps" in dosage:
        values["reps"], values["reps_min"], values["reps_max"] = _amount(
            dosage, "reps", "reps", "default_reps"
        )
    if mode == "reps":
        if "seconds_per_rep" not in dosage:
            raise CatalogueError("dosage.seconds_per_rep is required for mode 'reps'")
        values["seconds_per_rep"], _, _ = _amount(dosage, "seconds_per_rep", "seconds_per_rep")
    elif "seconds_per_rep" in dosage:
        raise CatalogueError(f"dosage.seconds_per_rep does not apply to mode {mode!r}")
    if mode != "hold" and mode != "timed" and "seconds" in dosage:
        raise CatalogueError("dosage.seconds does not apply to mode 'reps'")

    values["sets"], values["sets_min"], values["sets_max"] = _amount(
        {"sets": 1, **dosage}, "sets", "sets", "default_sets"
    )
    per_side = dosage.get("per_side", False)
    if not isinstance(per_side, bool):
        raise CatalogueError("dosage.per_side must be true or false")
    values["per_side"] = per_side
    values["rest_seconds"], _, _ = _amount(
        {"rest_seconds": 0, **dosage}, "rest_seconds", "rest_seconds"
    )
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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogueError(f"{path.name}: cannot read: {error}") from None
    rows, seen = [], set()
    for index, entry in enumerate(data.get("condition", []), start=1):
        label = entry.get("slug") or f"entry #{index}"
        try:
            row = _condition_row(entry, index)
        except CatalogueError as error:
            raise CatalogueError(f"{path.name}: condition {label!r}: {error}") from None
        if row["slug"] in seen:
            raise CatalogueError(f"{path.name}: condition {label!r}: duplicate slug")
        seen.add(row["slug"])
        rows.append(row)
    return rows


def _condition_row(entry: dict, position: int) -> dict:
    missing = CONDITION_KEYS - set(entry)
    if missing:
        raise CatalogueError(f"missing field(s): {', '.join(sorted(missing))}")
    unknown = set(entry) - CONDITION_KEYS
    if unknown:
        raise CatalogueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    slug = _text(entry["slug"], "slug")
    if not SLUG.match(slug):
        raise CatalogueError("slug must be lowercase words joined by hyphens")
    sources = entry["sources"]
    if not sources or not set(sources) <= CONDITION_SOURCES:
        raise CatalogueError(f"sources must be some of {sorted(CONDITION_SOURCES)}")
    return {
        "slug": slug,
        "group": _choice(entry["group"], ConditionGroup, "group"),
        "position": position,
        "label": _text(entry["label"], "label"),
        "question": _text(entry["question"], "question", required=False),
        "outcome": _choice(entry["outcome"], ConditionOutcome, "outcome"),
        "avoid_categories": _choice_list(
            entry["avoid_categories"], Category, "avoid_categories", allow_empty=True
        ),
        "avoid_tags": _choice_list(entry["avoid_tags"], Tag, "avoid_tags", allow_empty=True),
        "caution_categories": _choice_list(
            entry["caution_categories"], Category, "caution_categories", allow_empty=True
        ),
        "caution_tags": _choice_list(entry["caution_tags"], Tag, "caution_tags", allow_empty=True),
        "advice": _text(entry["advice"], "advice"),
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
    if report.created or report.updated:
        # bulk_create sends no signals: cached catalogue pages must go.
        from exercises.caching import bump_catalogue_version

        transaction.on_commit(bump_catalogue_version)
    return report


def load_catalogue(directory: Path = CATALOGUE_DIR) -> LoadReport:
    return upsert_by_slug(Exercise, read_catalogue(directory))


def load_conditions(path: Path = CONDITIONS_FILE) -> LoadReport:
    report = upsert_by_slug(Condition, read_conditions(path))
    # bulk_create sends no signals: drop the cached rules so every server reads the new ones.
    transaction.on_commit(forget_cached_rules)
    return report


@transaction.atomic
def load_all(directory: Path = CATALOGUE_DIR) -> dict[str, LoadReport]:
    """The catalogue and the conditions together: both load, or neither does."""
    return {"Catalogue": load_catalogue(directory), "Safety conditions": load_conditions()}
