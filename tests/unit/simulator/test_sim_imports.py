"""The market engine stays pure: standard library, numpy (issue 11: the week is computed on
arrays) and its own package only; never Flask, the database or the rest of the app."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "training" / "simulator"
SOURCES = sorted(PACKAGE.glob("*.py"))
FORBIDDEN_ROOTS = ("flask", "sqlalchemy")
ALLOWED_LIBRARIES = ("numpy",)


def bad_imports(source: str, path: Path) -> list[str]:
    """Every import in ``source`` that leaves the standard library and ``training.simulator``."""
    problems = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:
                continue  # ``from .x import y`` stays inside training.simulator
            if node.level > 1:
                problems.append(f"{path.name}:{node.lineno}: relative import leaves the package")
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            root = name.split(".")[0]
            if name == "training.simulator" or name.startswith("training.simulator."):
                continue
            if root in ALLOWED_LIBRARIES:
                continue
            if (root in FORBIDDEN_ROOTS or root.startswith("flask_") or root == "training"
                    or root not in sys.stdlib_module_names):
                problems.append(f"{path.name}:{node.lineno}: imports {name}")
    return problems


def test_the_package_has_sources():
    assert len(SOURCES) >= 8


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_simulator_imports_only_the_standard_library_numpy_and_itself(path):
    assert bad_imports(path.read_text(encoding="utf-8"), path) == []


@pytest.mark.parametrize("line", [
    "import flask", "from flask import Flask", "import flask_login", "from sqlalchemy import orm",
    "from training import app", "import training.storefront", "from ..accounts import models",
    "import pandas", "from scipy import stats",
])
def test_import_check_catches_forbidden_imports(line):
    assert bad_imports(line, Path("example.py")) != []


@pytest.mark.parametrize("line", ["import math", "from .money import round_half_up",
                                  "import numpy as np",
                                  "from training.simulator.model import Offer"])
def test_import_check_allows_standard_library_and_own_package(line):
    assert bad_imports(line, Path("example.py")) == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_simulator_module_and_public_function_has_a_docstring(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            assert ast.get_docstring(node), f"{path.name}: {node.name} has no docstring"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_simulator_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
