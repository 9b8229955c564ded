"""Content in other languages: one ``<name>.<language>.toml`` next to each English source file.

English is the source language: ``exercises/catalogue/stretch.toml`` holds the exercises, and
``exercises/catalogue/stretch.ru.toml`` holds their Russian text, one table per entry keyed by
its slug. Only words are translated; everything else (dosage, tags, figures' angles) is read
from the English file, so a translation can never change a rule. Adding a language is adding
these files (and the interface's ``locale/<language>/LC_MESSAGES/django.po``).

Every entry of the English file must be translated, every field it has must be there and not
empty, and lists the person reads in order (steps, cautions, a figure's phase names) must have
as many items as the English ones. ``check`` lists every problem at once, naming the file, the
entry and the field; the loader refuses a language with any.

    python -m exercises.translations ru     # check the Russian files, list what is wrong
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


class TranslationError(ValueError):
    """A content file in another language is missing an entry or a field, or has extra ones."""


@dataclass(frozen=True)
class Field:
    """One translated field: where the English is in an entry, and what shape it has."""

    name: str
    english: tuple[str, ...]  # the path to the English value in the source entry
    kind: str = "text"  # "text", "list" (same length as the English) or "names" (any length)

    def value(self, entry: dict):
        value = entry
        for key in self.english:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        if self.name == "keyframes":
            return [frame.get("label", "") for frame in value]
        return value


@dataclass(frozen=True)
class Source:
    """A kind of English source file: its files, the array holding its entries, its fields."""

    files: tuple[str, ...]
    array: str
    fields: tuple[Field, ...]

    def paths(self) -> list[Path]:
        found: list[Path] = []
        for pattern in self.files:
            found += sorted(path for path in ROOT.glob(pattern) if path.suffixes == [".toml"])
        return found


EXERCISES = Source(
    files=("exercises/catalogue/*.toml",),
    array="exercise",
    fields=(
        Field("name", ("name",)),
        Field("aliases", ("aliases",), "names"),
        Field("summary", ("summary",)),
        Field("steps", ("steps",), "list"),
        Field("breathing", ("breathing",)),
        Field("cautions", ("cautions",), "list"),
        Field("specialist", ("specialist",)),
        Field("figure_description", ("figure", "description")),
        Field("keyframes", ("figure", "keyframes"), "list"),
    ),
)
CONDITIONS = Source(
    files=("exercises/safety/conditions.toml",),
    array="condition",
    fields=(
        Field("label", ("label",)),
        Field("question", ("question",)),
        Field("advice", ("advice",)),
    ),
)
PROGRAMMES = Source(
    files=("routines/programmes/programmes.toml",),
    array="programme",
    fields=(Field("name", ("name",)), Field("description", ("description",))),
)
SOURCES = (EXERCISES, CONDITIONS, PROGRAMMES)


def translation_path(english: Path, language: str) -> Path:
    return english.with_name(f"{english.stem}.{language}.toml")


def _problems_in_entry(where: str, english: dict, translated, fields) -> list[str]:
    if not isinstance(translated, dict):
        return [f"{where}: missing"]
    problems = []
    known = {field.name for field in fields}
    for key in sorted(set(translated) - known):
        problems.append(f"{where}: unknown field {key!r}")
    for field in fields:
        source = field.value(english)
        wanted = bool(source) and source != [""] * len(source or [])
        if field.kind == "names":
            wanted = False  # other names are optional: a language has its own
        value = translated.get(field.name)
        if value is None:
            if wanted:
                problems.append(f"{where}: {field.name} is missing")
            continue
        if not wanted and field.kind != "names" and value:
            problems.append(f"{where}: {field.name} is given but the English has none")
            continue
        if field.kind == "text":
            if not isinstance(value, str) or (wanted and not value.strip()):
                problems.append(f"{where}: {field.name} must be non-empty text")
            continue
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            problems.append(f"{where}: {field.name} must be a list of non-empty texts")
            continue
        if field.kind == "list" and len(value) != len(source or []):
            problems.append(
                f"{where}: {field.name} has {len(value)} items, the English {len(source or [])}"
            )
    return problems


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(ROOT)
    except ValueError:  # a file outside the project (a test's)
        return path


def check_file(english_path: Path, language: str, source: Source) -> list[str]:
    """Every problem with the ``language`` file of one English source file."""
    with english_path.open("rb") as handle:
        entries = tomllib.load(handle).get(source.array, [])
    path = translation_path(english_path, language)
    name = _shown(path)
    if not path.exists():
        return [f"{name}: missing ({len(entries)} entries to translate)"]
    try:
        with path.open("rb") as handle:
            translated = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        return [f"{name}: not valid TOML: {error}"]
    problems = []
    slugs = {entry["slug"] for entry in entries}
    for slug in sorted(set(translated) - slugs):
        problems.append(f"{name} [{slug}]: not an entry of {english_path.name}")
    for entry in entries:
        problems += _problems_in_entry(
            f"{name} [{entry['slug']}]", entry, translated.get(entry["slug"]), source.fields
        )
    return problems


def check(language: str, sources=SOURCES) -> list[str]:
    """Every problem with ``language``'s content files, as messages naming file, entry, field."""
    problems: list[str] = []
    for source in sources:
        for english_path in source.paths():
            problems += check_file(english_path, language, source)
    return problems


def read(english_path: Path, language: str, source: Source) -> dict[str, dict]:
    """The translated fields of every entry of one English file, keyed by slug; checked."""
    problems = check_file(english_path, language, source)
    if problems:
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise TranslationError("; ".join(problems[:10]) + more)
    with translation_path(english_path, language).open("rb") as handle:
        return tomllib.load(handle)


if __name__ == "__main__":  # pragma: no cover - a tool for translators
    language = sys.argv[1] if len(sys.argv) > 1 else "ru"
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    found = [problem for problem in check(language) if only in problem]
    print("\n".join(found) or f"{language}: every entry and field is translated")
    sys.exit(1 if found else 0)
