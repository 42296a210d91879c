"""The plugin started as Pulumi's language host starts it, driven in the engine's order
against the emulator: preview, up, refresh, in-place update, replacement, destroy."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from tests.emulator_support import emulator_get
from tests.plugin.plugin_support import (
    UNKNOWN,
    CheckFailed,
    Plugin,
    Resource,
    clean_environment,
    detailed,
    unwrap,
)

pytestmark = pytest.mark.slow


def _calls(url: str) -> int:
    return sum(emulator_get(url, "/_emulator/calls")["calls"].values())


def _task(instance: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "instanceId": instance["id"],
        "contactFlowId": instance["flows"][0],
        "name": "Verify queue routing",
        "references": {"runbook": {"type": "URL", "value": "https://wiki.example.com/q"}},
        "attributes": {"environment": "dev"},
        **extra,
    }


def test_preview_of_a_new_task_with_unknowns_checks_and_calls_no_aws(plugin, emulator, instance):
    task = Resource(plugin, "preview-unknown")
    before = _calls(emulator.url)
    assert task.preview(_task(instance, instanceId=UNKNOWN, description=UNKNOWN)) == "create"
    assert task.calls == ["Check"]
    assert _calls(emulator.url) == before


def test_preview_refuses_a_bad_task_naming_camelcase_paths(plugin, instance):
    task = Resource(plugin, "bad")
    news = _task(
        instance,
        quickConnectId="q-1",
        segmentAttributes={"mine": {"valueList": [{"valueString": "x"}]}},
        references={"due": {"type": "DATE", "value": "next week"}},
        adoptContactId="c-1",
    )
    with pytest.raises(CheckFailed) as refused:
        task.preview(news)
    paths = [p for p, _ in refused.value.failures]
    assert paths == [
        "adoptContactId",
        "quickConnectId",
        "references.due.value",
        "segmentAttributes.mine.valueList",
    ]
    reasons = dict(refused.value.failures)
    assert reasons["adoptContactId"] == "is not an input of connect-tasks:index:Task"
    assert reasons["quickConnectId"].startswith("exactly one of ContactFlowId, QuickConnectId")


def test_up_then_refresh_then_up_again_is_no_change(plugin, connect, instance):
    task = Resource(plugin, "routing")
    assert task.up(_task(instance)) == "created"
    contact_id = task.state["contactId"]
    assert task.id == f"{instance['id']}:{contact_id}"
    assert task.state["state"] == "QUEUED"
    assert task.state["idempotencyKey"] == "proj/dev/routing"
    assert task.state["arn"].endswith(f"/contact/{contact_id}")
    assert task.state["awsRegion"] == "us-east-1"
    assert task.refresh() == "same"
    assert task.up(_task(instance)) == "same"
    assert task.calls == ["Check", "Diff"]
    live = connect.describe_contact(InstanceId=instance["id"], ContactId=contact_id)["Contact"]
    assert live["Name"] == "Verify queue routing"


def test_an_in_place_update_shows_update_per_property_and_keeps_the_task(plugin, connect, instance):
    task = Resource(plugin, "in-place")
    task.up(_task(instance))
    first = task.id
    changed = _task(instance, name="Verify routing again", description="second pass")
    assert task.preview(changed) == "update"
    assert detailed(task.last_diff) == {"name": "UPDATE", "description": "ADD"}
    assert not task.last_diff.replaces
    assert task.up(changed) == "updated"
    assert task.calls == ["Check", "Diff", "Update"]
    assert task.id == first
    live = connect.describe_contact(InstanceId=instance["id"], ContactId=task.state["contactId"])
    assert (live["Contact"]["Name"], live["Contact"]["Description"]) == (
        "Verify routing again",
        "second pass",
    )
    assert task.up(changed) == "same"


def test_a_replacement_shows_replace_stops_the_old_task_first_and_starts_one(
    plugin, connect, instance
):
    task = Resource(plugin, "replaced")
    task.up(_task(instance))
    old = task.state["contactId"]
    moved = _task(instance, contactFlowId=instance["flows"][1])
    assert task.preview(moved) == "replace"
    assert detailed(task.last_diff) == {"contactFlowId": "UPDATE_REPLACE"}
    assert list(task.last_diff.replaces) == ["contactFlowId"]
    assert task.last_diff.deleteBeforeReplace
    assert task.up(moved) == "replaced"
    assert task.calls == ["Check", "Diff", "Delete", "Check", "Create"]
    new = task.state["contactId"]
    assert new != old
    ended = connect.describe_contact(InstanceId=instance["id"], ContactId=old)["Contact"]
    assert ended.get("DisconnectTimestamp")
    running = connect.describe_contact(InstanceId=instance["id"], ContactId=new)["Contact"]
    assert not running.get("DisconnectTimestamp")


def test_an_unknown_at_preview_of_an_existing_task_is_a_change(plugin, instance):
    task = Resource(plugin, "unknown-later")
    task.up(_task(instance))
    assert task.preview(_task(instance, name=UNKNOWN)) == "update"
    assert detailed(task.last_diff) == {"name": "UPDATE"}


def test_destroy_stops_the_task(plugin, connect, instance):
    task = Resource(plugin, "destroyed")
    task.up(_task(instance))
    contact_id, id_, outputs = task.state["contactId"], task.id, task.outputs
    task.destroy()
    live = connect.describe_contact(InstanceId=instance["id"], ContactId=contact_id)["Contact"]
    assert live.get("DisconnectTimestamp")
    plugin.delete("destroyed", id_, outputs)  # a destroy retried after a crash: still fine


def test_refresh_of_a_task_stopped_elsewhere_reads_ended(plugin, connect, instance):
    task = Resource(plugin, "stopped-elsewhere")
    task.up(_task(instance))
    connect.stop_contact(InstanceId=instance["id"], ContactId=task.state["contactId"])
    assert task.refresh() == "updated"
    assert task.state["state"] == "ENDED"


def test_create_is_idempotent_a_retried_create_gets_the_same_task(plugin, instance):
    first, again = Resource(plugin, "retried"), Resource(plugin, "retried")
    first.up(_task(instance))
    again.up(_task(instance))  # the engine lost the first answer and creates again
    assert again.id == first.id


def test_a_task_template_is_created_read_updated_and_deleted(plugin, connect, instance):
    template = Resource(plugin, "intake", token="connect-tasks:index:TaskTemplate")
    inputs = {
        "instanceId": instance["id"],
        "name": "Intake",
        "contactFlowId": instance["flows"][0],
        "fields": [
            {"id": {"name": "Name"}, "type": "NAME"},
            {"id": {"name": "Due"}, "type": "DATE_TIME"},
        ],
        "constraints": {"requiredFields": [{"id": {"name": "Name"}}]},
    }
    assert template.up(inputs) == "created"
    template_id = template.state["templateId"]
    assert template.id == f"{instance['id']}:{template_id}"
    assert template.refresh() == "same"
    assert template.up({**inputs, "description": "Intake of new work"}) == "updated"
    live = connect.get_task_template(InstanceId=instance["id"], TaskTemplateId=template_id)
    assert live["Description"] == "Intake of new work"
    assert unwrap(template.outputs)[0]["fields"][1] == {"id": {"name": "Due"}, "type": "DATE_TIME"}
    template.destroy()
    assert connect.list_task_templates(InstanceId=instance["id"])["TaskTemplates"] == []


def test_a_flow_by_name_is_resolved_and_its_id_is_the_same_task(plugin, connect, instance):
    task = Resource(plugin, "by-name")
    by_name = {k: v for k, v in _task(instance).items() if k != "contactFlowId"}
    assert task.up({**by_name, "contactFlowName": "flow 1"}) == "created"
    assert task.state["contactFlowId"] == instance["flows"][0]
    assert task.up(_task(instance)) == "same"  # the id of the flow the name resolved to


def test_a_name_no_flow_has_fails_the_create_and_starts_nothing(plugin, emulator, instance):
    task = Resource(plugin, "no-such-flow")
    by_name = {k: v for k, v in _task(instance).items() if k != "contactFlowId"}
    before = emulator_get(emulator.url, "/_emulator/calls")["calls"].get("StartTaskContact", 0)
    with pytest.raises(grpc.RpcError) as refused:
        task.up({**by_name, "contactFlowName": "no such flow"})
    assert refused.value.details().startswith(
        "contactFlowName: no contact flow named 'no such flow'"
    )
    assert "Traceback" not in refused.value.details()
    after = emulator_get(emulator.url, "/_emulator/calls")["calls"].get("StartTaskContact", 0)
    assert after == before


def test_a_create_retried_by_a_new_plugin_process_gets_the_same_task(
    plugin, emulator, instance, tmp_path
):
    """The engine lost the answer (a crash, a killed plugin) and creates again from a new
    process: the same task, not a second."""
    first = Resource(plugin, "after-crash")
    first.up(_task(instance))
    with Plugin(tmp_path, clean_environment(emulator.url)) as restarted:
        restarted.configure({})
        again = Resource(restarted, "after-crash")
        again.up(_task(instance))
    assert again.id == first.id
