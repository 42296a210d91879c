"""Targets by name on the command line: ``validate``, ``schema`` and ``start`` (against the emulator)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from pulumi_connect_tasks.files.cli import main
from pulumi_connect_tasks.files.cli_start import start_token

TARGET_RULE = (
    "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or "
    "TaskTemplateName is required"
)
FLOW_NAME = "task flow"  # conftest's flow_id fixture


@pytest.fixture(autouse=True)
def quick_pacing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONNECT_TASKS_START_TASK_CONTACT_RATE", "500")
    monkeypatch.setenv(
        "CONNECT_TASKS_API_RATES", json.dumps({"DescribeContact": 500, "ListContactFlows": 500})
    )


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def start(capsys, *argv: str) -> tuple[int, dict]:
    status = main(["start", *argv])
    return status, json.loads(capsys.readouterr().out)


def calls(emulator, operation: str) -> int:
    with urllib.request.urlopen(emulator.url + "/_emulator/calls", timeout=5) as response:
        return json.loads(response.read())["calls"].get(operation, 0)


# -- validate and schema -------------------------------------------------------------------------
def test_validate_accepts_a_target_by_name_and_counts_names_as_targets(capsys, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {
            "by-name.yaml": "Name: A\nContactFlowName: Task intake\n",
            "template.yaml": "Name: B\nTaskTemplateName: Incident\n",
            "two.yaml": "Name: C\nContactFlowName: Task intake\nContactFlowId: flow-1\n",
        },
    )
    status = main(["validate", str(folder)])
    out, _ = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == [
        f"{folder}/two.yaml::$.ContactFlowName: {TARGET_RULE} (found 2: ContactFlowId, ContactFlowName)"
    ]


def test_schema_knows_the_names_and_the_links(capsys):
    assert main(["schema"]) == 0
    properties = json.loads(capsys.readouterr().out)["properties"]
    assert {
        "ContactFlowName",
        "QuickConnectName",
        "TaskTemplateName",
        "PreviousTask",
        "RelatedTask",
    } <= set(properties)


# -- start ---------------------------------------------------------------------------------------
def test_start_resolves_a_flow_name_once_per_run_and_tokens_follow_the_id(
    capsys, emulator, connect, instance_id, flow_id, tmp_path
):
    folder = write(
        tmp_path / "tasks",
        {f"task-{n}.yaml": f"Name: Task {n}\nContactFlowName: {FLOW_NAME}\n" for n in range(3)},
    )
    before = calls(emulator, "ListContactFlows")
    status, out = start(capsys, str(folder), "--instance-id", instance_id)
    assert status == 0, out
    assert calls(emulator, "ListContactFlows") - before == 1
    ids = [t["id"] for t in out["data"]["tasks"]]
    assert {emulator.backend.contacts[i].contact_flow_id for i in ids} == {flow_id}

    # The same file written with the id: the same token, the same task.
    by_id = write(tmp_path / "by-id", {"task-0.yaml": f"Name: Task 0\nContactFlowId: {flow_id}\n"})
    status, again = start(capsys, str(by_id), "--instance-id", instance_id)
    assert (status, again["data"]["tasks"][0]["id"]) == (0, ids[0])
    assert len(emulator.backend.contacts) == 3
    definition = {"Name": "Task 0", "ContactFlowId": flow_id}
    assert emulator.backend.contacts[ids[0]].client_token == start_token(
        "task-0", definition, "us-east-1", instance_id
    )


def test_start_flow_name_option_replaces_the_files_flow_by_id_or_name(
    capsys, emulator, connect, instance_id, flow_id, tmp_path
):
    other = connect.create_contact_flow(
        InstanceId=instance_id, Name="other", Type="CONTACT_FLOW", Content="{}"
    )
    folder = write(
        tmp_path / "tasks",
        {
            "bare.yaml": "Name: A\n",
            "by-id.yaml": f"Name: B\nContactFlowId: {other['ContactFlowId']}\n",
            "by-name.yaml": "Name: C\nContactFlowName: other\n",
        },
    )
    status, out = start(
        capsys, str(folder), "--instance-id", instance_id, "--contact-flow-name", FLOW_NAME
    )
    assert status == 0, out
    assert {emulator.backend.contacts[t["id"]].contact_flow_id for t in out["data"]["tasks"]} == {
        flow_id
    }
    # And --contact-flow-id replaces a file's ContactFlowName: no second target.
    status, out = start(
        capsys,
        str(folder / "by-name.yaml"),
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 0, out


def test_start_flow_option_beside_a_template_name_is_two_targets(
    capsys, emulator, instance_id, flow_id, tmp_path
):
    task = (
        write(tmp_path, {"templated.yaml": "Name: T\nTaskTemplateName: Incident\n"})
        / "templated.yaml"
    )
    status, out = start(
        capsys, str(task), "--instance-id", instance_id, "--contact-flow-name", FLOW_NAME
    )
    assert status == 1
    assert [(d["path"], d["message"]) for d in out["error"]["details"]] == [
        ("$.TaskTemplateName", f"{TARGET_RULE} (found 2: ContactFlowName, TaskTemplateName)")
    ]
    assert emulator.backend.contacts == {}


def test_start_flow_id_and_flow_name_options_are_a_usage_error(capsys):
    assert main(["start", "tasks", "--contact-flow-id", "f", "--contact-flow-name", "n"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_start_an_unknown_name_starts_nothing(capsys, emulator, instance_id, flow_id, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {
            "good.yaml": f"Name: A\nContactFlowName: {FLOW_NAME}\n",
            "bad-1.yaml": "Name: B\nContactFlowName: No such flow\n",
            "bad-2.yaml": "Name: C\nContactFlowName: No such flow\n",
        },
    )
    status, out = start(capsys, str(folder), "--instance-id", instance_id)
    assert status == 1
    assert out["error"]["code"] == "NameNotResolved"
    assert (
        out["error"]["message"]
        == "2 of 3 tasks name a target that could not be resolved; nothing was started"
    )
    assert [(Path(d["file"]).name, d["code"]) for d in out["error"]["details"]] == [
        ("bad-1.yaml", "NameNotResolved"),
        ("bad-2.yaml", "NameNotResolved"),
    ]
    # Named as the file spells it.
    assert out["error"]["details"][0]["message"] == (
        f"ContactFlowName: no contact flow named 'No such flow' in instance {instance_id} (names match exactly, "
        "case included); check the name and the instance, or give ContactFlowId; no task was started"
    )
    assert out["data"] == {"tasks": []}
    assert emulator.backend.contacts == {}
