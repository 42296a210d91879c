"""A ConnectTask that names a task template is checked against it before anything starts."""

import pytest

from e2e_support import Stack, contacts
from localengine.server import ProviderError


@pytest.fixture
def template(connect, instance):
    created = connect.create_task_template(
        InstanceId=instance["id"], Name="Incident", ContactFlowId=instance["flows"][0],
        Fields=[
            {"Id": {"Name": "Title"}, "Type": "NAME"},
            {"Id": {"Name": "Severity"}, "Type": "NUMBER"},
        ],
        Constraints={"RequiredFields": [{"Id": {"Name": "Title"}}, {"Id": {"Name": "Severity"}}]},
        Status="ACTIVE",
    )
    return created["Id"]


def task(instance, template, **extra):
    return {
        "instance_id": instance["id"], "task_template_id": template, "name": "Disk full on db-1",
        "idempotency_key": f"e2e/dev/template/{instance['id']}", **extra,
    }


def test_task_from_a_template_starts_when_it_fits(server, emulator, instance, template):
    stack = Stack(server)
    stack.up(task(instance, template, references={"Severity": {"type": "NUMBER", "value": "2"}}))
    [record] = [c for c in contacts(emulator.url) if c["instance_id"] == instance["id"]]
    assert (record["id"], record["task_template_id"]) == (stack.id, template)


def test_task_missing_a_required_template_field_starts_nothing(server, emulator, instance, template):
    with pytest.raises(ProviderError) as caught:
        Stack(server).up(task(instance, template, contact_flow_id=instance["flows"][1]))
    assert caught.value.message == (
        "dynamic_providers.errors.ConnectTaskError: the task does not fit its task template, no task "
        "was started: contact_flow_id: must be left out: task template 'Incident' has a flow of its own; "
        "references.Severity: is required by task template 'Incident' (field Severity, NUMBER)"
    )
    assert [c for c in contacts(emulator.url) if c["instance_id"] == instance["id"]] == []
