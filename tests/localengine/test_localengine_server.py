"""ProviderServer against the real `python -m pulumi.dynamic` and the fixture provider."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc

from localengine.server import (
    CheckOutcome,
    DiffOutcome,
    ProviderError,
    ProviderServer,
    exception_text,
)
from tests.localengine.le_helpers import PROGRAM_DIR, BlockedRun, item_urn

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def provider_string() -> str:
    sys.path.insert(0, str(PROGRAM_DIR))
    try:
        from fixture_provider import ItemProvider
    finally:
        sys.path.remove(str(PROGRAM_DIR))
    return serialize_provider(ItemProvider())


@pytest.fixture
def records_path(tmp_path: Path) -> Path:
    return tmp_path / "records.json"


@pytest.fixture
def server(records_path: Path) -> Iterator[ProviderServer]:
    with ProviderServer(
        PROGRAM_DIR, "le-fixture", {"le-fixture:records": str(records_path)}
    ) as server:
        yield server


def test_server_configure_reaches_provider_before_first_call(server, records_path, provider_string):
    # The provider reads the records path in configure(); a call before Configure would fail.
    id_, _ = server.create({"__provider": provider_string, "label": "a"})
    assert json.loads(records_path.read_text())["items"][id_]["label"] == "a"


def test_server_check_returns_failures_and_keeps_unknowns(server, provider_string):
    news = {"__provider": provider_string, "label": "a", "size": -1, "upstream": rpc.UNKNOWN}
    outcome = server.check({}, news, urn=item_urn("a"))
    assert outcome == CheckOutcome(
        inputs={"__provider": provider_string, "label": "a", "size": -1.0, "upstream": rpc.UNKNOWN},
        failures=[("size", "must be at least 0")],
    )


def test_server_create_diff_update_read_delete_round_trip(server, provider_string):
    props = {"__provider": provider_string, "label": "a", "value": 1}
    id_, outputs = server.create(props)
    assert (id_, outputs) == (
        "item-1",
        {
            "__provider": provider_string,
            "label": "a",
            "value": 1.0,
            "remote_id": "item-1",
            "generation": 1.0,
        },
    )
    assert server.diff(id_, outputs, props, props) == DiffOutcome(False, [], False)
    news = {**props, "value": 2, "replace_key": "k", "dbr": True}
    assert server.diff(id_, outputs, news, props) == DiffOutcome(True, ["replace_key"], True)
    updated = server.update(id_, outputs, {**props, "value": 2}, props)
    assert updated["value"] == 2.0 and updated["generation"] == 2.0
    read_id, read_outputs, read_inputs = server.read(id_, updated, props)
    assert (read_id, read_outputs) == (id_, updated)
    assert read_inputs == {"__provider": provider_string, "label": "a", "value": 2.0}
    server.delete(id_, updated)
    assert server.read(id_, updated, props) == ("", {"__provider": provider_string}, None)


def test_server_provider_exception_is_provider_error_with_its_text(server, provider_string):
    with pytest.raises(ProviderError) as caught:
        server.create({"__provider": provider_string, "label": "f", "fail": True})
    error = caught.value
    assert (error.operation, error.message, error.code) == (
        "Create",
        "RuntimeError: remote refused item item-1",
        "UNKNOWN",
    )
    assert error.traceback.startswith("Traceback (most recent call last):")
    assert str(error) == "Create failed: RuntimeError: remote refused item item-1"


def test_server_kill_makes_later_calls_fail_unavailable(server, provider_string):
    server.kill()
    with pytest.raises(ProviderError) as caught:
        server.check({}, {"__provider": provider_string, "label": "a"})
    assert caught.value.code == "UNAVAILABLE"
    assert caught.value.message.startswith("provider server UNAVAILABLE:")


def test_server_runs_concurrent_calls(server, provider_string):
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(
                lambda i: server.create({"__provider": provider_string, "label": f"i{i}"}), range(8)
            )
        )
    assert sorted(id_ for id_, _ in results) == sorted(f"item-{n}" for n in range(1, 9))


def test_server_start_failure_is_provider_error(tmp_path):
    # A program dir whose sitecustomize breaks the interpreter: the server never prints a port.
    (tmp_path / "sitecustomize.py").write_text("raise SystemExit('broken on purpose')\n")
    with pytest.raises(ProviderError) as caught:
        ProviderServer(tmp_path, "p", {}, start_timeout=10)
    assert caught.value.operation == "start"
    assert "broken on purpose" in caught.value.message


def test_exception_text_takes_the_final_exception_of_a_chained_traceback():
    text = (
        "Traceback (most recent call last):\n"
        '  File "a.py", line 1, in f\n'
        "    g()\n"
        "KeyError: 'x'\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "a.py", line 3, in h\n'
        "    raise ValueError('bad\\nthing')\n"
        "ValueError: bad\n"
        "thing\n"
    )
    assert exception_text(text) == "ValueError: bad\nthing"


def _ended(pid: int) -> bool:
    """No such process, or one that exited and awaits its reaping (a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def test_server_ends_when_its_engine_is_killed(tmp_path):
    run = BlockedRun(tmp_path)
    children = run.children()
    try:
        # The engine starts one process, the provider server (the program runs in the engine).
        [server_pid] = children
        assert b"pulumi.dynamic" in Path(f"/proc/{server_pid}/cmdline").read_bytes()
        run.kill()
        deadline = time.monotonic() + 30
        while not _ended(server_pid):
            assert time.monotonic() < deadline, "the provider server outlived its engine"
            time.sleep(0.05)
    finally:
        run.close()
        for pid in children:
            if not _ended(pid):
                os.kill(pid, signal.SIGKILL)
