"""Fixtures for the localengine tests: a workspace per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.localengine.le_helpers import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)
