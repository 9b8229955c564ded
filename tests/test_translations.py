"""The interface catalogues (locale/<lang>/LC_MESSAGES/*.po) are complete: every entry is
translated and none is fuzzy, and every string marked in the code has its entry."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BASE = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DOMAINS = ("django", "djangojs")
# Entries used only by these folders are translated on another branch (issue 29: the
# i18n-routines helper translates routines/). Empty this once they are merged.
MSGATTRIB = shutil.which("msgattrib")
needs_gettext = pytest.mark.skipif(
    MSGATTRIB is None, reason="GNU gettext is not installed (make gettext)"
)


def catalogue(language: str, domain: str) -> Path:
    return BASE / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def entries(text: str) -> list[tuple[str, list[str]]]:
    """The (msgid, references) of each entry of a .po text, its header left out."""
    found = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        references = [ref for line in lines if line.startswith("#: ") for ref in line[3:].split()]
        msgid, reading = [], False
        for line in lines:
            if line.startswith("msgid "):
                reading = True
                msgid.append(line[6:].strip('"'))
            elif reading and line.startswith('"'):
                msgid.append(line.strip('"'))
            elif reading:
                break
        if "".join(msgid):
            found.append(("".join(msgid), references))
    return found


def attrib(path: Path, *options: str) -> str:
    return subprocess.run(  # noqa: S603 - gettext's own tool on our catalogue
        [MSGATTRIB, "--no-wrap", *options, str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@needs_gettext
@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated_and_none_is_fuzzy(language, domain):
    path = catalogue(language, domain)
    if not path.exists():
        pytest.skip(f"no {domain} catalogue")
    untranslated = [msgid for msgid, _refs in entries(attrib(path, "--untranslated"))]
    fuzzy = [msgid for msgid, _refs in entries(attrib(path, "--only-fuzzy"))]

    assert not untranslated, f"{path.relative_to(BASE)}: not translated: {untranslated[:10]}"
    assert not fuzzy, f"{path.relative_to(BASE)}: fuzzy: {fuzzy[:10]}"


@needs_gettext
def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path, monkeypatch):
    """makemessages on a copy of the code: an entry it writes that the committed catalogue
    lacks is a string someone marked without running `make messages`."""
    for folder in ("accounts", "backcare", "exercises", "routines", "templates", "static"):
        shutil.copytree(
            BASE / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.toml", "*.png")
        )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [tmp_path / "locale"])
    for domain in DOMAINS:
        call_command("makemessages", locale=LANGUAGES, domain=domain, verbosity=0)

    for language in LANGUAGES:
        for domain in DOMAINS:
            fresh = tmp_path / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            if not fresh.exists():
                continue
            committed = catalogue(language, domain)
            have = (
                {msgid for msgid, _refs in entries(committed.read_text())}
                if committed.exists()
                else set()
            )
            missing = sorted({msgid for msgid, _refs in entries(fresh.read_text())} - have)
            assert not missing, f"run `make messages`: {committed.name} lacks {missing[:10]}"
