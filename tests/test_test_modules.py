"""The tests' own layout: a test module imports its helpers from tests/factories.py,
tests/conftest.py's fixtures, tests/browser/harness.py or a helper-only module (one whose name
does not start with ``test_``), never from another test module or a conftest. A helper kept in
a test module is found by nobody looking for it, and moves or breaks with that module."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def is_test_module(dotted: str) -> bool:
    """A dotted name under ``tests`` whose last part is a test module or a conftest."""
    parts = dotted.split(".")
    return parts[0] == "tests" and (parts[-1].startswith("test_") or parts[-1] == "conftest")


def imported_test_modules(source: str) -> list[str]:
    """Every test module (or conftest) an absolute ``import`` or ``from ... import`` names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if is_test_module(node.module):
                found.append(node.module)
            found += [
                f"{node.module}.{alias.name}"
                for alias in node.names
                if is_test_module(f"{node.module}.{alias.name}")
            ]
    return found


def test_the_check_sees_each_way_of_importing_a_test_module():
    source = (
        "from tests.routines.test_history import payload\n"
        "import tests.browser.test_player_browser\n"
        "from tests.browser import test_page_quality, harness\n"
        "from tests.conftest import user\n"
        "from tests.factories import payload\n"
        "from tests.security.routes import OWNED\n"
    )
    assert imported_test_modules(source) == [
        "tests.routines.test_history",
        "tests.browser.test_player_browser",
        "tests.browser.test_page_quality",
        "tests.conftest",
    ]


def test_no_test_module_imports_another():
    found = {
        str(path.relative_to(TESTS)): names
        for path in sorted(TESTS.rglob("*.py"))
        if (names := imported_test_modules(path.read_text(encoding="utf-8")))
    }
    assert found == {}, (
        "Move the helpers these modules import into tests/factories.py, tests/conftest.py "
        f"or tests/browser/harness.py: {found}"
    )
