"""Fixtures of the reliability tests: the emulator in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from connect_emulator import EmulatorServer


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
