"""A task stopped outside Pulumi: refresh records it ENDED, destroy still succeeds."""

from __future__ import annotations

import pytest

from tests.reliability.reliability_support import TASK_TYPE, connect_client, new_stack, task

pytestmark = pytest.mark.slow


def test_reliability_out_of_band_stop_refresh_shows_ended_and_destroy_succeeds(
    start_emulator, tmp_path
):
    emulator = start_emulator(throttle=False)
    stack = new_stack(emulator.url, tmp_path, [task(0), task(1)])
    assert stack.engine().up().ok
    ids = stack.state_ids()
    connect_client(emulator.url).stop_contact(
        InstanceId=stack.instance_id, ContactId=ids["task-0000"]
    )

    refreshed = stack.engine().refresh()

    assert refreshed.ok and refreshed.counts == {"same": 2}
    outputs = {
        r.name: r.outputs
        for r in stack.engine().store.load().resources.values()
        if r.type == TASK_TYPE
    }
    assert (outputs["task-0000"]["state"], outputs["task-0001"]["state"]) == ("ENDED", "QUEUED")
    assert stack.state_ids() == ids

    destroyed = stack.engine().destroy()

    assert destroyed.ok and destroyed.counts == {"delete": 2}
    assert stack.state_ids() == {}
    live = {c["id"]: (c["state"], c["disconnect_reason"]) for c in stack.contacts()}
    assert live == {ids["task-0000"]: ("ended", "API"), ids["task-0001"]: ("ended", "API")}


def test_reliability_out_of_band_stop_then_destroy_without_refresh_succeeds(
    start_emulator, tmp_path
):
    emulator = start_emulator(throttle=False)
    stack = new_stack(emulator.url, tmp_path, [task(0)])
    assert stack.engine().up().ok
    [contact_id] = stack.state_ids().values()
    connect_client(emulator.url).stop_contact(InstanceId=stack.instance_id, ContactId=contact_id)

    destroyed = stack.engine().destroy()

    assert destroyed.ok and destroyed.counts == {"delete": 1}
    assert stack.state_ids() == {}
    assert [c["state"] for c in stack.contacts()] == ["ended"]
