"""ConnectTask end to end: the real provider server, the engine's call sequences, the emulator.

What Terraform's provider tests assert: an empty diff right after apply, Read equal to the
outputs, nothing left running after destroy; and the emulator's own record of calls.
"""

import threading
import time

import pytest
from pulumi.runtime.rpc import UNKNOWN

from localengine.server import ProviderError
from tests.e2e.e2e_support import (
    Stack,
    aws_calls,
    contacts,
    emulator_get,
    emulator_post,
    start_provider_server,
)

pytestmark = pytest.mark.slow


def task(instance, **extra):
    return {
        "instance_id": instance["arn"],
        "contact_flow_id": instance["flows"][0],
        "name": "Verify queue routing",
        "description": "Place a test task in every queue",
        "references": {"runbook": {"type": "URL", "value": "https://wiki.example.com/r"}},
        "attributes": {"environment": "staging", "owner": "platform"},
        "scheduled_time": "PT2H",
        "idempotency_key": f"e2e/dev/{instance['id']}",
        **extra,
    }


def live(url, contact_id):
    return next(c for c in contacts(url) if c["id"] == contact_id)


def test_preview_with_unknown_ids_checks_only_and_calls_no_aws(server, emulator, instance):
    before = aws_calls(emulator.url)
    outcome = Stack(server).preview_new(
        task(instance, instance_id=UNKNOWN, contact_flow_id=UNKNOWN)
    )
    assert outcome.failures == []
    assert outcome.inputs["instance_id"] == UNKNOWN
    assert aws_calls(emulator.url) == before


def test_preview_reports_every_failure_on_its_input_without_values(server, emulator, instance):
    before = aws_calls(emulator.url)
    bad = task(
        instance,
        quick_connect_id="qc",
        scheduled_time="P9D",
        name="Secret name " * 100,
        references={"runbook": {"type": "EMAIL", "value": "not-an-address"}},
    )
    outcome = Stack(server).preview_new(bad)
    assert outcome.failures == [
        ("name", "must be at most 1024 characters"),
        (
            "quick_connect_id",
            "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required "
            "(found 2: ContactFlowId, QuickConnectId)",
        ),
        ("references.runbook.value", "must be an e-mail address (Type EMAIL)"),
        ("scheduled_time", "must be at most 6 days ahead"),
    ]
    assert aws_calls(emulator.url) == before


def test_up_records_the_task_then_plan_is_empty_and_read_equals_outputs(server, emulator, instance):
    stack = Stack(server)
    assert stack.up(task(instance)) == "create"
    outputs = stack.outputs
    assert outputs["contact_id"] == stack.id
    assert outputs["contact_arn"] == f"{instance['arn']}/contact/{stack.id}"
    assert outputs["state"] == "SCHEDULED"
    assert outputs["instance_id"] == instance["id"]  # the ARN reduced to the id
    assert outputs["created_at"].endswith("Z") and outputs["scheduled_at"].endswith("Z")
    assert live(emulator.url, stack.id)["state"] == "scheduled"

    assert stack.up(task(instance)) == "same"
    assert stack.refresh() == stack.id
    assert stack.outputs == outputs


def test_noop_up_makes_no_aws_call(server, emulator, instance):
    stack = Stack(server)
    stack.up(task(instance))
    before = aws_calls(emulator.url)
    for _ in range(3):
        assert stack.up(task(instance)) == "same"
    assert aws_calls(emulator.url) == before


def test_update_changes_the_task_in_place(server, emulator, instance):
    stack = Stack(server)
    stack.up(task(instance))
    first_id = stack.id
    changed = task(
        instance,
        name="Verify routing again",
        attributes={"environment": "prod"},
        scheduled_time="PT3H",
        references={"runbook": {"type": "URL", "value": "https://w.example.com/2"}},
    )
    assert stack.up(changed) == "update"
    assert stack.id == first_id
    record = live(emulator.url, first_id)
    assert record["name"] == "Verify routing again"
    assert record["attributes"] == {"environment": "prod"}  # "owner" cleared
    assert record["references"]["runbook"]["Value"] == "https://w.example.com/2"
    assert stack.outputs["scheduled_at"] != stack.outputs["created_at"]
    assert stack.up(changed) == "same"
    outputs = stack.outputs
    stack.refresh()
    assert stack.outputs == outputs


@pytest.mark.parametrize(
    "delete_first", [False, True], ids=["create-before-delete", "delete-before-replace"]
)
def test_replacement_starts_a_new_task_and_stops_the_old(server, emulator, instance, delete_first):
    stack = Stack(server)
    stack.up(task(instance))
    old_id = stack.id
    moved = task(instance, contact_flow_id=instance["flows"][1])
    assert stack.up(moved, delete_before_replace=delete_first) == "replace"
    assert stack.id != old_id
    assert live(emulator.url, old_id)["state"] == "ended"
    assert live(emulator.url, stack.id)["state"] == "scheduled"
    assert stack.up(moved) == "same"


def test_forced_delete_before_replace_with_same_inputs_starts_a_new_task(
    server, emulator, instance
):
    stack = Stack(server)
    stack.up(task(instance))
    old_id, old_outputs = stack.id, stack.outputs
    server.delete(old_id, old_outputs)
    checked = server.check({}, Stack.news(task(instance))).inputs
    new_id, _ = server.create(checked)
    assert new_id != old_id
    assert live(emulator.url, new_id)["state"] == "scheduled"


def test_refresh_shows_drift_and_the_next_up_repairs_it(server, emulator, instance, connect):
    stack = Stack(server)
    stack.up(task(instance))
    connect.update_contact(InstanceId=instance["id"], ContactId=stack.id, Name="Renamed by hand")
    stack.refresh()
    assert stack.outputs["name"] == "Renamed by hand"
    assert stack.up(task(instance)) == "update"
    assert live(emulator.url, stack.id)["name"] == "Verify queue routing"


def test_refresh_after_an_out_of_band_stop_shows_ended_and_destroy_succeeds(
    server, emulator, instance, connect
):
    stack = Stack(server)
    stack.up(task(instance))
    connect.stop_contact(InstanceId=instance["id"], ContactId=stack.id)
    assert stack.refresh() == stack.id
    assert stack.outputs["state"] == "ENDED"
    stack.destroy()


def test_refresh_of_a_task_that_no_longer_exists_drops_it(server, instance):
    stack = Stack(server)
    stack.up(task(instance))
    stack.id = "00000000-0000-0000-0000-000000000000"
    assert stack.refresh() == ""


def test_destroy_leaves_nothing_running(server, emulator, instance):
    stacks = [Stack(server) for _ in range(3)]
    for n, stack in enumerate(stacks):
        stack.up(task(instance, idempotency_key=f"e2e/dev/{instance['id']}/{n}"))
    ids = {s.id for s in stacks}
    for stack in stacks:
        stack.destroy()
    assert {c["state"] for c in contacts(emulator.url) if c["id"] in ids} == {"ended"}


def test_destroy_of_what_is_already_gone_succeeds(server, instance):
    stack = Stack(server)
    stack.up(task(instance))
    outputs = stack.outputs
    stack.destroy()
    server.delete(outputs["contact_id"], outputs)  # already ended
    server.delete("00000000-0000-0000-0000-000000000000", outputs)  # never existed


def test_stop_on_delete_false_leaves_the_task_running(server, emulator, instance):
    stack = Stack(server)
    stack.up(task(instance, stop_on_delete=False))
    contact_id = stack.id
    stack.destroy()
    assert live(emulator.url, contact_id)["state"] == "scheduled"


def test_up_then_destroy_then_up_starts_a_new_task(server, emulator, instance):
    stack = Stack(server)
    stack.up(task(instance))
    first = stack.id
    stack.destroy()
    stack.up(task(instance))
    assert stack.id != first
    assert live(emulator.url, stack.id)["state"] == "scheduled"


def test_aws_error_reaches_the_user_as_one_line(server, instance):
    stack = Stack(server)
    with pytest.raises(ProviderError) as caught:
        stack.up(task(instance, contact_flow_id="ffffffff-0000-0000-0000-000000000000"))
    message, _, request_id = caught.value.message.rpartition("; request id ")
    assert message == (
        "pulumi_connect_tasks.common.errors.AwsCallError: StartTaskContact failed: ResourceNotFoundException: "
        "the instance, flow, quick connect, template or contact does not exist in this account and "
        "Region; check the ids and the region (AWS says: Contact flow not found: "
        "ffffffff-0000-0000-0000-000000000000"
    )
    assert request_id.endswith(")") and "\n" not in caught.value.message


def test_interrupted_create_is_retried_without_a_second_task(emulator, instance, tmp_path):
    # The first provider server dies after StartTaskContact succeeded, before Pulumi could
    # record the task: DescribeContact is slowed down and the server killed meanwhile.
    url = emulator.url
    emulator_post(
        url,
        "/_emulator/faults",
        {"operation": "DescribeContact", "kind": "latency", "seconds": 30, "calls": [1]},
    )
    inputs = task(instance)
    first = start_provider_server(tmp_path, url)
    starts = lambda: emulator_get_succeeded(url, "StartTaskContact")  # noqa: E731
    before = starts()
    checked = first.check({}, Stack.news(inputs)).inputs
    worker = threading.Thread(target=lambda: _swallow(first.create, checked), daemon=True)
    worker.start()
    deadline = time.monotonic() + 10
    while starts() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert starts() == before + 1
    first.kill()
    emulator_post(url, "/_emulator/faults", {"rules": []})

    with start_provider_server(tmp_path, url) as second:
        stack = Stack(second)
        assert stack.up(inputs) == "create"
    mine = [c for c in contacts(url) if c["instance_id"] == instance["id"]]
    assert [c["id"] for c in mine] == [stack.id]


def emulator_get_succeeded(url, operation):
    return emulator_get(url, "/_emulator/calls")["succeeded"].get(operation, 0)


def _swallow(call, *args):
    try:
        call(*args)
    except Exception:  # noqa: BLE001 the server was killed on purpose
        pass


def test_a_date_reference_in_rfc3339_is_sent_as_epoch_and_never_drifts(server, emulator, instance):
    # Reference: "DATE must be of type Epoch timestamp." The emulator refuses anything else.
    stack = Stack(server)
    due = {"type": "DATE", "value": "2030-01-02T00:00:00Z"}
    inputs = task(
        instance, references={"due": due}, idempotency_key=f"e2e/dev/date/{instance['id']}"
    )
    assert stack.up(inputs) == "create"
    assert live(emulator.url, stack.id)["references"]["due"] == {
        "Type": "DATE",
        "Value": "1893542400",
    }
    stack.refresh()
    assert stack.outputs["references"] == {"due": due}
    assert stack.up(inputs) == "same"
    epoch = {**inputs, "references": {"due": {"type": "DATE", "value": "1893542400"}}}
    assert stack.up(epoch) == "same"  # the other spelling of the same instant is no change
