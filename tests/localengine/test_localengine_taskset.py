"""TaskSet through the local engine, the real provider server and the emulator: chains, names
and replacements (a ConnectTask program too: ``revert_program``).

The program (``taskset_program``) declares one TaskSet over the folder its config names.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest

from connect_emulator import EmulatorServer
from localengine.__main__ import main

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
PROGRAM = HERE / "taskset_program"
TASK = "pulumi-python:dynamic/connect:Task"
FLOW_NAME = "Task intake"
SECRET = "Quarterly 8HZ3 audit"


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture
def endpoint(emulator, monkeypatch) -> str:
    """The provider server inherits this process's environment: it reaches the emulator."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", emulator.url)
    return emulator.url


def new_instance(url: str) -> dict[str, str]:
    """An instance with a flow named "Task intake" (its id differs in every instance)."""
    client = boto3.client(
        "connect",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    created = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=f"le-{uuid.uuid4().hex[:12]}",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    client.create_contact_flow(
        InstanceId=created["Id"], Name="another flow", Type="CONTACT_FLOW", Content="{}"
    )
    flow = client.create_contact_flow(
        InstanceId=created["Id"], Name=FLOW_NAME, Type="CONTACT_FLOW", Content="{}"
    )
    return {"id": created["Id"], "flow": flow["ContactFlowId"]}


def contacts(url: str, instance: dict[str, str]) -> list[dict]:
    """The instance's contacts in the order the emulator started them."""
    with urllib.request.urlopen(url + "/_emulator/contacts", timeout=10) as response:
        return [
            c for c in json.loads(response.read())["contacts"] if c["instance_id"] == instance["id"]
        ]


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def stack(instance: dict[str, str], tasks: Path, state: Path, **config: str) -> list[str]:
    args = [
        "--cwd",
        str(PROGRAM),
        "--stack",
        "dev",
        "--state-dir",
        str(state),
        "--config",
        "aws:region=us-east-1",
        "--config",
        f"instanceId={instance['id']}",
        "--config",
        f"tasksDir={tasks}",
    ]
    for key, value in config.items():
        args += ["--config", f"{key}={value}"]
    return args


def resources(state: Path) -> dict[str, dict]:
    return {
        urn.rsplit("::", 1)[1]: r
        for urn, r in json.loads((state / "dev.json").read_text())["resources"].items()
        if r["type"] == TASK
    }


CHAIN = {
    "1-open.yaml": f"Name: {SECRET} open\n",
    "2-review.yaml": f"Name: {SECRET} review\nPreviousTask: 1-open\n",
    "3-close.yaml": f"Name: {SECRET} close\nPreviousTask: 2-review\n",
}


def test_a_chain_of_three_files_is_created_in_order(endpoint, tmp_path, capsys):
    instance = new_instance(endpoint)
    # Sorted by name the files come last-first: the order is the links', not the folder's.
    tasks = write(
        tmp_path / "tasks",
        {
            "c-open.yaml": CHAIN["1-open.yaml"],
            "b-review.yaml": "Name: review\nPreviousTask: c-open\n",
            "a-close.yaml": "Name: close\nPreviousTask: b-review\n",
        },
    )
    args = stack(instance, tasks, tmp_path / "state", contactFlowId=instance["flow"])
    assert main(["up", *args]) == 0
    up = capsys.readouterr()
    assert up.out.splitlines()[-1] == "Resources: 4 created", up.out + up.err
    live = contacts(endpoint, instance)
    state = resources(tmp_path / "state")
    open_id, review_id, close_id = (
        state[f"set-{key}"]["id"] for key in ("c-open", "b-review", "a-close")
    )
    assert [c["id"] for c in live] == [open_id, review_id, close_id]  # started in this order
    by_id = {c["id"]: c for c in live}
    assert by_id[open_id]["previous_id"] is None
    assert by_id[review_id]["previous_id"] == open_id
    assert by_id[close_id]["previous_id"] == review_id
    assert by_id[close_id]["initial_id"] == open_id
    assert state["set-a-close"]["inputs"]["previous_contact_id"] == review_id
    assert SECRET not in up.out + up.err

    # Nothing changes on a second up; destroy stops all three.
    assert main(["up", *args]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Resources: 4 unchanged"
    assert main(["destroy", *args]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Resources: 4 deleted"


def test_a_cycle_is_refused_at_preview_naming_every_file_and_nothing_is_created(
    endpoint, tmp_path, capsys
):
    instance = new_instance(endpoint)
    tasks = write(
        tmp_path / "tasks",
        {
            "a.yaml": f"Name: {SECRET}\nPreviousTask: c\n",
            "b.yaml": f"Name: {SECRET}\nPreviousTask: a\n",
            "c.yaml": f"Name: {SECRET}\nRelatedTask: b\n",
            "d.yaml": "Name: fine\n",
        },
    )
    args = stack(instance, tasks, tmp_path / "state", contactFlowName=FLOW_NAME)
    for command in ("preview", "up"):
        assert main([command, *args]) == 1
        shown = capsys.readouterr()
        text = shown.out + shown.err
        expected = (
            f"{tasks}/a.yaml::$.PreviousTask: is part of a cycle of 3 files, so none of them can be started: "
            f"{tasks}/a.yaml waits for {tasks}/c.yaml (PreviousTask); {tasks}/c.yaml waits for {tasks}/b.yaml "
            f"(RelatedTask); {tasks}/b.yaml waits for {tasks}/a.yaml (PreviousTask)"
        )
        assert expected in text, text
        assert SECRET not in text
    assert contacts(endpoint, instance) == []
    state = tmp_path / "state" / "dev.json"
    assert not state.exists() or json.loads(state.read_text())["resources"] == {}


def test_one_set_of_files_with_a_flow_name_deploys_to_two_instances(endpoint, tmp_path, capsys):
    first, second = new_instance(endpoint), new_instance(endpoint)
    assert first["flow"] != second["flow"]
    tasks = write(
        tmp_path / "tasks",
        {
            "intake.yaml": f"Name: Intake\nContactFlowName: {FLOW_NAME}\n",
            "follow-up.yaml": f"Name: Follow up\nContactFlowName: {FLOW_NAME}\nPreviousTask: intake\n",
        },
    )
    for number, instance in enumerate((first, second)):
        assert main(["up", *stack(instance, tasks, tmp_path / f"state-{number}")]) == 0
        up = capsys.readouterr().out
        assert up.splitlines()[-1] == "Resources: 3 created", up
        live = contacts(endpoint, instance)
        assert [c["contact_flow_id"] for c in live] == [instance["flow"], instance["flow"]]
        state = resources(tmp_path / f"state-{number}")
        assert state["set-follow-up"]["outputs"]["contact_flow_name"] == FLOW_NAME
        assert state["set-follow-up"]["outputs"]["contact_flow_id"] == instance["flow"]
        assert live[1]["previous_id"] == live[0]["id"]


def test_moving_from_a_flow_id_to_its_name_replaces_nothing(endpoint, tmp_path, capsys):
    instance = new_instance(endpoint)
    tasks = write(
        tmp_path / "tasks", {"a.yaml": "Name: A\n", "b.yaml": "Name: B\nRelatedTask: a\n"}
    )
    state = tmp_path / "state"
    assert main(["up", *stack(instance, tasks, state, contactFlowId=instance["flow"])]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Resources: 3 created"
    before = {name: r["id"] for name, r in resources(state).items()}

    # The files name the flow themselves now; the stack gives no default flow.
    write(
        tasks,
        {
            "a.yaml": f"Name: A\nContactFlowName: {FLOW_NAME}\n",
            "b.yaml": f"Name: B\nContactFlowName: {FLOW_NAME}\nRelatedTask: a\n",
        },
    )
    args = stack(instance, tasks, state)
    assert main(["preview", *args]) == 0
    preview = capsys.readouterr().out
    # The id and the name of one flow are one target: no change at all, let alone a replace.
    assert preview.splitlines()[-1] == "Resources: 3 unchanged", preview
    assert main(["up", *args]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Resources: 3 unchanged"
    assert {name: r["id"] for name, r in resources(state).items()} == before
    assert len(contacts(endpoint, instance)) == 2


def test_an_update_in_place_of_the_first_task_of_a_chain_leaves_the_others(
    endpoint, tmp_path, capsys
):
    instance = new_instance(endpoint)
    tasks = write(
        tmp_path / "tasks",
        {
            **CHAIN,
            "1-open.yaml": f"Name: {SECRET} open\nContactFlowName: {FLOW_NAME}\n",
            "2-review.yaml": CHAIN["2-review.yaml"] + f"ContactFlowName: {FLOW_NAME}\n",
            "3-close.yaml": CHAIN["3-close.yaml"] + f"ContactFlowName: {FLOW_NAME}\n",
        },
    )
    args = stack(instance, tasks, tmp_path / "state")
    assert main(["up", *args]) == 0
    capsys.readouterr()
    before = {name: r["id"] for name, r in resources(tmp_path / "state").items()}
    write(
        tasks,
        {
            "1-open.yaml": f"Name: {SECRET} open\nDescription: now with a description\nContactFlowName: {FLOW_NAME}\n"
        },
    )
    assert main(["preview", *args]) == 0
    # A preview does not know the updated task's contact id: the tasks linked after it may be replaced.
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == "Resources: 1 to update, 2 to replace, 1 unchanged"
    )
    assert main(["up", *args]) == 0
    # The up finds the same contact id: only the first task changes, in place.
    assert capsys.readouterr().out.splitlines()[-1] == "Resources: 1 updated, 3 unchanged"
    assert {name: r["id"] for name, r in resources(tmp_path / "state").items()} == before


def test_the_revert_of_an_in_place_update_leaves_one_live_task_that_the_state_names(
    endpoint, tmp_path, capsys
):
    # Issue 17's reproduction: created, updated in place (a reference added), replaced
    # (the reference taken away), refreshed.
    instance = new_instance(endpoint)
    args = [
        "--cwd",
        str(HERE / "revert_program"),
        "--stack",
        "dev",
        "--state-dir",
        str(tmp_path / "state"),
        "--config",
        "aws:region=us-east-1",
        "--config",
        f"instanceId={instance['id']}",
        "--config",
        f"contactFlowId={instance['flow']}",
    ]
    for extra, summary in (
        ([], "1 created"),
        (["--config", "refs=1"], "1 updated"),
        ([], "1 replaced"),
    ):
        assert main(["up", *args, *extra]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == f"Resources: {summary}"
    assert main(["refresh", *args]) == 0
    capsys.readouterr()
    [(_, task)] = [
        (urn, r)
        for urn, r in json.loads((tmp_path / "state" / "dev.json").read_text())["resources"].items()
        if r["type"] == "pulumi-python:dynamic/connect:Task"
    ]
    live = [c["id"] for c in contacts(endpoint, instance) if c["state"] != "ended"]
    assert live == [task["id"]]
    assert task["outputs"]["state"] == "SCHEDULED"
    assert main(["up", *args]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Resources: 1 unchanged"


def test_a_reverted_definition_file_replaces_its_task_with_a_new_one(endpoint, tmp_path, capsys):
    instance = new_instance(endpoint)
    first = "Name: Access review\nScheduledTime: PT2H\n"
    with_reference = (
        first + "References:\n  runbook: {Type: URL, Value: 'https://wiki.example.com/r'}\n"
    )
    tasks = tmp_path / "tasks"
    args = stack(instance, tasks, tmp_path / "state", contactFlowId=instance["flow"])
    ids = []
    for text, summary in (
        (first, "2 created"),
        (with_reference, "1 updated, 1 unchanged"),
        (first, "1 replaced, 1 unchanged"),
        (with_reference, "1 updated, 1 unchanged"),
        (first, "1 replaced, 1 unchanged"),
    ):
        write(tasks, {"review.yaml": text})
        assert main(["up", *args]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == f"Resources: {summary}"
        ids.append(resources(tmp_path / "state")["set-review"]["id"])
    assert len(set(ids)) == 3
    assert [c["id"] for c in contacts(endpoint, instance) if c["state"] != "ended"] == [ids[-1]]
