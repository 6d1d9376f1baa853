"""Every module of ``training`` stays under 500 lines, so each one can be read in one sitting; a
module that grows past it is split along its seams."""
from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "training"
LIMIT = 500
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_module_is_under_the_line_limit(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < LIMIT
