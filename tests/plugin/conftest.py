"""An emulator and a configured plugin for the module, a fresh instance and flow per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from connect_emulator import EmulatorServer
from tests.emulator_support import FLOW_CONTENT, connect_client, new_instance
from tests.plugin.plugin_support import Plugin, clean_environment


@pytest.fixture(scope="module")
def emulator() -> Iterator[Any]:
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture(scope="module")
def plugin(emulator: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Plugin]:
    with Plugin(tmp_path_factory.mktemp("program"), clean_environment(emulator.url)) as started:
        started.configure({})
        yield started


@pytest.fixture
def connect(emulator: Any) -> Any:
    return connect_client(emulator.url)


@pytest.fixture
def instance(connect: Any) -> dict[str, Any]:
    """A new instance with two flows, "flow 1" and "flow 2"."""
    instance_id = new_instance(connect, f"plugin-{uuid.uuid4().hex[:12]}")
    flows = [
        connect.create_contact_flow(
            InstanceId=instance_id, Name=f"flow {n}", Type="CONTACT_FLOW", Content=FLOW_CONTENT
        )["ContactFlowId"]
        for n in (1, 2)
    ]
    return {"id": instance_id, "flows": flows}
