"""The front end stays small ES modules (STYLE.md, issue 11): none over 300 lines."""

from pathlib import Path

STATIC_JS = Path(__file__).resolve().parent.parent / "static" / "js"
MAX_LINES = 300


def test_every_script_is_a_small_module():
    scripts = sorted(STATIC_JS.glob("*.js"))
    assert scripts
    too_long = {
        path.name: lines
        for path in scripts
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
