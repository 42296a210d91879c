"""Quota errors are final: one clear error line, and exactly one StartTaskContact per attempt."""

from __future__ import annotations

import pytest

from tests.reliability.reliability_support import (
    calls,
    connect_client,
    new_stack,
    post,
    task,
    write_program,
)

pytestmark = pytest.mark.slow

ERROR_START = "pulumi_connect_tasks.common.errors.AwsCallError: StartTaskContact failed: ServiceQuotaExceededException: "


def assert_quota_error(error: str) -> None:
    assert error.startswith(ERROR_START)
    assert "not retried" in error
    assert "\n" not in error


def test_reliability_quota_active_tasks_fails_once_without_retries(start_emulator, tmp_path):
    emulator = start_emulator(throttle=False)
    post(emulator.url, "/_emulator/quota", {"active_tasks_per_instance": 2})
    stack = new_stack(emulator.url, tmp_path, [task(0), task(1), task(2)])

    first = stack.engine().up()

    assert first.counts == {"create": 2}
    [failed] = first.failed
    assert_quota_error(failed.error)
    assert calls(emulator.url, "StartTaskContact") == (3, 2)
    assert len(stack.contacts()) == 2 and len(stack.state_ids()) == 2

    second = stack.engine().up()

    assert second.counts == {"same": 2}
    assert [s.name for s in second.failed] == [failed.name]
    assert_quota_error(second.failed[0].error)
    assert calls(emulator.url, "StartTaskContact") == (4, 2)  # one more attempt, one more call


def test_reliability_quota_twelve_per_chain_fails_once_without_retries(start_emulator, tmp_path):
    emulator = start_emulator(throttle=False)
    stack = new_stack(emulator.url, tmp_path, [])
    client = connect_client(emulator.url)
    root = client.start_task_contact(
        InstanceId=stack.instance_id, ContactFlowId=stack.flow_id, Name="root"
    )
    for n in range(11):  # the root and 11 follow-ups: the chain holds 12
        client.start_task_contact(
            InstanceId=stack.instance_id,
            ContactFlowId=stack.flow_id,
            Name=f"follow-up {n}",
            PreviousContactId=root["ContactId"],
        )
    write_program(stack.program, [task(0, previous_contact_id=root["ContactId"])])
    before = calls(emulator.url, "StartTaskContact")[0]

    summary = stack.engine().up()

    [failed] = summary.failed
    assert failed.name == "task-0000"
    assert_quota_error(failed.error)
    assert "12 linked tasks in one PreviousContactId chain" in failed.error
    assert calls(emulator.url, "StartTaskContact")[0] == before + 1
    assert stack.state_ids() == {}
