"""Fixtures of the tests of ``files/``: the command line (the repository as the current folder,
an emulator on a loopback port for ``connect-tasks start``), the definitions (a fixed clock,
the definition schema's generator) and TaskSet (Pulumi mocks that record resources)."""

from __future__ import annotations

import importlib.util
import shutil
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pulumi
import pytest

from connect_emulator import EmulatorServer
from tests.emulator_support import connect_client

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 22, 0, 0, tzinfo=UTC)
TASK_TYPE = "pulumi-python:dynamic/connect:Task"


@pytest.fixture(autouse=True)
def in_repository(monkeypatch: pytest.MonkeyPatch) -> Path:
    """File names in the output are as given: run every command from the repository root."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture
def emulator(emulator_server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> EmulatorServer:
    """The emulator, reset, reached through AWS_ENDPOINT_URL_CONNECT as a user would."""
    request = urllib.request.Request(
        emulator_server.url + "/_emulator/reset", data=b"{}", method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", emulator_server.url)
    return emulator_server


@pytest.fixture
def connect(emulator: EmulatorServer) -> Any:
    """A boto3 client of the emulator, to set up instances and look at tasks (and what
    ``instance_id`` and ``flow_id``, from tests/conftest.py, create theirs with)."""
    return connect_client(emulator.url)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of tasks/ to add files to (test_taskset_names.py has a folder of its own)."""
    target = tmp_path / "tasks"
    shutil.copytree(REPO / "tasks", target)
    return target


@pytest.fixture(scope="session")
def definition_generator() -> ModuleType:
    """scripts/definition_schema.py, which is a script, not a package module."""
    spec = importlib.util.spec_from_file_location(
        "definition_schema", REPO / "scripts" / "definition_schema.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RecordingMocks(pulumi.runtime.Mocks):
    """Every resource registered (components included), in order, with its inputs as
    outputs; a task's contact_id is "<name>-contact" (what a PreviousTask link takes)."""

    def __init__(self) -> None:
        self.resources: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.resources.append(args)
        outputs = dict(args.inputs)
        if args.typ == TASK_TYPE:
            outputs["contact_id"] = f"{args.name}-contact"
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


@pytest.fixture
def mocks() -> RecordingMocks:
    recorder = RecordingMocks()
    pulumi.runtime.set_mocks(recorder, project="connect-tasks", stack="dev", preview=False)
    return recorder
