"""Engine operations over the fixture program: the exact provider call sequences."""

from __future__ import annotations

import os
import threading
import time

import pytest

from localengine.engine import Engine
from localengine.summary import CheckFailureReport
from tests.localengine.le_helpers import ITEM, PROGRAM_DIR, item_urn

pytestmark = pytest.mark.slow

A = {"name": "a", "props": {"value": 1}}
B_AFTER_A = {"name": "b", "props": {"value": 2}, "upstream": "a"}


def test_preview_new_calls_check_only_and_passes_unknowns(ws):
    summary = ws.engine([A, B_AFTER_A]).preview()
    assert summary.ok and summary.counts == {"create": 2}
    assert ws.calls() == ["check a", "check b"]
    # a's remote_id is unknown in a preview, so b's upstream reaches Check unknown.
    assert [c["unknown"] for c in ws.records()["calls"]] == [[], ["upstream"]]
    assert not ws.state_path.exists()


def test_up_creates_with_checked_inputs(ws):
    summary = ws.engine([A, B_AFTER_A]).up()
    assert summary.ok and summary.counts == {"create": 2}
    assert ws.calls() == ["check a", "create a", "check b", "create b"]
    state = ws.loaded()
    assert state.resources[item_urn("b")].inputs["upstream"] == state.resources[item_urn("a")].id
    assert state.resources[item_urn("b")].dependencies == [item_urn("a")]
    assert state.resources[item_urn("a")].outputs["remote_id"] == "item-1"


def test_second_up_checks_and_diffs_only_and_reports_unchanged(ws):
    ws.engine([A, B_AFTER_A]).up()
    ws.forget_calls()
    summary = ws.engine([A, B_AFTER_A]).up()
    assert summary.ok and summary.counts == {"same": 2}
    assert ws.calls() == ["check a", "diff a", "check b", "diff b"]
    assert [c["olds_empty"] for c in ws.records()["calls"] if c["op"] == "check"] == [False, False]


def test_up_update_in_place_replaces_outputs_with_update_result(ws):
    ws.engine([A]).up()
    ws.forget_calls()
    summary = ws.engine([{"name": "a", "props": {"value": 5}}]).up()
    assert summary.counts == {"update": 1}
    assert ws.calls("a") == ["check", "diff", "update"]
    outputs = ws.loaded().resources[item_urn("a")].outputs
    assert (outputs["value"], outputs["generation"], outputs["remote_id"]) == (5.0, 2.0, "item-1")


def test_up_replace_creates_new_before_deleting_old(ws):
    ws.engine([{"name": "a", "props": {"replace_key": "k1"}}]).up()
    ws.forget_calls()
    summary = ws.engine([{"name": "a", "props": {"replace_key": "k2"}}]).up()
    assert summary.ok and summary.counts == {"replace": 1}
    calls = ws.records()["calls"]
    assert [c["op"] for c in calls] == ["check", "diff", "check", "create", "delete"]
    assert [c["olds_empty"] for c in calls if c["op"] == "check"] == [False, True]
    assert [c.get("id") for c in calls[3:]] == ["item-2", "item-1"]
    state = ws.loaded()
    assert (state.resources[item_urn("a")].id, state.pending_deletes) == ("item-2", [])
    assert list(ws.records()["items"]) == ["item-2"]


def test_up_replace_delete_before_replace_deletes_first(ws):
    ws.engine([{"name": "a", "props": {"replace_key": "k1", "dbr": True}}]).up()
    ws.forget_calls()
    summary = ws.engine([{"name": "a", "props": {"replace_key": "k2", "dbr": True}}]).up()
    assert summary.ok and summary.counts == {"replace": 1}
    calls = ws.records()["calls"]
    assert [(c["op"], c.get("id")) for c in calls] == [
        ("check", None),
        ("diff", "item-1"),
        ("check", None),
        ("delete", "item-1"),
        ("create", "item-2"),
    ]
    assert ws.loaded().resources[item_urn("a")].id == "item-2"


def test_up_deletes_resources_the_program_no_longer_declares(ws):
    ws.engine([A, {"name": "b", "props": {}}]).up()
    ws.forget_calls()
    summary = ws.engine([A]).up()
    assert summary.counts == {"same": 1, "delete": 1}
    assert ws.calls() == ["check a", "diff a", "delete b"]
    assert list(ws.loaded().resources) == [item_urn("a")]


def test_preview_shows_changes_without_calling_update_or_touching_state(ws):
    ws.engine([A, {"name": "gone", "props": {}}]).up()
    before = ws.state_path.read_bytes()
    ws.forget_calls()
    summary = ws.engine([{"name": "a", "props": {"value": 9}}]).preview()
    assert {(s.name, s.op) for s in summary.steps} == {("a", "update"), ("gone", "delete")}
    assert ws.calls() == ["check a", "diff a"]
    assert ws.state_path.read_bytes() == before


def test_refresh_records_drift_and_takes_the_returned_inputs(ws):
    ws.engine([A, {"name": "b", "props": {"value": 2}}]).up()
    id_a = ws.loaded().resources[item_urn("a")].id
    records = ws.records()
    records["items"][id_a]["value"] = 99
    records["calls"] = []
    ws.write_records(records)
    summary = ws.engine([A]).refresh()
    assert summary.ok
    assert {(s.name, s.op) for s in summary.steps} == {("a", "refresh-drift"), ("b", "same")}
    assert ws.calls("a") == ["read", "diff"]
    resource = ws.loaded().resources[item_urn("a")]
    assert (resource.outputs["value"], resource.inputs["value"]) == (99, 99)
    ws.forget_calls()
    assert ws.engine([A, {"name": "b", "props": {"value": 2}}]).up().counts == {
        "update": 1,
        "same": 1,
    }
    assert ws.records()["items"][id_a]["value"] == 1.0


def test_refresh_drops_a_resource_that_is_gone(ws):
    ws.engine([A, {"name": "b", "props": {}}]).up()
    records = ws.records()
    del records["items"][ws.loaded().resources[item_urn("a")].id]
    ws.write_records(records)
    summary = ws.engine([A]).refresh()
    assert {(s.name, s.op) for s in summary.steps} == {("a", "delete"), ("b", "same")}
    assert list(ws.loaded().resources) == [item_urn("b")]


def test_destroy_deletes_everything_without_running_the_program(ws):
    ws.engine([A, B_AFTER_A], bucket="bkt").up()
    ws.forget_calls()
    # Config the program cannot parse: destroy must not run it (and uses the last up's config).
    summary = Engine(PROGRAM_DIR, "dev", ws.state_dir, {"spec": "{"}).destroy()
    assert summary.ok and summary.counts == {"delete": 3}
    assert ws.calls() == ["delete b", "delete a"]  # dependents first
    assert ws.records()["items"] == {}
    assert ws.loaded().resources == {}


def test_destroy_succeeds_when_the_resource_is_already_gone(ws):
    ws.engine([A]).up()
    records = ws.records()
    records["items"] = {}
    ws.write_records(records)
    summary = ws.engine([A]).destroy()
    assert summary.ok and summary.counts == {"delete": 1}
    assert [c["existed"] for c in ws.records()["calls"] if c["op"] == "delete"] == [False]
    assert ws.loaded().resources == {}


def test_check_failure_is_reported_with_property_and_reason_only(ws):
    summary = ws.engine([A, {"name": "bad", "props": {"size": -7}}]).up()
    assert not summary.ok
    assert summary.check_failures == [CheckFailureReport(ITEM, "bad", "size", "must be at least 0")]
    assert str(summary.check_failures[0]) == (
        "pulumi-python:dynamic/fixture:Item resource 'bad': property size has a problem: must be at least 0"
    )
    assert ws.calls("bad") == ["check"]
    assert list(ws.loaded().resources) == [item_urn("a")]


def test_provider_error_fails_that_resource_and_skips_its_dependents(ws):
    spec = [A, {"name": "f", "props": {"fail": True}}, {"name": "g", "props": {}, "upstream": "f"}]
    summary = ws.engine(spec).up()
    assert not summary.ok
    f_id = next(c["id"] for c in ws.records()["calls"] if c["op"] == "create" and c["label"] == "f")
    assert [(s.name, s.op, s.error) for s in summary.failed] == [
        ("f", "create", f"RuntimeError: remote refused item {f_id}"),
        ("g", "create", "skipped: a resource it depends on failed"),
    ]
    assert summary.step("f").detail.startswith("Traceback (most recent call last):")
    assert summary.step("a").ok and ws.calls("g") == []
    assert list(ws.loaded().resources) == [item_urn("a")]


def test_failed_up_keeps_resources_it_would_delete(ws):
    ws.engine([A, {"name": "old", "props": {}}]).up()
    summary = ws.engine([{"name": "f", "props": {"fail": True}}]).up()
    assert not summary.ok
    assert sorted(ws.loaded().resources) == [item_urn("a"), item_urn("old")]


def test_program_error_is_reported_and_nothing_is_deleted(ws):
    ws.engine([A]).up()
    summary = ws.engine([{"name": "x", "props": {}, "upstream": "missing"}]).up()
    assert summary.errors == ["the program failed: KeyError: 'missing'"]
    assert list(ws.loaded().resources) == [item_urn("a")]


def test_secrets_are_encrypted_in_the_state_file(ws):
    spec = [{"name": "a", "props": {"token": "tok-5f1e2d", "value": 1}, "secret": ["token"]}]
    ws.engine(spec).up()
    text = ws.state_path.read_text()
    resource = ws.loaded().resources[item_urn("a")]
    assert "tok-5f1e2d" not in text and resource.outputs["__provider"] not in text
    assert ws.state()["resources"][item_urn("a")]["inputs"]["token"].keys() == {"secret"}
    assert resource.secret_names == {"__provider", "token"}
    assert (resource.inputs["token"], resource.outputs["token"]) == ("tok-5f1e2d", "tok-5f1e2d")
    assert os.stat(ws.state_dir / ".key").st_mode & 0o777 == 0o600
    ws.forget_calls()
    assert ws.engine(spec).up().counts == {"same": 1}  # decrypted values diff equal


def test_mocked_and_component_resources_are_kept_in_state(ws):
    spec = [{"name": "c", "props": {}, "parent": "group"}]
    summary = ws.engine(spec, bucket="bkt").up()
    assert summary.counts == {"create": 3}
    resources = ws.loaded().resources
    child = "urn:pulumi:dev::le-fixture::le:index:Group$pulumi-python:dynamic/fixture:Item::c"
    assert sorted(resources) == [
        "urn:pulumi:dev::le-fixture::aws:s3/bucket:Bucket::bkt",
        child,
        "urn:pulumi:dev::le-fixture::le:index:Group::group",
    ]
    bucket = resources["urn:pulumi:dev::le-fixture::aws:s3/bucket:Bucket::bkt"]
    assert (bucket.id, bucket.outputs) == (
        "bkt-id",
        {
            "bucket": "bkt",
            "tags": {"greeting": "hello", "account": "123456789012"},
            "id": "bkt-id",
            "arn": "arn:aws:s3:us-east-1:123456789012:bucket/bkt",
        },
    )
    assert resources[child].parent == "urn:pulumi:dev::le-fixture::le:index:Group::group"


def test_config_argument_overrides_the_stack_file(ws):
    ws.engine([], bucket="bkt", greeting="hi").up()
    bucket = ws.loaded().resources["urn:pulumi:dev::le-fixture::aws:s3/bucket:Bucket::bkt"]
    assert bucket.inputs["tags"] == {"greeting": "hi", "account": "123456789012"}
    assert ws.loaded().config["le-fixture:greeting"] == "hi"


def test_killed_provider_server_mid_run_leaves_state_consistent(ws):
    spec = [A, {"name": "b", "props": {}}, {"name": "c", "props": {"hang": True}}]
    engine = ws.engine(spec)
    result = {}
    runner = threading.Thread(target=lambda: result.setdefault("summary", engine.up()))
    runner.start()
    deadline = time.monotonic() + 15
    while sorted(ws.calls()) != [
        "check a",
        "check b",
        "check c",
        "create a",
        "create b",
        "create-started c",
    ]:
        assert time.monotonic() < deadline, ws.calls()
        time.sleep(0.05)
    while len(ws.loaded().resources) < 2:  # a and b recorded in state
        assert time.monotonic() < deadline
        time.sleep(0.05)
    engine.server.kill()
    runner.join(timeout=15)
    summary = result["summary"]
    assert not summary.ok
    assert summary.step("c").error.startswith("provider server UNAVAILABLE")
    state = ws.loaded()
    assert sorted(state.resources) == [item_urn("a"), item_urn("b")]
    assert sorted(r.id for r in state.resources.values()) == sorted(ws.records()["items"])
    assert sorted(os.listdir(ws.state_dir)) == [".key", "dev.json"]
    ws.forget_calls()
    again = ws.engine([A, {"name": "b", "props": {}}, {"name": "c", "props": {}}]).up()
    assert again.ok and again.counts == {"same": 2, "create": 1}


def test_up_after_a_program_that_failed_under_mocks_in_this_process_does_not_hang(ws):
    # A program run under set_mocks that raises leaves an output task on the main thread's
    # loop in the SDK's process-wide settings; the next engine run must not wait for it.
    import pulumi

    class Idle(pulumi.runtime.Mocks):
        def new_resource(self, args):
            return args.name, {}

        def call(self, args):
            return {}

    pulumi.runtime.set_mocks(Idle(), project="other", stack="dev", preview=False)
    from pulumi.runtime.settings import SETTINGS

    assert len(SETTINGS.outputs) >= 1
    summary = ws.engine([A]).up()
    assert summary.ok and summary.counts == {"create": 1}
