"""The stack's lock: a second up/refresh/destroy of a running stack stops at once."""

from __future__ import annotations

import getpass
import json
import os
import socket
import subprocess
import sys

import pytest

from localengine.lock import StackLock, StackLocked
from localengine.state import StateStore
from tests.localengine.le_helpers import BlockedRun, item_urn

pytestmark = pytest.mark.slow

HOLDER_LINE = "  {path}: `up` started {timestamp} by {user}@{host} (pid {pid})"


def _holder_line(lock_path, pid: int) -> str:
    holder = json.loads(lock_path.read_text())
    return HOLDER_LINE.format(
        path=lock_path,
        timestamp=holder["timestamp"],
        user=getpass.getuser(),
        host=socket.gethostname(),
        pid=pid,
    )


@pytest.fixture
def blocked(tmp_path):
    run = BlockedRun(tmp_path)
    yield run
    run.close()


def test_lock_second_run_of_a_running_stack_stops_at_once_and_loses_nothing(blocked):
    lock_path = blocked.state_dir / "dev.lock"
    state_before = (blocked.state_dir / "dev.json").read_bytes()
    for command in ("up", "refresh", "destroy"):
        # Had it waited for the lock, it would have run once the first run let go (up to 60 s)
        # and then waited in the blocking program itself: BlockedRun.run's 120 s timeout ends
        # it and fails the test (checked with a blocking flock in StackLock.acquire).
        done = blocked.run(command)
        assert done.returncode == 2, (command, done.stderr)
        assert done.stderr.splitlines() == [
            "error: stack 'dev' is locked by another run; nothing was read or changed. Wait for it to end, "
            "then run this again:",
            _holder_line(lock_path, blocked.process.pid),
            "The lock belongs to that process and ends with it, even when it is killed, so it never needs "
            f"clearing by hand; if that run hangs, stop it (kill {blocked.process.pid} on {socket.gethostname()}).",
        ]
        assert done.stdout == ""
    assert (blocked.state_dir / "dev.json").read_bytes() == state_before
    assert [c["op"] for c in json.loads(blocked.records_path.read_text())["calls"]] == [
        "check",
        "create",
    ]

    first = blocked.go()
    assert (first.returncode, first.stderr) == (0, "")
    state = StateStore(blocked.state_dir, "dev").load()
    assert list(state.resources) == [item_urn("a").replace("le-fixture", "le-blocking")]
    assert state.outputs == {"a": "item-1"}
    assert not lock_path.exists()


def test_lock_preview_runs_beside_an_up(blocked):
    done = blocked.run("preview")
    assert (done.returncode, done.stderr) == (0, "")
    assert "same" in done.stdout
    assert blocked.go().returncode == 0


def test_lock_left_by_a_killed_engine_is_taken_over_with_a_warning(blocked):
    pid = blocked.process.pid
    blocked.kill()
    lock_path = blocked.state_dir / "dev.lock"
    holder_line = _holder_line(lock_path, pid)
    (blocked.root / "go").touch()
    done = blocked.run("up")
    assert (done.returncode, done.stderr) == (0, "")
    assert (
        f"warning: the last run of this stack, {holder_line.split(': ', 1)[1]}, ended without releasing its lock "
        "(it was killed?): the state holds every step it completed; a resource it was creating or deleting when "
        "it stopped may exist outside the state"
    ) in done.stdout.splitlines()
    assert not lock_path.exists()
    again = blocked.run("up")
    assert (again.returncode, again.stderr) == (0, "")
    assert "warning" not in again.stdout


def test_lock_is_exclusive_within_one_process_and_released_on_exit(tmp_path):
    with StackLock(tmp_path, "dev", "up"):
        with pytest.raises(StackLocked):
            StackLock(tmp_path, "dev", "destroy").acquire()
        with StackLock(tmp_path, "other", "up"):  # one lock per stack
            pass
    with StackLock(tmp_path, "dev", "destroy") as lock:
        assert lock.interrupted is None
    assert sorted(os.listdir(tmp_path)) == []


def test_lock_held_through_a_process_its_holder_started_names_that_case(tmp_path):
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(ended.stdout)
    with StackLock(tmp_path, "dev", "up"):
        holder = json.loads((tmp_path / "dev.lock").read_text())
        (tmp_path / "dev.lock").write_text(json.dumps({**holder, "pid": dead_pid}))
        with pytest.raises(StackLocked) as caught:
            StackLock(tmp_path, "dev", "up").acquire()
    assert str(caught.value).endswith(
        f"so it never needs clearing by hand; pid {dead_pid} has ended, but a process it started still has the "
        f"lock file open (`fuser -v {tmp_path / 'dev.lock'}` names it): stop that process."
    )


def test_lock_engine_refuses_and_leaves_the_state_untouched(ws):
    ws.engine([{"name": "a", "props": {}}]).up()
    before = ws.state_path.read_bytes()
    with StackLock(ws.state_dir, "dev", "up"):
        for operation in ("up", "refresh", "destroy"):
            with pytest.raises(StackLocked, match="^stack 'dev' is locked by another run"):
                getattr(ws.engine([]), operation)()
        assert ws.engine([{"name": "a", "props": {}}]).preview().ok
    assert ws.state_path.read_bytes() == before
    assert ws.calls("a") == ["check", "create", "check", "diff"]
