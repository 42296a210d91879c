"""Fixtures of the definition file tests: fake AWS credentials, a fixed clock, the generator."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

NOW = datetime(2026, 11, 25, 22, 0, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def definitions_fake_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here can reach AWS (none should try): fake credentials, no profile."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def definition_generator() -> ModuleType:
    """scripts/definition_schema.py, which is a script, not a package module."""
    spec = importlib.util.spec_from_file_location(
        "definition_schema", REPO / "scripts" / "definition_schema.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
