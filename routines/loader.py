"""Built-in programmes: read routines/programmes/programmes.toml and upsert them by slug.

A programme is a ``Routine`` without an owner. Loading replaces a programme's items with the
source's (users' copies are separate routines and never change). Each programme and item is
checked by its model's own ``full_clean`` (an item's bounds depend on its exercise's mode);
any problem stops the load with a message naming the file, the programme and the item. The
name and description in every other language come from programmes.<language>.toml beside it
(exercises/translations.py), refused when missing or empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation

from exercises.loader import CatalogueError, LoadReport, add_translations, read_toml, validate
from exercises.models import Exercise
from exercises.translations import PROGRAMMES
from routines.models import Routine, RoutineItem

PROGRAMMES_FILE = Path(__file__).resolve().parent / "programmes" / "programmes.toml"
PROGRAMME_KEYS = {"slug", "name", "description", "level", "item"}
OVERRIDES = ("seconds", "reps", "sets", "rest_seconds", "per_side")


def read_programmes(
    path: Path | None = None, exercises: Mapping[str, Exercise] | None = None
) -> list[dict]:
    """Every programme in the source file, validated against the exercises (by slug; the
    database's when not given)."""
    path = path or PROGRAMMES_FILE
    if exercises is None:
        exercises = Exercise.objects.in_bulk(field_name="slug")
    entries = read_toml(path).get("programme", [])
    if not isinstance(entries, list):
        raise CatalogueError(f"{path.name}: programmes must be [[programme]] tables")
    programmes, seen = [], set()
    for index, entry in enumerate(entries, start=1):
        slug = entry.get("slug") if isinstance(entry, dict) else None
        where = f"{path.name}: programme {slug if isinstance(slug, str) else f'#{index}'!r}"
        try:
            programme = _programme(entry, exercises)
        except CatalogueError as error:
            raise CatalogueError(f"{where}: {error}") from None
        if programme["slug"] in seen:
            raise CatalogueError(f"{where}: duplicate slug")
        seen.add(programme["slug"])
        programmes.append(programme)
    add_translations(path, PROGRAMMES, Routine, programmes, columns={"description": "notes"})
    return programmes


def _programme(entry, exercises: Mapping[str, Exercise]) -> dict:
    if not isinstance(entry, dict):
        raise CatalogueError("must be a table")
    missing = PROGRAMME_KEYS - set(entry)
    if missing:
        raise CatalogueError(f"missing field(s): {', '.join(sorted(missing))}")
    unknown = set(entry) - PROGRAMME_KEYS - {"sources"}
    if unknown:
        raise CatalogueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    row = {
        "slug": entry["slug"],
        "name": entry["name"],
        "notes": entry["description"],
        "level": entry["level"],
        "sources": entry.get("sources", []),
    }
    validate(Routine, row)
    if not isinstance(entry["item"], list) or not entry["item"]:
        raise CatalogueError("needs [[programme.item]] tables")
    items = []
    for index, item in enumerate(entry["item"], start=1):
        try:
            items.append(_item(item, exercises))
        except CatalogueError as error:
            raise CatalogueError(f"item {index}: {error}") from None
    return {**row, "items": items}


def _item(item, exercises: Mapping[str, Exercise]) -> tuple[str, dict]:
    if not isinstance(item, dict):
        raise CatalogueError("must be a table")
    slug = item.get("exercise")
    exercise = exercises.get(slug) if isinstance(slug, str) else None
    if exercise is None:
        raise CatalogueError(f"unknown exercise {slug!r}")
    overrides = {key: value for key, value in item.items() if key != "exercise"}
    unknown = set(overrides) - set(OVERRIDES)
    if unknown:
        raise CatalogueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    validate(RoutineItem, {"exercise": exercise, **overrides}, exclude=["routine"])
    return slug, overrides


@transaction.atomic
@translation.override(settings.LANGUAGE_CODE)  # a programme's own columns hold the English
def load_programmes(path: Path | None = None) -> LoadReport:
    exercises = Exercise.objects.in_bulk(field_name="slug")
    report = LoadReport()
    existing = {r.slug: r for r in Routine.objects.programmes().prefetch_related("items")}
    for programme in read_programmes(path, exercises):
        items = programme.pop("items")
        wanted = [(exercises[slug].pk, overrides) for slug, overrides in items]
        routine = existing.pop(programme["slug"], None)
        if routine is None:
            routine = Routine.objects.create(owner=None, **programme)
            report.created.append(routine.slug)
        else:
            current = [
                (
                    i.exercise_id,
                    {k: getattr(i, k) for k in OVERRIDES if getattr(i, k) is not None},
                )
                for i in routine.items.all()
            ]
            fields_same = all(getattr(routine, k) == v for k, v in programme.items())
            if fields_same and current == wanted:
                report.unchanged += 1
                continue
            for key, value in programme.items():
                setattr(routine, key, value)
            routine.save()
            routine.items.all().delete()
            report.updated.append(routine.slug)
        RoutineItem.objects.bulk_create(
            [
                RoutineItem(
                    routine=routine, exercise_id=exercise_id, position=position, **overrides
                )
                for position, (exercise_id, overrides) in enumerate(wanted)
            ]
        )
    report.not_in_source = sorted(existing)
    return report
