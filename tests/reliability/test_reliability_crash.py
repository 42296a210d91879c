"""A create cut short after AWS started the task, then `up` again: still exactly one task.

The provider server is killed (SIGKILL) while a Create waits for DescribeContact, after
StartTaskContact succeeded; or every StartTaskContact response is lost on the way back.
Either way the task exists in AWS but not in the state, and the next `up` must find it
again through its ClientToken instead of starting a second one.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback

import pytest

from localengine.engine import Engine
from localengine.summary import Summary
from tests.reliability.reliability_support import N, calls, new_stack, post, task

pytestmark = pytest.mark.slow


def _up_in_background(engine: Engine) -> tuple[threading.Thread, list[Summary | BaseException]]:
    """Runs ``engine.up()`` in a thread; the list gets its Summary, or what it raised."""
    result: list[Summary | BaseException] = []

    def run() -> None:
        try:
            result.append(engine.up())
        except BaseException as exn:  # noqa: BLE001 handed to the test
            result.append(exn)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


def _where(thread: threading.Thread) -> str:
    """Where a thread is stuck, for the failure message."""
    frame = sys._current_frames().get(thread.ident or 0)
    return "".join(traceback.format_stack(frame)) if frame else "the thread has ended"


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_reliability_crash_after_start_then_up_gives_exactly_one_task(start_emulator, tmp_path):
    emulator = start_emulator(throttle=False)
    # The first DescribeContact, the one right after the start, hangs long enough to kill the server.
    post(
        emulator.url,
        "/_emulator/faults",
        {"operation": "DescribeContact", "kind": "latency", "seconds": 8, "calls": [1]},
    )
    stack = new_stack(emulator.url, tmp_path, [task(0)])
    engine = stack.engine()
    thread, result = _up_in_background(engine)
    _wait_for(lambda: calls(emulator.url, "StartTaskContact")[1] == 1 and engine.server is not None)
    engine.server.kill()
    thread.join(timeout=30)

    assert not thread.is_alive(), _where(thread)
    [crashed] = result
    assert isinstance(crashed, Summary), crashed
    assert not crashed.ok
    assert [(s.name, s.op, s.ok) for s in crashed.steps] == [("task-0000", "create", False)]
    assert crashed.steps[0].error.startswith("provider server UNAVAILABLE")
    assert stack.state_ids() == {}
    assert len(stack.contacts()) == 1

    post(emulator.url, "/_emulator/faults", {"rules": []})
    summary = stack.engine().up()

    assert summary.ok and summary.counts == {"create": 1}
    [contact] = stack.contacts()
    assert stack.state_ids() == {"task-0000": contact["id"]}
    assert calls(emulator.url, "StartTaskContact") == (2, 2)  # the second start replayed the token


def test_reliability_crash_during_bulk_up_then_up_gives_each_task_once(start_emulator, tmp_path):
    emulator = start_emulator(
        throttle={"StartTaskContact": (20.0, 5.0), "DescribeContact": (100.0, 150.0)}
    )
    stack = new_stack(emulator.url, tmp_path, [task(i) for i in range(N)])
    engine = stack.engine()
    thread, _ = _up_in_background(engine)
    _wait_for(lambda: calls(emulator.url, "StartTaskContact")[1] >= N // 2)
    engine.server.kill()
    thread.join(timeout=60)
    assert not thread.is_alive(), _where(thread)
    recorded = stack.state_ids()
    assert 0 < len(recorded) < N

    summary = stack.engine().up()

    assert summary.ok and summary.counts == {"same": len(recorded), "create": N - len(recorded)}
    assert set(stack.contacts_per_name().values()) == {1}
    assert len(stack.contacts()) == N
    assert set(stack.state_ids().values()) == {c["id"] for c in stack.contacts()}


def test_reliability_lost_start_responses_then_up_gives_exactly_one_task(start_emulator, tmp_path):
    emulator = start_emulator(throttle=False)
    # Every StartTaskContact is carried out and its response lost, through all retries.
    post(
        emulator.url,
        "/_emulator/faults",
        {"operation": "StartTaskContact", "kind": "drop_after", "rate": 1.0},
    )
    stack = new_stack(emulator.url, tmp_path, [task(0)])

    failed = stack.engine(AWS_MAX_ATTEMPTS="2").up()

    assert not failed.ok
    assert "StartTaskContact failed" in failed.steps[0].error
    attempts = calls(emulator.url, "StartTaskContact")[0]
    assert attempts >= 2
    assert len(stack.contacts()) == 1  # every attempt sent the same ClientToken
    assert stack.state_ids() == {}

    post(emulator.url, "/_emulator/faults", {"rules": []})
    summary = stack.engine().up()

    assert summary.ok and summary.counts == {"create": 1}
    [contact] = stack.contacts()
    assert stack.state_ids() == {"task-0000": contact["id"]}


def test_reliability_aws_max_attempts_counts_attempts_in_all(start_emulator, tmp_path):
    # As for the AWS CLI and SDKs, AWS_MAX_ATTEMPTS=2 means two attempts: the first and one retry.
    emulator = start_emulator(throttle=False)
    post(
        emulator.url,
        "/_emulator/faults",
        {"operation": "StartTaskContact", "kind": "drop_after", "rate": 1.0},
    )
    stack = new_stack(emulator.url, tmp_path, [task(0)])

    assert not stack.engine(AWS_MAX_ATTEMPTS="2").up().ok

    assert calls(emulator.url, "StartTaskContact")[0] == 2
