"""The house rules, read from the imports: who may import whom, and where I/O may live.

An `ast` walk over every module, so a forbidden import fails here before review.
Imports under `if TYPE_CHECKING:` are left out: they name types for mypy and load
nothing at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OURS = ("events", "workflow", "projections", "images", "signing", "delivery", "website", "cli")
# Of our packages, the ones each may import (itself always).
MAY_IMPORT = {
    "events": (),
    "workflow": ("events",),
    "projections": ("events",),
    "images": ("events",),
    "signing": ("events",),
    "website": ("events", "projections"),
    "delivery": ("events", "workflow", "projections"),
    "cli": OURS,
}
# Modules that speak SQL; nowhere else may import a database library.
ADAPTERS = ("events/sql/", "projections/sql/", "delivery/state.py", "delivery/ledger_store.py")
SQL_LIBRARIES = ("sqlalchemy", "alembic", "sqlite3", "psycopg")
# What the deciders and the folds never touch: databases, processes, the network, files.
IO_LIBRARIES = (
    *SQL_LIBRARIES,
    *("typer", "subprocess", "httpx", "requests", "nats", "PIL", "socket", "asyncio"),
    *("os", "pathlib", "shutil", "tempfile", "urllib.request", "importlib"),
)
DYNAMIC = "a module named at run time"
PURE = ("workflow/", "projections/")  # `projections/sql/` is an adapter, not a fold


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the importing file, relative to the tree
    target: str  # the imported module's full name; "." for a relative import
    line: int


def imports_in(path: Path, root: Path) -> Iterator[Import]:
    """Every run-time import of one file, by the module named (`from x import y`: `x`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    where = path.relative_to(root).as_posix()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(where, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            yield Import(
                where, node.module if node.level == 0 and node.module else ".", node.lineno
            )
        elif isinstance(node, ast.Call) and _dynamic_import(node.func):
            yield Import(where, DYNAMIC, node.lineno)


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def _dynamic_import(func: ast.expr) -> bool:
    """`importlib.import_module(…)` or `__import__(…)`: an import the walk cannot follow."""
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def all_imports(root: Path, packages: tuple[str, ...]) -> list[Import]:
    return [
        found
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
        for found in imports_in(path, root)
    ]


def top(name: str) -> str:
    return name.split(".")[0]


def broken_rules(root: Path) -> list[str]:
    """One line per import that breaks a rule: `file:line imports x (why not)`."""
    problems = [
        f"{folder.name}/ is a package no rule knows (add it to OURS)"
        for folder in sorted(root.iterdir())
        if (folder / "__init__.py").is_file() and folder.name not in (*OURS, "tests", "bench")
    ]
    for found in all_imports(root, OURS):
        package, target = found.module.split("/")[0], top(found.target)
        why = _why_not(found, package, target)
        if why:
            problems.append(f"{found.module}:{found.line} imports {found.target} ({why})")
    for found in all_imports(root, ("tests",)):
        if top(found.target) == "bench":
            problems.append(f"{found.module}:{found.line} imports {found.target} (tests use none)")
    return sorted(set(problems))


def _why_not(found: Import, package: str, target: str) -> str | None:
    if found.target == ".":
        return "imports are absolute, so the rules can read them"
    if found.target == DYNAMIC:
        return "a dynamic import hides what a module needs"
    if target in OURS and target != package and target not in MAY_IMPORT[package]:
        return f"{package} may import only {', '.join(MAY_IMPORT[package]) or 'none of ours'}"
    if target in SQL_LIBRARIES and not found.module.startswith(ADAPTERS):
        return "SQL lives in the adapter modules"
    if target == "typer" and package != "cli":
        return "Typer lives in cli/"
    pure = found.module.startswith(PURE) and not found.module.startswith(ADAPTERS)
    if pure and (target in IO_LIBRARIES or found.target in IO_LIBRARIES):
        return "the deciders and the folds do no I/O"
    return None


def test_every_package_imports_only_what_its_layer_allows() -> None:
    assert broken_rules(REPO) == []


@pytest.mark.parametrize(
    ("file", "line", "broken"),
    [
        ("events/catalog.py", "from workflow.roles import Actor", "events may import only"),
        ("workflow/article.py", "import subprocess", "do no I/O"),
        ("workflow/ids.py", "from pathlib import Path", "do no I/O"),
        ("workflow/service.py", "import urllib.request", "do no I/O"),
        ("projections/ticker.py", "import os", "do no I/O"),
        ("delivery/deliver.py", "import sqlite3", "SQL lives in the adapter"),
        ("delivery/deliver.py", "from ..cli import render", "imports are absolute"),
        ("cli/app.py", "m = __import__('workflow.service')", "a dynamic import"),
        ("website/pages.py", "page = importlib.import_module('cli')", "a dynamic import"),
        ("workflow/article.py", "from projections.ticker import TickerItem", "workflow may"),
        ("projections/ticker.py", "from workflow import commands", "projections may"),
        ("website/pages.py", "from cli.options import settings", "website may"),
        ("website/pages.py", "import workflow.service", "website may"),
        ("delivery/deliver.py", "from cli import render", "delivery may"),
        ("images/reading.py", "from sqlalchemy import select", "SQL lives in the adapter"),
        ("cli/render.py", "import sqlalchemy", "SQL lives in the adapter"),
        ("projections/past.py", "from typer import Option", "Typer lives in cli/"),
        ("tests/unit/test_x.py", "from bench.build import build", "tests use none"),
    ],
)
def test_a_forbidden_import_is_caught(tmp_path: Path, file: str, line: str, broken: str) -> None:
    for package in (*OURS, "tests"):
        (tmp_path / package).mkdir()
    (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / file).write_text(f"from __future__ import annotations\n\n{line}\n")
    [problem] = broken_rules(tmp_path)
    assert problem.startswith(f"{file}:3 imports ") and broken in problem


def test_a_new_package_must_have_rules(tmp_path: Path) -> None:
    for package in (*OURS, "reports"):
        (tmp_path / package).mkdir()
    (tmp_path / "reports" / "__init__.py").write_text("")
    assert broken_rules(tmp_path) == ["reports/ is a package no rule knows (add it to OURS)"]


def test_imports_for_type_checking_only_are_allowed(tmp_path: Path) -> None:
    for package in OURS:
        (tmp_path / package).mkdir()
    (tmp_path / "website" / "build.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from sqlalchemy import Engine\n"
    )
    assert broken_rules(tmp_path) == []
