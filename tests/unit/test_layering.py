"""Layering: pages, UI helpers and CLI commands go through services in coach/, never coach/store.

An ast scan of every module in app.py, app_pages/, ui/ and coach/cli/. Only an import of the
``Database`` type under ``if TYPE_CHECKING:`` is allowed (an annotation, no access at run time).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = sorted([ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py"),
                  *(ROOT / "coach" / "cli").glob("*.py")])
TYPE_ONLY = {("coach.store.db", "Database")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def store_imports(source: str) -> list[str]:
    """Every import of coach.store in the source, as 'line N: module[.name]'."""
    tree = ast.parse(source)
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            type_only.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: {a.name}" for a in node.names
                      if a.name == "coach.store" or a.name.startswith("coach.store.")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if module == "coach":
                found += [f"line {node.lineno}: coach.{a.name}" for a in node.names if a.name == "store"]
            elif module == "coach.store" or module.startswith("coach.store."):
                for alias in node.names:
                    if id(node) in type_only and (module, alias.name) in TYPE_ONLY:
                        continue
                    found.append(f"line {node.lineno}: {module}.{alias.name}")
    return found


def test_the_scan_covers_the_pages_ui_and_cli() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in SCANNED}
    assert {"app.py", "app_pages/reflect.py", "ui/state.py", "ui/pair_panel.py",
            "coach/cli/reflect.py", "coach/cli/journey.py", "coach/cli/people.py"} <= names


@pytest.mark.parametrize(("source", "expected"), [
    ("from coach.store.people import list_people", ["line 1: coach.store.people.list_people"]),
    ("import coach.store.models as m", ["line 1: coach.store.models"]),
    ("from coach import store", ["line 1: coach.store"]),
    ("def f():\n    from coach.store.models import Person", ["line 2: coach.store.models.Person"]),
    ("if TYPE_CHECKING:\n    from coach.store.db import Database", []),
    ("if TYPE_CHECKING:\n    from coach.store.models import Person", ["line 2: coach.store.models.Person"]),
    ("from coach.store.db import Database", ["line 1: coach.store.db.Database"]),
    ("from coach.people import Directory\nimport coach.storefront", []),
])
def test_the_scan_finds_store_imports(source: str, expected: list[str]) -> None:
    assert store_imports(source) == expected


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_page_ui_or_cli_module_imports_the_store(path: Path) -> None:
    found = store_imports(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)} imports coach.store ({'; '.join(found)}): call a service " \
                      "in coach/ that takes the Actor instead"
