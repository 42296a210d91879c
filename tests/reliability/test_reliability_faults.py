"""Under injected 500s, dropped connections and throttling, every task is created exactly once.

The emulator's faults are seeded, so a run repeats (up to the order in which the
provider server's four threads reach it). Size: RELIABILITY_N tasks (30 by default).
"""

from __future__ import annotations

import pytest

from tests.reliability.reliability_support import N, calls, new_stack, task, total_calls

pytestmark = pytest.mark.slow

# Every kind of trouble the provider's retries must absorb, on both calls a Create makes.
FAULTS = [
    {
        "operation": "StartTaskContact",
        "kind": "error",
        "code": "InternalServiceException",
        "rate": 0.1,
    },
    {"operation": "StartTaskContact", "kind": "drop_before", "rate": 0.1},
    {"operation": "StartTaskContact", "kind": "drop_after", "rate": 0.1},
    {
        "operation": "DescribeContact",
        "kind": "error",
        "code": "InternalServiceException",
        "rate": 0.1,
    },
    {"operation": "DescribeContact", "kind": "drop_before", "rate": 0.05},
    {"operation": "DescribeContact", "kind": "drop_after", "rate": 0.05},
]
THROTTLE = {"StartTaskContact": (20.0, 5.0), "DescribeContact": (40.0, 10.0)}


def test_reliability_faults_every_task_created_exactly_once_then_up_is_a_no_op(
    start_emulator, tmp_path
):
    emulator = start_emulator(throttle=THROTTLE, faults=FAULTS, seed=20261125)
    stack = new_stack(emulator.url, tmp_path, [task(i) for i in range(N)])

    summary = stack.engine().up()

    assert [s.error for s in summary.failed] == []
    assert summary.ok and summary.counts == {"create": N}
    per_name = stack.contacts_per_name()
    assert sorted(per_name) == [f"Reliability task {i:04d}" for i in range(N)]
    assert set(per_name.values()) == {1}
    per_token = [c["client_token"] for c in stack.contacts()]
    assert len(set(per_token)) == N and None not in per_token
    state_ids = stack.state_ids()
    assert len(state_ids) == N
    assert set(state_ids.values()) == {c["id"] for c in stack.contacts()}
    # The faults did fire: more requests than tasks, and lost responses among them.
    received, completed = calls(emulator.url, "StartTaskContact")
    assert received > N and completed > N  # a drop_after completes, then loses the answer

    # Then an up of the same program is a no-op: no AWS call, the state unchanged.
    before = total_calls(emulator.url)
    again = stack.engine().up()
    assert again.ok and again.counts == {"same": N}
    assert total_calls(emulator.url) == before
    assert stack.state_ids() == state_ids
