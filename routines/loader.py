"""Built-in programmes: read routines/programmes/programmes.toml and upsert them by slug.

A programme is a ``Routine`` without an owner. Loading replaces a programme's items with the
source's (users' copies are separate routines and never change).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.db import transaction

from exercises.dosage import BOUNDS
from exercises.loader import CatalogueError, LoadReport
from exercises.models import Difficulty, Exercise
from routines.models import Routine, RoutineItem

PROGRAMMES_FILE = Path(__file__).resolve().parent / "programmes" / "programmes.toml"
OVERRIDES = {
    "seconds": "timed_seconds",
    "reps": "reps",
    "sets": "sets",
    "rest_seconds": "rest_seconds",
}


def read_programmes(path: Path = PROGRAMMES_FILE, exercise_slugs: set[str] | None = None):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    programmes, seen = [], set()
    for entry in data.get("programme", []):
        slug = entry.get("slug", "?")
        where = f"{path.name}: programme {slug!r}"
        missing = {"slug", "name", "description", "level", "item"} - set(entry)
        if missing:
            raise CatalogueError(f"{where}: missing field(s): {', '.join(sorted(missing))}")
        if slug in seen:
            raise CatalogueError(f"{where}: duplicate slug")
        seen.add(slug)
        if entry["level"] not in Difficulty.values:
            raise CatalogueError(f"{where}: unknown level {entry['level']!r}")
        items = []
        for index, item in enumerate(entry["item"], start=1):
            exercise = item.get("exercise")
            if exercise_slugs is not None and exercise not in exercise_slugs:
                raise CatalogueError(f"{where}: item {index}: unknown exercise {exercise!r}")
            overrides = {}
            for key, value in item.items():
                if key == "exercise":
                    continue
                if key == "per_side":
                    if not isinstance(value, bool):
                        raise CatalogueError(f"{where}: item {index}: per_side must be true/false")
                    overrides[key] = value
                    continue
                if key not in OVERRIDES:
                    raise CatalogueError(f"{where}: item {index}: unknown field {key!r}")
                low, high = BOUNDS[OVERRIDES[key]]
                if not isinstance(value, int) or not low <= value <= high:
                    raise CatalogueError(
                        f"{where}: item {index}: {key} = {value!r} is outside {low}–{high}"
                    )
                overrides[key] = value
            items.append((exercise, overrides))
        programmes.append(
            {
                "slug": slug,
                "name": entry["name"],
                "notes": entry["description"],
                "level": entry["level"],
                "sources": entry.get("sources", []),
                "items": items,
            }
        )
    return programmes


@transaction.atomic
def load_programmes(path: Path = PROGRAMMES_FILE) -> LoadReport:
    exercises = dict(Exercise.objects.values_list("slug", "pk"))
    report = LoadReport()
    existing = {r.slug: r for r in Routine.objects.programmes().prefetch_related("items")}
    for programme in read_programmes(path, set(exercises)):
        items = programme.pop("items")
        wanted = [(exercises[slug], overrides) for slug, overrides in items]
        routine = existing.pop(programme["slug"], None)
        if routine is None:
            routine = Routine.objects.create(owner=None, **programme)
            report.created.append(routine.slug)
        else:
            current = [
                (
                    i.exercise_id,
                    {
                        k: getattr(i, k)
                        for k in (*OVERRIDES, "per_side")
                        if getattr(i, k) is not None
                    },
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
