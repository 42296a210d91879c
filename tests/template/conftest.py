"""Fixtures of the task template tests: no cached clients."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.common import aws


@pytest.fixture(autouse=True)
def no_cached_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    """No client cached by an earlier test: it could point at another endpoint."""
    monkeypatch.setattr(aws, "_clients", {})
