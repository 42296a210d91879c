"""The plugin's config (CheckConfig, Configure in both forms), secrets, the readTaskFiles
function, and concurrent creates: each through a plugin process, as the engine calls it."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import provider_pb2

from pulumi_connect_tasks.plugin.provider import WORKERS
from tests.emulator_support import connect_client, emulator_get, emulator_post, instance_and_flow
from tests.plugin.plugin_support import (
    REPO,
    Plugin,
    Resource,
    Secret,
    clean_environment,
    struct,
    unwrap,
    urn,
)

pytestmark = pytest.mark.slow


def _task(instance: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "instanceId": instance["id"],
        "contactFlowId": instance["flows"][0],
        "name": "Rotate the shared mailbox password",
        **extra,
    }


def test_check_config_names_each_bad_key_and_never_aws_region(plugin):
    response = plugin.check_config(
        {
            "regoin": "eu-west-1",
            "region": "Europe",
            "startTaskContactRate": "fast",
            "profile": "ops",
        }
    )
    failures = {f.property: f.reason for f in response.failures}
    assert set(failures) == {"regoin", "region", "startTaskContactRate"}
    assert failures["regoin"].startswith("is not a config key of connect-tasks; the keys: region")
    assert failures["region"] == "must be an AWS Region name such as us-east-1"
    assert "requests per second" in failures["startTaskContactRate"]
    assert not plugin.check_config(
        {"region": "eu-west-1", "apiRates": '{"DescribeContact": 20}'}
    ).failures


def test_configure_refuses_a_bad_value_naming_the_key(emulator, tmp_path):
    with Plugin(tmp_path, clean_environment(emulator.url)) as fresh:
        with pytest.raises(grpc.RpcError) as refused:
            fresh.configure({"retryDeadline": "-1"})
    assert refused.value.details().startswith(
        "connect-tasks:retryDeadline must be a number of seconds"
    )


@pytest.mark.parametrize(
    "form",
    [
        {"args": {"region": "eu-west-1"}},
        {"variables": {"connect-tasks:config:region": "eu-west-1"}},
    ],
    ids=["args", "variables"],
)
def test_the_region_comes_from_either_form_of_the_config(emulator, tmp_path, form):
    connect = connect_client(emulator.url, region="eu-west-1")
    instance_id, flow = instance_and_flow(connect, f"eu-{uuid.uuid4().hex[:8]}")
    # AWS_REGION says us-east-1: the provider's config wins, as pulumi-aws's does.
    with Plugin(tmp_path, clean_environment(emulator.url)) as fresh:
        fresh.configure(form.get("args"), form.get("variables"))
        task = Resource(fresh, "in-ireland")
        task.up({"instanceId": instance_id, "contactFlowId": flow, "name": "n"})
    assert task.state["awsRegion"] == "eu-west-1"


def test_a_secret_input_stays_secret_in_the_outputs_and_after_refresh(plugin, instance):
    task = Resource(plugin, "secret")
    task.up(
        _task(
            instance,
            attributes=Secret({"mailbox": "ops@example.com"}),
            references={"vault": {"type": "URL", "value": "https://vault.example.com/m"}},
        )
    )
    state, secrets = unwrap(task.outputs)
    assert state["attributes"] == {"mailbox": "ops@example.com"}
    # attributes was given as a secret; name is secret by the schema (botocore: sensitive).
    assert secrets == {"attributes", "name"}
    inputs, input_secrets = unwrap(task.inputs)
    assert input_secrets == {"attributes", "name"}
    assert task.refresh() == "same"
    assert unwrap(task.outputs)[1] == {"attributes", "name"}
    assert unwrap(task.inputs)[1] == {"attributes", "name"}


def test_a_secret_nested_in_a_map_makes_its_property_secret(plugin, instance):
    task = Resource(plugin, "nested-secret")
    task.up(_task(instance, attributes={"plain": "x", "token": Secret("t-123")}))
    state, secrets = unwrap(task.outputs)
    assert state["attributes"] == {"plain": "x", "token": "t-123"}
    assert "attributes" in secrets


def test_read_task_files_returns_the_folder_validated_in_creation_order(plugin):
    shutil.copytree(REPO / "tasks", plugin.program_dir / "tasks", dirs_exist_ok=True)
    response = plugin.invoke("connect-tasks:index:readTaskFiles", {"directory": "tasks"})
    assert not response.failures
    tasks = unwrap(getattr(response, "return"))[0]["tasks"]
    keys = [t["key"] for t in tasks]
    assert sorted(keys) == sorted(p.stem for p in (REPO / "tasks").iterdir())
    review = next(t for t in tasks if t["key"] == "weekly-access-review")
    assert review["file"] == str(Path("tasks") / "weekly-access-review.json")
    assert review["inputs"]["name"] == "Review agent access"
    assert review["inputs"]["references"]["roster"] == {
        "type": "URL",
        "value": "https://hr.example.com/rosters/contact-centre",
    }
    assert review["namesTarget"] is False
    # A recurring task says so, for the program to leave it out (the plugin declares no schedule).
    assert (review["schedule"], review["scheduleTimezone"]) == (
        "cron(0 9 ? * MON *)",
        "Europe/London",
    )
    assert not any("schedule" in t for t in tasks if t["key"] != "weekly-access-review")
    onboarding = next(t for t in tasks if t["key"] == "onboarding-checklist")
    assert onboarding["inputs"]["segmentAttributes"]["connect:ContactExpiry"] == {
        "valueMap": {"ExpiryDuration": {"valueInteger": 4320}}
    }


def test_read_task_files_orders_links_and_names_every_problem(plugin):
    folder = plugin.program_dir / "linked"
    folder.mkdir()
    (folder / "b-second.json").write_text('{"Name": "second", "PreviousTask": "z-first"}')
    (folder / "z-first.json").write_text('{"Name": "first"}')
    response = plugin.invoke("connect-tasks:index:readTaskFiles", {"directory": "linked"})
    tasks = unwrap(getattr(response, "return"))[0]["tasks"]
    assert [(t["key"], t.get("previousTask")) for t in tasks] == [
        ("z-first", None),
        ("b-second", "z-first"),
    ]
    (folder / "c-broken.json").write_text('{"Name": 7, "RelatedTask": "nobody"}')
    with pytest.raises(grpc.RpcError) as refused:
        plugin.invoke("connect-tasks:index:readTaskFiles", {"directory": "linked"})
    message = refused.value.details()
    assert message.startswith("readTaskFiles (linked): 2 problems in task definitions:")
    assert "c-broken.json::$.Name" in message and "nobody" in message
    assert "Traceback" not in message


@contextlib.contextmanager
def _unpaced_plugin(url: str, program_dir: Path, start_task_latency: float) -> Iterator[Plugin]:
    """A plugin told a quota far above these tests' tasks (pacing does not space them
    out), against an emulator whose StartTaskContact takes ``start_task_latency`` seconds."""
    fault = {"operation": "StartTaskContact", "kind": "latency", "rate": 1.0}
    emulator_post(url, "/_emulator/faults", {**fault, "seconds": start_task_latency})
    try:
        with Plugin(program_dir, clean_environment(url)) as plugin:
            plugin.configure({"startTaskContactRate": 1000, "startTaskContactBurst": 100})
            yield plugin
    finally:
        emulator_post(url, "/_emulator/faults", {"rules": []})


def test_concurrent_creates_are_served_at_once(emulator, instance, tmp_path):
    """The engine sends many creates at once; each waits on AWS in its own thread. (A quota
    far above 8 tasks, so that pacing does not space them out.)"""
    with _unpaced_plugin(emulator.url, tmp_path, start_task_latency=0.3) as fresh:
        checked = [
            fresh.check(f"many-{n}", _task(instance, name=f"task {n}")).inputs for n in range(8)
        ]
        errors: list[BaseException] = []

        def create(n: int) -> None:
            try:
                fresh.create(f"many-{n}", checked[n])
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors
    records = emulator_get(emulator.url, "/_emulator/requests")["requests"]["StartTaskContact"]
    mine = sorted(records, key=lambda r: r["received"])[-8:]
    in_flight = max(
        sum(1 for other in mine if other["received"] <= r["received"] < other["answered"])
        for r in mine
    )
    assert in_flight >= 6


def test_an_unknown_resource_type_or_function_is_named(plugin):
    with pytest.raises(grpc.RpcError) as refused:
        plugin.stub.Check(
            provider_pb2.CheckRequest(
                urn="urn:pulumi:dev::proj::connect-tasks:index:Queue::q",
                olds=struct({}),
                news=struct({}),
            )
        )
    assert "has no resource type 'connect-tasks:index:Queue'" in refused.value.details()
    with pytest.raises(grpc.RpcError) as refused:
        plugin.invoke("connect-tasks:index:startTasks", {})
    assert "has no function 'connect-tasks:index:startTasks'" in refused.value.details()


def test_a_config_change_is_a_change_never_a_replacement(plugin):
    def diff_config(olds: dict[str, Any], news: dict[str, Any]) -> Any:
        return plugin.stub.DiffConfig(
            provider_pb2.DiffRequest(
                urn="urn:pulumi:dev::proj::pulumi:providers:connect-tasks::default",
                olds=struct(olds),
                news=struct(news),
            )
        )

    moved = diff_config({"region": "us-east-1"}, {"region": "eu-west-1", "retryDeadline": "60"})
    assert moved.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert list(moved.diffs) == ["region", "retryDeadline"] and not moved.replaces
    same = diff_config({"region": "us-east-1"}, {"region": "us-east-1"})
    assert same.changes == provider_pb2.DiffResponse.DIFF_NONE


def test_a_check_is_answered_while_creates_wait_on_aws(emulator, instance, tmp_path):
    """Checks make no AWS call: they never queue behind creates that wait on AWS (here a
    slow StartTaskContact holding every AWS worker)."""
    with _unpaced_plugin(emulator.url, tmp_path, start_task_latency=2.0) as fresh:
        checked = [
            fresh.check(f"slow-{n}", _task(instance, name=f"slow {n}")).inputs for n in range(20)
        ]
        creates = [
            fresh.stub.Create.future(
                provider_pb2.CreateRequest(
                    urn=urn(f"slow-{n}"),
                    properties=checked[n],
                )
            )
            for n in range(20)
        ]
        answered = fresh.check("quick", _task(instance))  # while 16 creates wait on AWS
        assert not answered.failures
        pending = sum(1 for future in creates if not future.done())
        for future in creates:
            future.result(timeout=60)
    assert WORKERS < 20
    assert pending == 20  # the Check was answered before any create was (each waits 2 s)


def test_read_task_files_answers_a_hostile_folder_at_once(plugin):
    """A FIFO and an alias bomb among the files: each named, nothing hangs or grows."""
    folder = plugin.program_dir / "hostile"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    nine = ", ".join(["*a"] * 9)
    (folder / "bomb.yaml").write_text(
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        + "".join(
            f"{name}: &{name} [{nine.replace('a', prev)}]\n"
            for prev, name in zip("abcd", "bcde", strict=True)
        )
        + "Name: x\n"
    )
    with pytest.raises(grpc.RpcError) as refused:
        plugin.invoke("connect-tasks:index:readTaskFiles", {"directory": "hostile"}, timeout=30)
    message = refused.value.details()
    assert "hostile/pipe.yaml: cannot be read: a FIFO (named pipe), not a regular file" in message
    assert "hostile/bomb.yaml: has aliases that add more than 10,000 values" in message
