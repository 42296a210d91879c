"""pulumi-aws's Amazon Connect lookups through the local engine, against the emulator.

``lookup_program`` looks up a flow and a quick connect and exports what it found. The engine
runs it in this process (no dynamic resource: no provider server); one test runs
``python -m localengine`` in an environment built by hand.
"""

from __future__ import annotations

import gc
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest

from connect_emulator import EmulatorServer
from localengine.engine import Engine
from localengine.lookups import CONTACT_FLOW, QUICK_CONNECT
from tests.emulator_support import (
    FLOW_CONTENT,
    FLOW_NAME,
    connect_client,
    emulator_get,
    new_flow,
    new_instance,
)
from tests.localengine.le_helpers import LOOKUP_PROGRAM_DIR, NO_ENDPOINT, run_cli

pytestmark = pytest.mark.slow

UNKNOWN_INSTANCE = "11111111-2222-3333-4444-555555555555"


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture
def connect(emulator):
    return connect_client(emulator.url)


@pytest.fixture
def key_id() -> str:
    """The access key id this test's engine is given (the process has another): the
    emulator records it with each request."""
    return f"AKIDLOOKUP{uuid.uuid4().hex[:10].upper()}"


def new_quick_connect(connect: Any, instance_id: str, flow_id: str) -> str:
    return connect.create_quick_connect(
        InstanceId=instance_id,
        Name="Escalate",
        QuickConnectConfig={
            "QuickConnectType": "QUEUE",
            "QueueConfig": {"QueueId": "queue-1", "ContactFlowId": flow_id},
        },
    )["QuickConnectId"]


@pytest.fixture
def items(connect) -> dict[str, str]:
    """A new instance with the task flow and a quick connect "Escalate" to it: their ids."""
    instance_id = new_instance(connect, f"le-{uuid.uuid4().hex[:12]}")
    flow_id = new_flow(connect, instance_id)
    quick_id = new_quick_connect(connect, instance_id, flow_id)
    return {"instance": instance_id, "flow": flow_id, "quick": quick_id}


def engine(url: str | None, key_id: str, state_dir: Path, **config: str) -> Engine:
    """The engine of lookup_program, given the emulator's URL (unless None) and credentials."""
    env = {"AWS_ACCESS_KEY_ID": key_id, "AWS_SECRET_ACCESS_KEY": "secret"}
    if url is not None:
        env["AWS_ENDPOINT_URL_CONNECT"] = url
    return Engine(
        LOOKUP_PROGRAM_DIR, "dev", state_dir, {"aws:region": "us-east-1", **config}, env=env
    )


def requests_of(url: str, key_id: str) -> list[str]:
    """The operations the emulator received signed with ``key_id``, sorted."""
    requests = emulator_get(url, "/_emulator/requests")["requests"]
    return sorted(op for op, records in requests.items() for r in records if r["account"] == key_id)


def by_name(items: dict[str, str]) -> dict[str, str]:
    return {"instanceId": items["instance"], "flowName": FLOW_NAME, "quickConnectName": "Escalate"}


def expected_exports(items: dict[str, str]) -> dict[str, Any]:
    instance = items["instance"]
    arn = f"arn:aws:connect:us-east-1:123456789012:instance/{instance}"
    return {
        "flow": {
            "id": f"{instance}:{items['flow']}",
            "contact_flow_id": items["flow"],
            "arn": f"{arn}/contact-flow/{items['flow']}",
            "name": FLOW_NAME,
            "instance_id": instance,
            "type": "CONTACT_FLOW",
            "content": FLOW_CONTENT,
            "description": "",
            "tags": {},
            "region": "us-east-1",
        },
        "quick_connect": {
            "id": f"{instance}:{items['quick']}",
            "quick_connect_id": items["quick"],
            "arn": f"{arn}/transfer-destination/{items['quick']}",
            "name": "Escalate",
            "instance_id": instance,
            "types": ["QUEUE"],  # the emulator has no DescribeQuickConnect: the listing's
            "description": "",
            "tags": {},
            "region": "us-east-1",
        },
    }


def test_a_flow_and_a_quick_connect_found_by_name(emulator, items, key_id, tmp_path):
    run = engine(emulator.url, key_id, tmp_path / "state", **by_name(items))
    preview = run.preview()
    assert preview.ok, preview.errors
    # The lookups ran in the preview, signed with the engine's credentials, not the process's.
    assert requests_of(emulator.url, key_id) == [
        "DescribeContactFlow",
        "DescribeQuickConnect",  # 501 NotImplementedException: the listing answers
        "ListContactFlows",
        "ListQuickConnects",
    ]
    up = run.up()
    assert up.ok, up.errors
    assert run.store.load().outputs == expected_exports(items)


def test_a_flow_and_a_quick_connect_found_by_id(emulator, items, key_id, tmp_path):
    config = {
        "instanceId": items["instance"],
        "flowId": items["flow"],
        "quickConnectId": items["quick"],
    }
    run = engine(emulator.url, key_id, tmp_path / "state", **config)
    up = run.up()
    assert up.ok, up.errors
    assert run.store.load().outputs == expected_exports(items)


def test_the_instance_id_may_be_an_output_of_another_resource(emulator, items, key_id, tmp_path):
    # lookup_program's mocked ContactFlow "holder" echoes the instance id as its output.
    run = engine(emulator.url, key_id, tmp_path / "state", throughResource="true", **by_name(items))
    up = run.up()
    assert up.ok, up.errors
    assert run.store.load().outputs == expected_exports(items)
    assert "ListContactFlows" in requests_of(emulator.url, key_id)


def test_a_flow_past_the_first_page_is_found(emulator, connect, key_id, tmp_path):
    instance_id = new_instance(connect, f"le-{uuid.uuid4().hex[:12]}")
    for n in range(100):  # the emulator's default page: 100
        connect.create_contact_flow(
            InstanceId=instance_id, Name=f"flow {n}", Type="CONTACT_FLOW", Content=FLOW_CONTENT
        )
    items = {"instance": instance_id, "flow": new_flow(connect, instance_id)}
    items["quick"] = new_quick_connect(connect, instance_id, items["flow"])
    run = engine(emulator.url, key_id, tmp_path / "state", **by_name(items))
    up = run.up()
    assert up.ok, up.errors
    assert run.store.load().outputs["flow"]["contact_flow_id"] == items["flow"]
    assert requests_of(emulator.url, key_id).count("ListContactFlows") == 2


@pytest.mark.parametrize("operation", ["preview", "up"])
def test_an_unknown_name_fails_the_run_with_the_message(
    emulator, items, key_id, tmp_path, operation
):
    config = {**by_name(items), "flowName": "No such flow"}
    run = engine(emulator.url, key_id, tmp_path / "state", **config)
    summary = getattr(run, operation)()
    assert not summary.ok
    assert summary.errors == [
        "the program failed: Exception: invoke of aws:connect/getContactFlow:getContactFlow "
        f"failed: no contact flow named 'No such flow' in Amazon Connect instance "
        f"{items['instance']} (ListContactFlows at {emulator.url}, us-east-1)"
    ]


def test_a_failed_lookup_leaves_no_task_pending(emulator, items, key_id, tmp_path, caplog):
    # The other lookup is still under way when the first fails and ends the program.
    config = {**by_name(items), "flowName": "No such flow"}
    assert not engine(emulator.url, key_id, tmp_path / "state", **config).up().ok
    # The next run drops what the SDK kept of the last one; a task destroyed pending is
    # logged when it is collected.
    assert engine(emulator.url, key_id, tmp_path / "state", **by_name(items)).preview().ok
    gc.collect()
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []


def test_an_unknown_instance_fails_the_run_with_the_message(emulator, items, key_id, tmp_path):
    run = engine(
        emulator.url,
        key_id,
        tmp_path / "state",
        **{**by_name(items), "instanceId": UNKNOWN_INSTANCE},
    )
    summary = run.up()
    # Both lookups fail; the run reports whichever failed first.
    expected = [
        [
            f"the program failed: Exception: invoke of {token} failed: {operation} "
            f"({emulator.url}, us-east-1) failed: ResourceNotFoundException: "
            f"Instance not found: {UNKNOWN_INSTANCE}"
        ]
        for token, operation in (
            (CONTACT_FLOW, "ListContactFlows"),
            (QUICK_CONNECT, "ListQuickConnects"),
        )
    ]
    assert summary.errors in expected


def test_without_an_endpoint_the_run_fails_clearly(items, key_id, tmp_path):
    run = engine(None, key_id, tmp_path / "state", **by_name(items))
    summary = run.preview()
    assert len(summary.errors) == 1
    assert summary.errors[0].startswith("the program failed: Exception: invoke of aws:connect/")
    assert summary.errors[0].endswith(f"failed: {NO_ENDPOINT}")


def test_the_command_line_reads_the_lookups_endpoint_from_its_environment(
    emulator, items, tmp_path
):
    # A user's shell: only AWS_REGION names the Region, and no aws:region config.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_CONNECT": emulator.url,
    }
    state = ["--stack", "dev", "--state-dir", str(tmp_path / "state")]
    config = [
        arg for key, value in by_name(items).items() for arg in ("--config", f"{key}={value}")
    ]
    up = run_cli(["up", "--cwd", str(LOOKUP_PROGRAM_DIR), *state, *config], tmp_path, env)
    assert up.returncode == 0, up.stderr
    shown = run_cli(["outputs", *state], tmp_path, env)
    assert json.loads(shown.stdout) == expected_exports(items)

    del env["AWS_ENDPOINT_URL_CONNECT"]
    preview = run_cli(["preview", "--cwd", str(LOOKUP_PROGRAM_DIR), *state, *config], tmp_path, env)
    assert preview.returncode == 1
    assert NO_ENDPOINT in preview.stdout
