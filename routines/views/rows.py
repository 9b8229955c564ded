"""What the player reads from the database: the routine played, its items' values and, for a
person's own routine, all their routines (the log form lists them), in one plain SQL query,
cached under the person's version (a ready programme is read every time)."""

import functools

from django.conf import settings
from django.db import connection
from django.http import Http404
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as content_language

from backcare.caching.pages import cached_value
from backcare.caching.versions import versions
from routines.models import Routine, RoutineItem

# A person's routine is kept for an hour (and under their version: any edit shows at once).
ROUTINE_SECONDS = 60 * 60
# Every value of an item the pages show or the plan uses, besides its exercise's own (which
# the catalogue version covers).
ITEM_FIELDS = (
    "id",
    "exercise_id",
    "position",
    "seconds",
    "reps",
    "sets",
    "rest_seconds",
    "per_side",
)


def _name_fields() -> tuple[str, ...]:
    """The routine name's columns the player reads, the active language's first, then the
    English it falls back to (routines/translation.py; a person's routine has the same in
    each)."""
    return tuple(
        dict.fromkeys(
            build_localized_fieldname("name", language)
            for language in (content_language(), settings.LANGUAGE_CODE)
        )
    )


def _in_model_order(names) -> list[str]:
    """``from_db`` takes the values in the order of the model's fields."""
    order = [field.attname for field in Routine._meta.concrete_fields]
    return sorted(names, key=order.index)


@functools.cache
def _routines_and_items_sql(programme: bool, names: tuple[str, ...]) -> str:
    """The SQL of ``routines_and_items``, from the models' table and column names, reading
    the routine's name from the columns ``names``. Its parameters: the played routine's id
    and the person's id, or the programme's slug."""
    quote = connection.ops.quote_name
    routine, item = Routine._meta, RoutineItem._meta

    def r(name):
        return f"r.{quote(routine.get_field(name).column)}"

    def i(name):
        return f"i.{quote(item.get_field(name).column)}"

    columns = ", ".join(
        [r(name) for name in ("id", *names, "slug", "gentle")] + [i(name) for name in ITEM_FIELDS]
    )
    joined = f"LEFT JOIN {quote(item.db_table)} i ON {i('routine')} = {r('id')}"
    if programme:
        where = f"{r('slug')} = %s AND {r('owner')} IS NULL"
    else:  # every routine of the person, with the items of the one played
        joined += f" AND {r('id')} = %s"
        where = f"{r('owner')} = %s"
    # Only the models' own names are put in; the values are parameters.
    return (
        f"SELECT {columns} FROM {quote(routine.db_table)} r {joined} "  # noqa: S608
        f"WHERE {where} ORDER BY {r(names[0])}, {r('id')}, {i('position')}, {i('id')}"
    )


def routines_and_items(*, owner=None, pk=None, slug=None, request=None):
    """The routine played, the values of its items (``ITEM_FIELDS``, in their order) and, for
    a person's own routine, all their routines as (id, name) in their order, which the log
    form lists. A routine that is not the person's is not found (404), like a programme slug
    that does not exist.

    A person's routine is kept under their routines version, which every write of their
    routines and items moves (the database's triggers, backcare/caching): a hit runs no
    query of its own. A programme is read by one query every time."""
    programme = owner is None
    if not programme:
        low, high = connection.ops.integer_field_range(Routine._meta.pk.get_internal_type())
        if not low <= pk <= high:  # as the ORM does: no such routine, not a database error
            raise Http404("No routine matches the given query.")
    version = None if programme else versions().of(owner.pk)
    if version is None:
        played, rows, routines = _read_routines_and_items(owner, pk, slug)
    else:
        played, rows, routines = cached_value(
            "player-routine",
            owner.pk,
            version,
            pk,
            compute=lambda: _read_routines_and_items(owner, pk, slug),
            seconds=ROUTINE_SECONDS,
        )
    # Only what the player reads of the routine; anything else is loaded when first used.
    routine_id, names, routine_slug, gentle = played
    columns = _in_model_order(names)
    routine = Routine.from_db(
        connection.alias,
        ["id", "owner_id", *columns, "slug", "gentle"],
        [
            routine_id,
            None if programme else owner.pk,
            *(names[c] for c in columns),
            routine_slug,
            gentle,
        ],
    )
    return routine, rows, routines


def _read_routines_and_items(owner, pk, slug):
    """``routines_and_items`` from the database, as plain values: one query. Plain SQL: the
    ORM would spend more time building the three queries this replaces than the database
    answering."""
    programme = owner is None
    names = _name_fields()
    with connection.cursor() as cursor:
        sql = _routines_and_items_sql(programme, names)
        cursor.execute(sql, [slug] if programme else [pk, owner.pk])
        found = cursor.fetchall()
    routines, played, rows = [], None, []
    for routine_id, *row in found:
        name_values, (routine_slug, gentle, *values) = row[: len(names)], row[len(names) :]
        name = next((value for value in name_values if value), "")
        if not routines or routines[-1][0] != routine_id:
            routines.append((routine_id, name))
        if programme or routine_id == pk:
            played = (
                routine_id,
                dict(zip(names, name_values, strict=True)),
                routine_slug,
                bool(gentle),
            )
            if values[0] is not None:
                rows.append(tuple(values))
    if played is None:
        raise Http404("No routine matches the given query.")
    return played, tuple(rows), None if programme else tuple(routines)
