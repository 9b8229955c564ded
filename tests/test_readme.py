"""The README is what a newcomer follows: it must stay short, true and complete.

Long material (benchmarks, load and fault tests, each area's detail) lives in the area's own
README; these tests keep the front page from growing back and from losing a setting.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_is_about_a_third_of_what_it_was():
    # It was 35 KB with the benchmark figures; a newcomer reads it to the end.
    assert len(README.encode()) < 14_000


def test_every_setting_read_from_the_environment_is_documented():
    settings = (ROOT / "backcare" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""env(?:bool|int|list)?\(\s*"([A-Z_]+)\"""", settings))
    names |= set(re.findall(r"""os\.environ\.get\(\s*"([A-Z_]+)\"""", settings))
    assert "DATABASE_URL" in names and "DJANGO_SECRET_KEY" in names
    missing = sorted(name for name in names if f"`{name}`" not in README)
    assert missing == []


def test_every_file_the_readme_points_to_exists():
    paths = set(re.findall(r"`((?:[\w.-]+/)+[\w.-]+\.(?:md|py|toml|html|js))`", README))
    assert "bench/README.md" in paths and "routines/README.md" in paths
    assert sorted(path for path in paths if not (ROOT / path).exists()) == []


def test_readme_says_what_to_do_after_it_runs():
    first_steps = README.split("### What to do first", 1)[1].split("\n#", 1)[0]
    for step in ("/safety/check/", "Try it now", "/accounts/signup/"):
        assert step in first_steps
    assert "manage.py createsuperuser" in README


def test_readme_names_the_python_versions_and_how_to_pick_one():
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert version in README
    assert "make run PYTHON=python3.12" in README


def test_benchmark_material_moved_to_bench_readme():
    bench = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    for heading in ("### Latest figures", "## When a dependency fails", "## Benchmarks and load"):
        assert heading in bench
        assert heading not in README
