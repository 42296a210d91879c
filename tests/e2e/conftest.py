"""An emulator for the module and a fresh instance and flow for each test."""

import uuid

import pytest

from connect_emulator import EmulatorServer
from tests.e2e.e2e_support import connect_client, start_provider_server


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture(scope="module")
def server(emulator, tmp_path_factory):
    with start_provider_server(tmp_path_factory.mktemp("program"), emulator.url) as provider_server:
        yield provider_server


@pytest.fixture
def connect(emulator):
    return connect_client(emulator.url)


@pytest.fixture
def instance(connect):
    created = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=f"e2e-{uuid.uuid4().hex[:12]}",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    flows = [
        connect.create_contact_flow(
            InstanceId=created["Id"], Name=f"flow {n}", Type="CONTACT_FLOW", Content="{}"
        )
        for n in (1, 2)
    ]
    return {
        "id": created["Id"],
        "arn": created["Arn"],
        "flows": [f["ContactFlowId"] for f in flows],
    }
