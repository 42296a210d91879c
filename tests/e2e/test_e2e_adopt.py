"""Adoption end to end: a task started outside the stack (by ``connect-tasks start``) is taken
into it through the real provider server, then updated in place and stopped on destroy; the
emulator's record of calls shows that adoption starts nothing."""

import json
import os
import subprocess
import sys

import pytest

from localengine.server import ProviderError
from tests.e2e.e2e_support import Stack, contacts, emulator_get

pytestmark = pytest.mark.slow

CLI = os.path.join(os.path.dirname(sys.executable), "connect-tasks")
DEFINITION = """\
Name: Verify queue routing
Description: Place a test task in every queue
Attributes:
  environment: staging
ScheduledTime: PT2H
"""


def cli_start(url, instance, tmp_path) -> str:
    """``connect-tasks start`` in a subprocess against the emulator; the id it prints."""
    path = tmp_path / "verify-queue-routing.yaml"
    path.write_text(DEFINITION)
    env = {**os.environ, "AWS_ENDPOINT_URL_CONNECT": url}  # fake credentials: tests/conftest.py
    done = subprocess.run(
        [
            CLI,
            "start",
            str(path),
            "--instance-id",
            instance["id"],
            "--contact-flow-id",
            instance["flows"][0],
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [task] = json.loads(done.stdout)["data"]["tasks"]
    return task["id"]


def adopting(instance, contact_id, **extra):
    """The definition the CLI started, as ConnectTask inputs that adopt ``contact_id`` (None drops one)."""
    inputs = {
        "instance_id": instance["arn"],
        "contact_flow_id": instance["flows"][0],
        "name": "Verify queue routing",
        "description": "Place a test task in every queue",
        "attributes": {"environment": "staging"},
        "scheduled_time": "PT2H",
        "idempotency_key": f"e2e/dev/adopt/{instance['id']}",
        "adopt_contact_id": contact_id,
        **extra,
    }
    return {k: v for k, v in inputs.items() if v is not None}


def calls(url, operation):
    return emulator_get(url, "/_emulator/calls")["calls"].get(operation, 0)


def live(url, contact_id):
    return next(c for c in contacts(url) if c["id"] == contact_id)


def started(connect, instance, **extra):
    return connect.start_task_contact(
        InstanceId=instance["id"],
        ContactFlowId=instance["flows"][0],
        Name="Verify queue routing",
        **extra,
    )["ContactId"]


def test_a_task_started_by_the_cli_is_adopted_updated_in_place_and_stopped(
    server, emulator, instance, tmp_path
):
    url = emulator.url
    contact_id = cli_start(url, instance, tmp_path)
    starts, updates = calls(url, "StartTaskContact"), calls(url, "UpdateContact")

    stack = Stack(server)
    assert stack.up(adopting(instance, contact_id)) == "create"
    assert stack.id == contact_id
    assert calls(url, "StartTaskContact") == starts  # nothing started
    assert calls(url, "UpdateContact") == updates  # the same definition: nothing to change
    assert stack.outputs["contact_arn"] == f"{instance['arn']}/contact/{contact_id}"
    assert (stack.outputs["state"], stack.outputs["aws_region"]) == ("SCHEDULED", "us-east-1")
    assert stack.up(adopting(instance, contact_id)) == "same"

    changed = adopting(
        instance,
        contact_id,
        description="Place a test task in every queue, twice",
        attributes={"environment": "staging", "owner": "platform"},
    )
    assert stack.up(changed) == "update"
    assert stack.id == contact_id
    record = live(url, contact_id)
    assert record["description"] == "Place a test task in every queue, twice"
    assert record["attributes"] == {"environment": "staging", "owner": "platform"}
    outputs = stack.outputs
    stack.refresh()
    assert stack.outputs == outputs

    stack.destroy()
    assert live(url, contact_id)["state"] == "ended"
    assert calls(url, "StartTaskContact") == starts


def test_adopting_applies_the_inputs_that_differ_from_the_task(
    server, emulator, instance, tmp_path
):
    contact_id = cli_start(emulator.url, instance, tmp_path)
    stack = Stack(server)
    assert (
        stack.up(
            adopting(
                instance, contact_id, name="Verify routing", attributes={"environment": "prod"}
            )
        )
        == "create"
    )
    record = live(emulator.url, contact_id)
    assert (record["name"], record["attributes"]) == ("Verify routing", {"environment": "prod"})
    assert stack.outputs["name"] == "Verify routing"


def test_removing_adopt_contact_id_later_is_no_change(server, emulator, instance, connect):
    contact_id = started(
        connect,
        instance,
        Description="Place a test task in every queue",
        Attributes={"environment": "staging"},
    )
    stack = Stack(server)
    inputs = adopting(instance, contact_id, scheduled_time=None)
    assert stack.up(inputs) == "create"
    before = sum(emulator_get(emulator.url, "/_emulator/calls")["calls"].values())
    del inputs["adopt_contact_id"]
    assert stack.up(inputs) == "same"
    assert stack.up({**inputs, "adopt_contact_id": "another-contact-id"}) == "same"
    assert sum(emulator_get(emulator.url, "/_emulator/calls")["calls"].values()) == before
    assert live(emulator.url, contact_id)["state"] == "queued"


def test_an_ended_task_is_refused_and_nothing_is_started(server, emulator, instance, connect):
    contact_id = started(connect, instance)
    connect.stop_contact(InstanceId=instance["id"], ContactId=contact_id)
    starts = calls(emulator.url, "StartTaskContact")
    with pytest.raises(ProviderError) as caught:
        Stack(server).up(adopting(instance, contact_id))
    assert caught.value.message.startswith(
        f"pulumi_connect_tasks.common.errors.ConnectTaskError: adopt_contact_id: task {contact_id} has already ended ("
    )
    assert caught.value.message.endswith(
        ", API), so it cannot be adopted; remove adopt_contact_id to start a new task"
    )
    assert calls(emulator.url, "StartTaskContact") == starts


def test_a_contact_of_another_instance_does_not_exist_in_this_one(
    server, emulator, instance, connect
):
    other = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=f"other-{instance['id'][:8]}",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    contact_id = started(connect, instance)
    inputs = adopting(instance, contact_id, instance_id=other["Id"])
    with pytest.raises(ProviderError) as caught:
        Stack(server).up(inputs)
    assert (
        f"adopt_contact_id: contact {contact_id} does not exist in instance {other['Id']} (Region us-east-1); "
        "check the contact id, instance_id and region"
    ) in caught.value.message


def test_a_mismatched_previous_contact_id_is_refused_and_nothing_changes(
    server, emulator, instance, connect
):
    first, other = started(connect, instance), started(connect, instance)
    contact_id = started(connect, instance, PreviousContactId=first, Description="as started")
    updates = calls(emulator.url, "UpdateContact")
    with pytest.raises(ProviderError) as caught:
        Stack(server).up(
            adopting(instance, contact_id, previous_contact_id=other, scheduled_time=None)
        )
    message = caught.value.message
    assert (
        f"adopt_contact_id: task {contact_id} does not match the inputs, so it was not adopted and nothing was "
        f"changed: previous_contact_id: the task's PreviousContactId is {first}, not {other}. These cannot change "
        "on a running task: set the inputs to what the task has, or remove adopt_contact_id to start a new task"
    ) in message
    assert "Place a test task" not in message and "staging" not in message
    assert calls(emulator.url, "UpdateContact") == updates
    assert live(emulator.url, contact_id)["description"] == "as started"


def test_a_replacement_that_would_adopt_the_task_again_is_refused(
    server, emulator, instance, tmp_path
):
    contact_id = cli_start(emulator.url, instance, tmp_path)
    stack = Stack(server)
    stack.up(adopting(instance, contact_id))
    with pytest.raises(ProviderError) as caught:
        stack.up(adopting(instance, contact_id, contact_flow_id=instance["flows"][1]))
    assert f"but adopt_contact_id still names this one ({contact_id})" in caught.value.message
    assert live(emulator.url, contact_id)["state"] == "scheduled"
    moved = adopting(instance, contact_id, contact_flow_id=instance["flows"][1])
    del moved["adopt_contact_id"]
    assert stack.up(moved) == "replace"
    assert stack.id != contact_id
    assert live(emulator.url, contact_id)["state"] == "ended"
