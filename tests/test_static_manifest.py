"""Production's static files (``DJANGO_STATIC_MANIFEST=1``): the player's ES modules import
each other by their hashed names, so after a deploy a browser never combines a new module with
an old one it keeps in its cache (hashed files are served with long cache lifetimes)."""

import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import HASHED, collect_static

ROOT = Path(__file__).resolve().parent.parent
# Every way one module names another: import ... from "./x.js", export ... from "./x.js",
# import "./x.js" and import("./x.js").
SPECIFIER = re.compile(
    r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["'](?P<url>\.{1,2}/[^"']+)["']""",
)


def imports(static_root, name):
    """The files the collected module ``name`` imports, as paths under ``static_root``."""
    text = (Path(static_root) / name).read_text(encoding="utf-8")
    folder = posixpath.dirname(name)
    return [
        posixpath.normpath(posixpath.join(folder, match["url"]))
        for match in SPECIFIER.finditer(text)
    ]


def module_graph(static_root, start):
    """Every collected module reached from ``start`` by its imports, with what each imports."""
    graph, waiting = {}, [start]
    while waiting:
        name = waiting.pop()
        if name in graph:
            continue
        graph[name] = imports(static_root, name)
        waiting.extend(path for path in graph[name] if (Path(static_root) / path).is_file())
    return graph


def source_copy(tmp_path):
    """The project's static/ folder, copied so a test may change a module."""
    copy = tmp_path / "source"
    shutil.copytree(ROOT / "static", copy)
    return copy


@pytest.mark.slow
def test_production_settings_choose_the_storage_that_rewrites_module_imports():
    env = {
        **os.environ,
        "DJANGO_STATIC_MANIFEST": "1",
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
    }
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "s = storages['staticfiles']; "
        "print(type(s).__module__, s.support_js_module_import_aggregation)"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["backcare.storage", "True"]


def test_collected_player_imports_only_hashed_modules_that_exist(settings, tmp_path):
    static_root = tmp_path / "static"
    paths = collect_static(settings, static_root, source_copy(tmp_path))
    hashed_names = set(paths.values())
    player = paths["js/player.js"]
    assert HASHED.search(player)

    graph = module_graph(static_root, player)
    by_source = {hashed: source for source, hashed in paths.items()}
    reached = {by_source.get(name, name) for name in graph}
    # The whole player is reached through hashed names: the controller and its modules.
    assert {"js/player.js", "js/player-save.js", "js/player-queue.js", "js/player-view.js"} <= (
        reached
    )
    for module, imported in graph.items():
        for name in imported:
            assert name in hashed_names, f"{module} imports {name}, not a hashed name"
            assert HASHED.search(name), name
            assert (static_root / name).is_file(), f"{module} imports {name}, which is missing"


def test_a_changed_module_renames_every_module_that_imports_it(settings, tmp_path):
    """After a deploy that changes only player-queue.js, the page loads a new player.js
    (through player-save.js), never the old one cached with the new queue or the reverse."""
    sources = source_copy(tmp_path)
    before = collect_static(settings, tmp_path / "before", sources)
    queue = sources / "js" / "player-queue.js"
    queue.write_text(queue.read_text(encoding="utf-8") + "\n// A new release.\n")
    after = collect_static(settings, tmp_path / "after", sources)

    for name in ("js/player-queue.js", "js/player-save.js", "js/player.js"):
        assert before[name] != after[name], name
    # A module that does not import it, directly or not, keeps its name and cache.
    assert before["js/player-clock.js"] == after["js/player-clock.js"]
