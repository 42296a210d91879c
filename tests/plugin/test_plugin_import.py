"""`pulumi import connect-tasks:index:Task NAME <instance id>:<contact id>`: Read with the id
alone, then an `up` of a program declaring the same task shows no change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.plugin.plugin_support import TEMPLATE, Resource, clean_environment, unwrap

pytestmark = pytest.mark.slow

DEFINITION = {
    "Name": "Review agent access",
    "Description": "Compare security profiles with the HR roster.",
    "References": {
        "roster": {"Type": "URL", "Value": "https://hr.example.com/roster"},
        "due": {"Type": "DATE", "Value": "2026-12-24T00:00:00Z"},
    },
    "Attributes": {"cadence": "weekly"},
}
# The same task as a TypeScript program would declare it.
PROGRAM = {
    "name": "Review agent access",
    "description": "Compare security profiles with the HR roster.",
    "references": {
        "roster": {"type": "URL", "value": "https://hr.example.com/roster"},
        "due": {"type": "DATE", "value": "2026-12-24T00:00:00Z"},
    },
    "attributes": {"cadence": "weekly"},
}


def _started_by_the_cli(
    tmp_path: Path, url: str, instance: dict[str, Any], definition: dict[str, Any] = DEFINITION
) -> str:
    """`connect-tasks start` of one definition file: the task's contact id."""
    path = tmp_path / "access-review.json"
    path.write_text(json.dumps(definition))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pulumi_connect_tasks.files.cli",
            "start",
            "--instance-id",
            instance["id"],
            "--contact-flow-id",
            instance["flows"][0],
            str(path),
        ],
        env=clean_environment(url),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    [started] = json.loads(done.stdout)["data"]["tasks"]
    return started["id"]


def test_import_of_a_started_task_then_up_shows_no_change(plugin, emulator, instance, tmp_path):
    contact_id = _started_by_the_cli(tmp_path, emulator.url, instance)
    task = Resource(plugin, "access-review")
    task.import_(f"{instance['id']}:{contact_id}")
    assert task.id == f"{instance['id']}:{contact_id}"
    inputs, _ = unwrap(task.inputs)
    assert inputs["name"] == "Review agent access"
    assert inputs["attributes"] == {"cadence": "weekly"}
    assert inputs["idempotencyKey"] == "proj/dev/access-review"
    assert task.state["contactId"] == contact_id and task.state["state"] == "QUEUED"
    program = {"instanceId": instance["id"], "contactFlowId": instance["flows"][0], **PROGRAM}
    assert task.up(program) == "same"
    assert task.calls == ["Check", "Diff"]
    assert task.refresh() == "same"
    # The task is managed from here on: a change updates it in place.
    assert task.up({**program, "attributes": {"cadence": "monthly"}}) == "updated"
    assert task.id == f"{instance['id']}:{contact_id}"
    assert task.up({**program, "attributes": {"cadence": "monthly"}}) == "same"


def test_import_then_a_new_flow_replaces_the_task(plugin, emulator, instance, tmp_path):
    contact_id = _started_by_the_cli(tmp_path, emulator.url, instance)
    task = Resource(plugin, "access-review-moved")
    task.import_(f"{instance['id']}:{contact_id}")
    program = {"instanceId": instance["id"], "contactFlowId": instance["flows"][0], **PROGRAM}
    assert task.up(program) == "same"
    assert task.up({**program, "contactFlowId": instance["flows"][1]}) == "replaced"
    assert task.state["contactId"] != contact_id


def test_import_of_an_unknown_or_ended_task_is_not_found(
    plugin, connect, emulator, instance, tmp_path
):
    task = Resource(plugin, "missing")
    with pytest.raises(LookupError, match="does not exist"):
        task.import_(f"{instance['id']}:00000000-0000-4000-8000-000000000000")
    contact_id = _started_by_the_cli(tmp_path, emulator.url, instance)
    connect.stop_contact(InstanceId=instance["id"], ContactId=contact_id)
    with pytest.raises(LookupError, match="does not exist"):
        task.import_(f"{instance['id']}:{contact_id}")


def test_import_id_must_name_the_instance_and_the_contact(plugin):
    task = Resource(plugin, "no-instance")
    with pytest.raises(grpc.RpcError) as refused:
        task.import_("just-a-contact-id")
    assert refused.value.details() == (
        "connect-tasks:index:Task: the id must be <instance id>:<contact id> (as `pulumi import "
        "connect-tasks:index:Task NAME <instance id>:<contact id>` takes it)"
    )


def test_import_of_a_task_template_then_up_shows_no_change(plugin, connect, instance):
    created = connect.create_task_template(
        InstanceId=instance["id"],
        Name="Intake",
        ContactFlowId=instance["flows"][0],
        Fields=[{"Id": {"Name": "Name"}, "Type": "NAME"}],
        Constraints={"RequiredFields": [{"Id": {"Name": "Name"}}]},
    )
    template = Resource(plugin, "intake", token=TEMPLATE)
    template.import_(f"{instance['id']}:{created['Id']}")
    program = {
        "instanceId": instance["id"],
        "name": "Intake",
        "contactFlowId": instance["flows"][0],
        "fields": [{"id": {"name": "Name"}, "type": "NAME"}],
        "constraints": {"requiredFields": [{"id": {"name": "Name"}}]},
    }
    assert template.up(program) == "same"


def test_import_counts_only_the_keys_the_program_gives(
    plugin, connect, emulator, instance, tmp_path
):
    """A flow adds attributes of its own, and a task may carry segment attributes the
    program does not declare: importing it and declaring the rest is no change, and the
    flow's attributes are never cleared."""
    definition = {
        **DEFINITION,
        "SegmentAttributes": {
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 4320}}}
        },
    }
    contact_id = _started_by_the_cli(tmp_path, emulator.url, instance, definition)
    connect.update_contact_attributes(
        InstanceId=instance["id"], InitialContactId=contact_id, Attributes={"routedBy": "flow"}
    )
    task = Resource(plugin, "flow-touched")
    task.import_(f"{instance['id']}:{contact_id}")
    imported, _ = unwrap(task.inputs)
    assert imported["attributes"] == {"cadence": "weekly", "routedBy": "flow"}
    assert "connect:ContactExpiry" in imported["segmentAttributes"]
    program = {"instanceId": instance["id"], "contactFlowId": instance["flows"][0], **PROGRAM}
    assert task.up(program) == "same"
    assert task.up({**program, "attributes": {"cadence": "monthly"}}) == "updated"
    live = connect.get_contact_attributes(InstanceId=instance["id"], InitialContactId=contact_id)
    assert live["Attributes"] == {"cadence": "monthly", "routedBy": "flow"}
