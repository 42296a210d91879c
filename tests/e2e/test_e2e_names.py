"""A ConnectTask's target by name, through the real provider server against the emulator.

The name is resolved in the task's own instance when the task is started (ListContactFlows
and ListQuickConnects every page, ListTaskTemplates in one call); the resolved id is an
output; the id and the name of one target are one task; an unchanged name costs no call.
"""

import uuid

import pytest
from pulumi.runtime.rpc import UNKNOWN

from localengine.server import ProviderError
from tests.e2e.e2e_support import Stack, contacts, emulator_get

pytestmark = pytest.mark.slow

ERROR = "pulumi_connect_tasks.common.errors.ConnectTaskError: "


def new_instance(connect) -> str:
    return connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=f"e2e-names-{uuid.uuid4().hex[:12]}",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )["Id"]


def new_flow(connect, instance_id: str, name: str) -> str:
    return connect.create_contact_flow(
        InstanceId=instance_id, Name=name, Type="CONTACT_FLOW", Content="{}"
    )["ContactFlowId"]


def new_template(connect, instance_id: str, name: str, flow_id: str) -> str:
    return connect.create_task_template(
        InstanceId=instance_id,
        Name=name,
        ContactFlowId=flow_id,
        Fields=[{"Id": {"Name": "Title"}, "Type": "NAME"}],
        Constraints={"RequiredFields": [{"Id": {"Name": "Title"}}]},
        Status="ACTIVE",
    )["Id"]


def task(instance_id: str, **target):
    return {
        "instance_id": instance_id,
        "name": "Verify queue routing",
        "scheduled_time": "PT2H",
        "idempotency_key": f"e2e/dev/names/{instance_id}",
        **target,
    }


def calls(url: str, operation: str) -> int:
    return emulator_get(url, "/_emulator/calls")["calls"].get(operation, 0)


def in_instance(url: str, instance_id: str) -> list[dict]:
    return [c for c in contacts(url) if c["instance_id"] == instance_id]


def test_one_flow_name_resolves_to_each_instances_own_flow(server, emulator, connect):
    instances = [new_instance(connect) for _ in range(2)]
    flows = [new_flow(connect, instance_id, "Escalation") for instance_id in instances]
    assert flows[0] != flows[1]
    for instance_id, flow_id in zip(instances, flows, strict=True):
        stack = Stack(server)
        assert stack.up(task(instance_id, contact_flow_name="Escalation")) == "create"
        assert stack.outputs["contact_flow_id"] == flow_id
        assert stack.outputs["contact_flow_name"] == "Escalation"
        assert stack.inputs.get("contact_flow_id") is None
        [record] = in_instance(emulator.url, instance_id)
        assert (record["id"], record["contact_flow_id"]) == (stack.id, flow_id)


def test_flow_name_is_found_on_a_later_page(server, emulator, connect):
    instance_id = new_instance(connect)
    for n in range(100):
        new_flow(connect, instance_id, f"filler {n:03}")
    late = new_flow(connect, instance_id, "Late flow")
    before = calls(emulator.url, "ListContactFlows")
    stack = Stack(server)
    stack.up(task(instance_id, contact_flow_name="Late flow"))
    assert calls(emulator.url, "ListContactFlows") - before == 2  # AWS's default page is 100
    assert stack.outputs["contact_flow_id"] == late


def test_quick_connect_by_name(server, emulator, connect):
    instance_id = new_instance(connect)
    flow_id = new_flow(connect, instance_id, "Queue flow")
    config = {
        "QuickConnectType": "QUEUE",
        "QueueConfig": {"QueueId": "queue-7", "ContactFlowId": flow_id},
    }
    qc = connect.create_quick_connect(
        InstanceId=instance_id, Name="Billing queue", QuickConnectConfig=config
    )
    stack = Stack(server)
    stack.up(task(instance_id, quick_connect_name="Billing queue"))
    assert stack.outputs["quick_connect_id"] == qc["QuickConnectId"]
    [record] = in_instance(emulator.url, instance_id)
    assert record["id"] == stack.id


def test_task_template_by_name(server, emulator, connect):
    instance_id = new_instance(connect)
    template_id = new_template(
        connect, instance_id, "Incident", new_flow(connect, instance_id, "Incident flow")
    )
    stack = Stack(server)
    stack.up(task(instance_id, task_template_name="Incident"))
    assert stack.outputs["task_template_id"] == template_id
    [record] = in_instance(emulator.url, instance_id)
    assert (record["id"], record["task_template_id"]) == (stack.id, template_id)


def test_a_name_that_matches_nothing_starts_nothing(server, emulator, connect):
    instance_id = new_instance(connect)
    new_flow(connect, instance_id, "Escalation")
    before = calls(emulator.url, "StartTaskContact")
    with pytest.raises(ProviderError) as caught:
        Stack(server).up(task(instance_id, contact_flow_name="escalation"))
    assert caught.value.message == (
        f"{ERROR}contact_flow_name: no contact flow named 'escalation' in instance {instance_id} (names match "
        "exactly, case included); check the name and the instance, or give contact_flow_id; no task was started"
    )
    assert calls(emulator.url, "StartTaskContact") == before
    assert in_instance(emulator.url, instance_id) == []


def test_two_templates_of_one_name_start_nothing(server, emulator, connect):
    instance_id = new_instance(connect)
    flow_id = new_flow(connect, instance_id, "Incident flow")
    ids = sorted(new_template(connect, instance_id, "Incident", flow_id) for _ in range(2))
    before = calls(emulator.url, "StartTaskContact")
    with pytest.raises(ProviderError) as caught:
        Stack(server).up(task(instance_id, task_template_name="Incident"))
    assert caught.value.message == (
        f"{ERROR}task_template_name: 2 task templates are named 'Incident' in instance {instance_id} "
        f"({ids[0]}, {ids[1]}); give task_template_id instead, or rename all but one; no task was started"
    )
    assert calls(emulator.url, "StartTaskContact") == before
    assert in_instance(emulator.url, instance_id) == []


def test_id_then_name_of_the_same_flow_is_no_change(server, emulator, connect):
    instance_id = new_instance(connect)
    flow_id = new_flow(connect, instance_id, "Escalation")
    stack = Stack(server)
    stack.up(task(instance_id, contact_flow_id=flow_id))
    first_id = stack.id
    # The same ClientToken too: a create from the name (a retried one: no diff has seen the
    # task yet) returns the task the id started.
    checked = server.check({}, Stack.news(task(instance_id, contact_flow_name="Escalation"))).inputs
    assert server.create(checked)[0] == first_id
    assert stack.up(task(instance_id, contact_flow_name="Escalation")) == "same"
    assert stack.id == first_id
    assert len(in_instance(emulator.url, instance_id)) == 1


def test_name_to_another_flows_name_replaces_the_task(server, emulator, connect):
    instance_id = new_instance(connect)
    first, second = (
        new_flow(connect, instance_id, "Escalation"),
        new_flow(connect, instance_id, "Follow-up"),
    )
    stack = Stack(server)
    stack.up(task(instance_id, contact_flow_name="Escalation"))
    old_id = stack.id
    assert stack.outputs["contact_flow_id"] == first
    assert stack.up(task(instance_id, contact_flow_name="Follow-up")) == "replace"
    assert stack.id != old_id
    assert stack.outputs["contact_flow_id"] == second
    states = {c["id"]: c["state"] for c in in_instance(emulator.url, instance_id)}
    assert states == {old_id: "ended", stack.id: "scheduled"}


def test_unchanged_name_costs_no_call_and_refresh_keeps_the_name(server, emulator, connect):
    instance_id = new_instance(connect)
    flow_id = new_flow(connect, instance_id, "Escalation")
    stack = Stack(server)
    stack.up(task(instance_id, contact_flow_name="Escalation"))
    outputs = stack.outputs
    before = calls(emulator.url, "ListContactFlows")
    assert stack.up(task(instance_id, contact_flow_name="Escalation")) == "same"
    assert stack.refresh() == stack.id
    assert stack.outputs == outputs
    assert (
        stack.inputs["contact_flow_name"] == "Escalation" and "contact_flow_id" not in stack.inputs
    )
    assert stack.up(task(instance_id, contact_flow_name="Escalation")) == "same"
    assert calls(emulator.url, "ListContactFlows") == before
    # An update in place keeps the resolved id among the outputs.
    assert (
        stack.up(task(instance_id, contact_flow_name="Escalation", name="Renamed task")) == "update"
    )
    assert stack.outputs["contact_flow_id"] == flow_id


def test_unknown_name_at_preview_checks_clean(server, emulator, connect):
    instance_id = new_instance(connect)
    before = sum(emulator_get(emulator.url, "/_emulator/calls")["calls"].values())
    outcome = Stack(server).preview_new(task(instance_id, contact_flow_name=UNKNOWN))
    assert outcome.failures == []
    assert outcome.inputs["contact_flow_name"] == UNKNOWN
    assert sum(emulator_get(emulator.url, "/_emulator/calls")["calls"].values()) == before


def test_name_and_id_together_fail_at_preview(server, emulator, connect):
    instance_id = new_instance(connect)
    outcome = Stack(server).preview_new(
        task(instance_id, contact_flow_id="f", contact_flow_name="Escalation")
    )
    assert outcome.failures == [
        (
            "contact_flow_name",
            "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or "
            "TaskTemplateName is required (found 2: ContactFlowId, ContactFlowName)",
        )
    ]
