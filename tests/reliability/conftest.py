"""Fixtures of the reliability tests: fake AWS credentials and the emulator in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from connect_emulator import EmulatorServer


@pytest.fixture(autouse=True)
def reliability_fake_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here can reach AWS: fake credentials and region, no profile or config file.

    Named apart from tests/conftest.py's fixture so that one still runs too.
    """
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in (
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_CONNECT",
        "AWS_RETRY_MODE",
        "AWS_MAX_ATTEMPTS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")


@pytest.fixture
def start_emulator() -> Iterator[Callable[..., EmulatorServer]]:
    """start_emulator(**EmulatorServer kwargs): a started emulator, stopped after the test."""
    started: list[EmulatorServer] = []

    def start(**kwargs: Any) -> EmulatorServer:
        server = EmulatorServer(port=0, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
