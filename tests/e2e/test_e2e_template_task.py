"""A ConnectTask that names a task template is checked against it before anything starts."""

import pytest

from localengine.server import ProviderError
from tests.e2e.e2e_support import Stack, contacts

pytestmark = pytest.mark.slow


@pytest.fixture
def template(connect, instance):
    created = connect.create_task_template(
        InstanceId=instance["id"],
        Name="Incident",
        ContactFlowId=instance["flows"][0],
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
        "instance_id": instance["id"],
        "task_template_id": template,
        "name": "Disk full on db-1",
        "idempotency_key": f"e2e/dev/template/{instance['id']}",
        **extra,
    }


def test_task_from_a_template_starts_when_it_fits(server, emulator, instance, template):
    stack = Stack(server)
    stack.up(task(instance, template, references={"Severity": {"type": "NUMBER", "value": "2"}}))
    [record] = [c for c in contacts(emulator.url) if c["instance_id"] == instance["id"]]
    assert (record["id"], record["task_template_id"]) == (stack.id, template)


def test_task_missing_a_required_template_field_starts_nothing(
    server, emulator, instance, template
):
    with pytest.raises(ProviderError) as caught:
        Stack(server).up(task(instance, template))
    assert caught.value.message == (
        "pulumi_connect_tasks.common.errors.ConnectTaskError: the task does not fit its task template, no task "
        "was started: references.Severity: is required by task template 'Incident' (field Severity, NUMBER)"
    )
    assert [c for c in contacts(emulator.url) if c["instance_id"] == instance["id"]] == []


def test_task_with_a_flow_beside_its_template_is_refused_at_preview(
    server, emulator, instance, template
):
    # StartTaskContact: "include only one of these parameters: ContactFlowID, QuickConnectID, or TaskTemplateID".
    outcome = Stack(server).preview_new(
        task(instance, template, contact_flow_id=instance["flows"][1])
    )
    assert outcome.failures == [
        (
            "task_template_id",
            "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required (found 2: ContactFlowId, TaskTemplateId)",
        )
    ]
    assert [c for c in contacts(emulator.url) if c["instance_id"] == instance["id"]] == []


def test_task_from_a_template_without_a_flow_starts_nothing(server, emulator, connect, instance):
    # "... or only the TaskTemplateID is specified but it does not have a flow configured, the
    # request returns an error". A template may lack a flow when it has a QUICK_CONNECT field.
    flowless = connect.create_task_template(
        InstanceId=instance["id"],
        Name="Callback",
        Fields=[
            {"Id": {"Name": "Title"}, "Type": "NAME"},
            {"Id": {"Name": "To"}, "Type": "QUICK_CONNECT"},
        ],
        Constraints={"RequiredFields": [{"Id": {"Name": "Title"}}]},
        Status="ACTIVE",
    )["Id"]
    with pytest.raises(ProviderError) as caught:
        Stack(server).up(task(instance, flowless))
    assert caught.value.message == (
        "pulumi_connect_tasks.common.errors.ConnectTaskError: the task does not fit its task template, no task "
        "was started: task_template_id: task template 'Callback' has no flow configured, so AWS cannot "
        "start a task from it; set the template's contact_flow_id, or start the task with contact_flow_id "
        "instead of task_template_id"
    )
    assert [c for c in contacts(emulator.url) if c["instance_id"] == instance["id"]] == []


def test_an_update_that_no_longer_fits_its_template_changes_nothing(
    server, emulator, connect, instance, template
):
    stack = Stack(server)
    stack.up(task(instance, template, references={"Severity": {"type": "NUMBER", "value": "2"}}))
    wrong = task(
        instance,
        template,
        references={"Severity": {"type": "STRING", "value": "high"}},
        description="Now with a description",
    )
    with pytest.raises(ProviderError) as caught:
        stack.up(wrong)
    assert caught.value.message == (
        "pulumi_connect_tasks.common.errors.ConnectTaskError: the task does not fit its task template, nothing "
        "was changed: references.Severity.type: must be NUMBER to fit task template 'Incident' (field Severity, NUMBER)"
    )
    described = connect.describe_contact(InstanceId=instance["id"], ContactId=stack.id)["Contact"]
    assert "Description" not in described
    references = connect.list_contact_references(
        InstanceId=instance["id"], ContactId=stack.id, ReferenceTypes=["NUMBER", "STRING"]
    )["ReferenceSummaryList"]
    assert [list(r) for r in references] == [["Number"]]  # still the NUMBER it was started with


def test_an_update_of_a_task_whose_template_is_now_inactive_still_applies(
    server, emulator, connect, instance, template
):
    # Only starting a task needs an ACTIVE template; the task already runs.
    stack = Stack(server)
    fits = {"Severity": {"type": "NUMBER", "value": "2"}}
    stack.up(task(instance, template, references=fits))
    current = connect.get_task_template(InstanceId=instance["id"], TaskTemplateId=template)
    connect.update_task_template(
        InstanceId=instance["id"],
        TaskTemplateId=template,
        Status="INACTIVE",
        **{k: current[k] for k in ("Name", "ContactFlowId", "Fields", "Constraints")},
    )
    assert (
        stack.up(task(instance, template, references=fits, description="Still running")) == "update"
    )
    described = connect.describe_contact(InstanceId=instance["id"], ContactId=stack.id)["Contact"]
    assert described["Description"] == "Still running"
