"""Test setup for the market engine: pure code, no app and no database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:  # the tests run without installing the package
    sys.path.insert(0, str(REPO_ROOT))

from sim_helpers import QUIET_START  # noqa: E402
from training.simulator import MarketSettings, default_settings  # noqa: E402


@pytest.fixture
def settings() -> MarketSettings:
    """The preset market, starting in a quiet week."""
    return default_settings(start_date=QUIET_START, seed=3)
