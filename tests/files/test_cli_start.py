"""``connect-tasks start`` of one file against the local emulator, reached through AWS_ENDPOINT_URL_CONNECT.

Folders and many files: test_cli_start_many.py.
"""

from __future__ import annotations

import json
import re
import socket
import urllib.request
from datetime import timedelta
from pathlib import Path

from botocore.endpoint import Endpoint

from pulumi_connect_tasks.files.cli import main, start_token
from pulumi_connect_tasks.files.definition_format import SCHEDULE_MEMBERS
from pulumi_connect_tasks.task.schedule import to_rfc3339

RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
NOTHING_STARTED = {"tasks": []}


def start(capsys, *argv: str) -> tuple[int, dict]:
    """Run ``start``; stdout is one JSON line, stderr (not a terminal) one line per task sent."""
    status = main(["start", *argv])
    out, err = capsys.readouterr()
    assert out.count("\n") == 1
    envelope = json.loads(out)
    expected = [
        f"started {i}/1 {t['file']} {t['id']}" for i, t in enumerate(envelope["data"]["tasks"], 1)
    ]
    expected += [
        f"failed 1/1 {d['file']}: {d['code']}"
        for d in envelope.get("error", {}).get("details", [])
        if "code" in d
    ]
    assert err.splitlines() == expected
    return status, envelope


def one_off_review(folder: Path) -> Path:
    """tasks/weekly-access-review.json without its Schedule: a one-off task, in ``folder``."""
    definition = json.loads(Path("tasks/weekly-access-review.json").read_text())
    for member in SCHEDULE_MEMBERS:
        del definition[member]
    path = folder / "weekly-access-review.json"
    path.write_text(json.dumps(definition))
    return path


def task_id(envelope: dict) -> str:
    [task] = envelope["data"]["tasks"]
    return task["id"]


def test_start_prints_id_and_creation_time(capsys, emulator, connect, instance_id, flow_id):
    status, out = start(
        capsys,
        "tasks/verify-queue-routing.yaml",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 0
    assert sorted(out) == ["data", "success"] and out["success"] is True
    contact = connect.describe_contact(InstanceId=instance_id, ContactId=task_id(out))["Contact"]
    assert out["data"] == {
        "tasks": [
            {
                "file": "tasks/verify-queue-routing.yaml",
                "id": contact["Id"],
                "created_at": to_rfc3339(contact["InitiationTimestamp"]),
            }
        ]
    }
    assert RFC3339.fullmatch(out["data"]["tasks"][0]["created_at"])
    assert contact["Name"] == "Verify queue routing"
    delay = contact["ScheduledTimestamp"] - contact["InitiationTimestamp"]
    assert (
        timedelta(hours=2) - timedelta(seconds=5)
        <= delay
        <= timedelta(hours=2) + timedelta(seconds=5)
    )
    assert connect.get_contact_attributes(InstanceId=instance_id, InitialContactId=contact["Id"])[
        "Attributes"
    ] == {"checklist": "go-live"}


def test_start_same_file_twice_returns_the_same_task(capsys, emulator, instance_id, flow_id):
    argv = (
        "tasks/onboarding-checklist.yaml",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    first_status, first = start(capsys, *argv)
    second_status, second = start(capsys, *argv)
    assert (first_status, second_status) == (0, 0)
    assert second == first
    assert len(emulator.backend.contacts) == 1


def test_start_relative_time_file_twice_returns_the_same_task(
    capsys, emulator, instance_id, flow_id
):
    argv = (
        "tasks/holiday-hours-review.yaml",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert start(capsys, *argv) == start(capsys, *argv)
    assert len(emulator.backend.contacts) == 1


def test_start_changed_file_starts_another_task(capsys, emulator, instance_id, flow_id, tmp_path):
    task = tmp_path / "call-back.yaml"
    task.write_text("Name: Call the supplier back\n")
    _, first = start(capsys, str(task), "--instance-id", instance_id, "--contact-flow-id", flow_id)
    task.write_text("Name: Call the supplier back\nDescription: About the late order\n")
    _, second = start(capsys, str(task), "--instance-id", instance_id, "--contact-flow-id", flow_id)
    assert task_id(first) != task_id(second)
    assert len(emulator.backend.contacts) == 2


def test_start_same_content_in_another_file_starts_another_task(
    capsys, emulator, instance_id, flow_id, tmp_path
):
    for name in ("one.yaml", "two.yaml"):
        (tmp_path / name).write_text("Name: Call the supplier back\n")
    ids = {
        task_id(
            start(
                capsys,
                str(tmp_path / name),
                "--instance-id",
                instance_id,
                "--contact-flow-id",
                flow_id,
            )[1]
        )
        for name in ("one.yaml", "two.yaml")
    }
    assert len(ids) == 2


def test_start_comment_changes_keep_the_same_task(capsys, emulator, instance_id, flow_id, tmp_path):
    task = tmp_path / "call-back.yaml"
    task.write_text("Name: Call the supplier back\n")
    _, first = start(capsys, str(task), "--instance-id", instance_id, "--contact-flow-id", flow_id)
    task.write_text("# reviewed by the platform team\nName:   Call the supplier back\n")
    _, second = start(capsys, str(task), "--instance-id", instance_id, "--contact-flow-id", flow_id)
    assert second == first


def test_start_json_file_with_ids_from_the_file(
    capsys, emulator, connect, instance_id, flow_id, tmp_path
):
    definition = json.loads(one_off_review(tmp_path).read_text())
    task = tmp_path / "review.json"
    task.write_text(json.dumps({**definition, "InstanceId": instance_id, "ContactFlowId": flow_id}))
    status, out = start(capsys, str(task))
    assert status == 0
    refs = connect.list_contact_references(
        InstanceId=instance_id, ContactId=task_id(out), ReferenceTypes=["URL", "NUMBER"]
    )["ReferenceSummaryList"]
    assert sorted(next(iter(r.values()))["Name"] for r in refs) == ["agents", "roster"]


def test_start_instance_arn_is_reduced_to_its_id(
    capsys, emulator, connect, instance_id, flow_id, tmp_path
):
    review = str(one_off_review(tmp_path))
    arn = connect.describe_instance(InstanceId=instance_id)["Instance"]["Arn"]
    status, out = start(
        capsys,
        review,
        "--instance-id",
        arn,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 0
    assert emulator.backend.contacts[task_id(out)].instance_id == instance_id


def test_start_instance_arn_or_id_is_the_same_task(
    capsys, emulator, connect, instance_id, flow_id, tmp_path
):
    review = str(one_off_review(tmp_path))
    arn = connect.describe_instance(InstanceId=instance_id)["Instance"]["Arn"]
    _, by_arn = start(
        capsys,
        review,
        "--instance-id",
        arn,
        "--contact-flow-id",
        flow_id,
    )
    _, by_id = start(
        capsys,
        review,
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert by_arn == by_id
    assert len(emulator.backend.contacts) == 1


def test_start_uses_the_files_client_token(capsys, emulator, instance_id, flow_id, tmp_path):
    task = tmp_path / "own-token.yaml"
    task.write_text("Name: Call back\nClientToken: my-own-token\n")
    _, first = start(capsys, str(task), "--instance-id", instance_id, "--contact-flow-id", flow_id)
    assert emulator.backend.contacts[task_id(first)].client_token == "my-own-token"


def test_start_derives_the_client_token_from_key_content_and_target(
    capsys, emulator, instance_id, flow_id, tmp_path
):
    review = str(one_off_review(tmp_path))
    _, out = start(
        capsys,
        review,
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    definition = json.loads(Path(review).read_text())
    expected = start_token(
        "weekly-access-review",
        {**definition, "InstanceId": instance_id, "ContactFlowId": flow_id},
        "us-east-1",
        instance_id,
    )
    assert emulator.backend.contacts[task_id(out)].client_token == expected


def test_start_without_instance_is_a_validation_error(capsys, emulator, flow_id):
    status, out = start(capsys, "tasks/onboarding-checklist.yaml", "--contact-flow-id", flow_id)
    assert status == 1
    assert out == {
        "success": False,
        "error": {
            "code": "VALIDATION_ERROR",
            "message": "1 violation in 1 of 1 file; nothing was started",
            "details": [
                {
                    "file": "tasks/onboarding-checklist.yaml",
                    "path": "$.InstanceId",
                    "message": "is required",
                    "line": 3,
                    "column": 1,
                }
            ],
        },
        "data": NOTHING_STARTED,
    }
    assert emulator.backend.contacts == {}


def test_start_refuses_a_recurring_task_and_starts_nothing(capsys, emulator, instance_id, flow_id):
    status, out = start(
        capsys,
        "tasks/weekly-access-review.json",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 1
    assert out["error"]["message"] == "1 violation in 1 of 1 file; nothing was started"
    assert out["error"]["details"] == [
        {
            "file": "tasks/weekly-access-review.json",
            "path": "$.Schedule",
            "message": "makes this a recurring task, which connect-tasks start does not start: it "
            "starts one-off tasks; declare the file in a TaskSet (or a RecurringConnectTask) for "
            "EventBridge Scheduler to start it at every time of the schedule",
            "line": 9,
            "column": 3,
        }
    ]
    assert emulator.backend.contacts == {}


def test_start_without_flow_is_a_validation_error(capsys, emulator, instance_id):
    # tasks/ files name their flow (ContactFlowName); this one names none.
    status, out = start(capsys, "tests/cli/valid/minimal.yaml", "--instance-id", instance_id)
    assert status == 1
    assert out["error"]["details"] == [
        {
            "file": "tests/cli/valid/minimal.yaml",
            "path": "$.ContactFlowId",
            "message": "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required (found 0)",
            "line": 2,
            "column": 1,
        }
    ]


def test_start_flow_option_with_a_quick_connect_file_is_two_targets(
    capsys, emulator, instance_id, flow_id
):
    status, out = start(
        capsys,
        "tests/cli/valid/quick-connect.yml",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 1
    assert out["error"]["details"] == [
        {
            "file": "tests/cli/valid/quick-connect.yml",
            "path": "$.QuickConnectId",
            "message": "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required (found 2: ContactFlowId, QuickConnectId)",
            "line": 3,
            "column": 1,
        }
    ]


def test_start_past_time_is_a_validation_error(capsys, emulator, instance_id, flow_id):
    # validate accepts it (the task may have started already); start is a new task.
    status, out = start(
        capsys,
        "tests/cli/valid/nested/with-key.yaml",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 1
    assert out["error"]["details"] == [
        {
            "file": "tests/cli/valid/nested/with-key.yaml",
            "path": "$.ScheduledTime",
            "message": "must not be in the past",
            "line": 5,
            "column": 1,
        }
    ]


def test_start_unknown_instance_reports_the_aws_code(capsys, emulator, flow_id):
    status, out = start(
        capsys,
        "tasks/onboarding-checklist.yaml",
        "--instance-id",
        "no-such-instance",
        "--contact-flow-id",
        flow_id,
    )
    assert status == 1
    assert out["error"]["code"] == "ResourceNotFoundException"
    assert out["error"]["message"] == "1 of 1 task did not start; 0 started"
    [detail] = out["error"]["details"]
    assert (detail["file"], detail["code"]) == (
        "tasks/onboarding-checklist.yaml",
        "ResourceNotFoundException",
    )
    assert detail["message"].startswith(
        "StartTaskContact failed: ResourceNotFoundException: the instance, flow, quick connect, template or contact "
        "does not exist in this account and Region; check the ids and the region"
    )
    assert out["data"] == NOTHING_STARTED


def test_start_region_option_is_used(capsys, emulator, instance_id, flow_id):
    status, out = start(
        capsys,
        "tasks/onboarding-checklist.yaml",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
        "--region",
        "eu-west-2",
    )
    assert (status, out["error"]["code"]) == (1, "ResourceNotFoundException")


def test_start_aws_message_does_not_echo_the_task_name(capsys, emulator, flow_id, tmp_path):
    task = tmp_path / "secret.yaml"
    task.write_text("Name: Call Ms Example about account 12345678\n")
    status, out = start(
        capsys, str(task), "--instance-id", "no-such-instance", "--contact-flow-id", flow_id
    )
    assert status == 1
    assert "Ms Example" not in json.dumps(out) and "12345678" not in json.dumps(out)


def test_start_unparsable_file_exits_2(capsys, emulator):
    status, out = start(capsys, "tests/cli/unparsable/broken.yaml")
    assert (status, out) == (
        2,
        {
            "success": False,
            "error": {
                "code": "UNREADABLE_FILE",
                "message": "1 of 1 file could not be read or parsed; nothing was started",
                "details": [
                    {
                        "file": "tests/cli/unparsable/broken.yaml",
                        "path": None,
                        "message": "is not valid YAML: expected the node content, but found '<stream end>' (line 3, column 1)",
                        "line": 3,
                        "column": 1,
                    }
                ],
            },
            "data": NOTHING_STARTED,
        },
    )


def test_start_missing_file_is_a_usage_error(capsys):
    status, out = start(capsys, "tasks/nowhere.yaml")
    assert (status, out) == (
        2,
        {
            "success": False,
            "error": {
                "code": "USAGE_ERROR",
                "message": "tasks/nowhere.yaml: no such file or folder",
            },
            "data": NOTHING_STARTED,
        },
    )


def test_start_file_of_another_kind_is_a_usage_error(capsys):
    status, out = start(capsys, "README.md")
    assert (status, out["error"]) == (
        2,
        {
            "code": "USAGE_ERROR",
            "message": "README.md: not a definition file (.yaml, .yml or .json)",
        },
    )


def test_start_without_a_path_is_a_usage_error(capsys):
    assert main(["start"]) == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err


def test_start_token_keeps_a_relative_time_as_written():
    definition = {"Name": "n", "ScheduledTime": "PT2H", "InstanceId": "i", "ContactFlowId": "f"}
    token = start_token("a", definition, "us-east-1", "i")
    assert re.fullmatch(r"[0-9a-f]{64}", token)
    assert start_token("a", dict(reversed(definition.items())), "us-east-1", "i") == token


def test_start_sends_a_date_reference_as_epoch_seconds(capsys, emulator, instance_id, flow_id):
    # tasks/holiday-hours-review.yaml writes its DATE in RFC 3339; "DATE must be of type Epoch timestamp".
    status, out = start(
        capsys,
        "tasks/holiday-hours-review.yaml",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 0
    stored = emulator.backend.contacts[task_id(out)]
    assert stored.references["first-holiday"] == {
        "Type": "DATE",
        "Value": "1798070400",
    }  # 2026-12-24T00:00:00Z


def test_start_with_a_flow_beside_the_files_template_is_refused(
    capsys, emulator, instance_id, flow_id, tmp_path
):
    task = tmp_path / "templated.yaml"
    task.write_text("Name: From a template\nTaskTemplateId: template-1\n")
    status, out = start(
        capsys, str(task), "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert status == 1
    assert out["error"]["details"] == [
        {
            "file": str(task),
            "path": "$.TaskTemplateId",
            "message": "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required (found 2: ContactFlowId, TaskTemplateId)",
            "line": 2,
            "column": 1,
        }
    ]
    assert emulator.backend.contacts == {}


def _emulator_post(url: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_start_unreachable_endpoint_fails_at_once_and_names_what_to_check(capsys, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"  # closed when the block ends: nothing listens
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", url)
    # A hang guard: a retried refusal would go on for the default 300 s deadline before the
    # attempt count below failed; with 10 s it fails within seconds.
    monkeypatch.setenv("CONNECT_TASKS_RETRY_DEADLINE", "10")
    attempts = []
    send = Endpoint._send

    def counted_send(endpoint, request):
        attempts.append(request.url)
        return send(endpoint, request)

    monkeypatch.setattr(Endpoint, "_send", counted_send)
    status, out = start(
        capsys, "tasks/onboarding-checklist.yaml", "--instance-id", "i", "--contact-flow-id", "f"
    )
    assert len(attempts) == 1  # at once: one connection refused, no retry
    assert (status, out) == (
        1,
        {
            "success": False,
            "error": {
                "code": "EndpointConnectionError",
                "message": "1 of 1 task did not start; 0 started",
                "details": [
                    {
                        "file": "tasks/onboarding-checklist.yaml",
                        "code": "EndpointConnectionError",
                        "message": f"StartTaskContact failed: EndpointConnectionError: could not connect to {url} (Region us-east-1), "
                        "so nothing was sent; check that the endpoint is up (the local emulator: `make emulator`), "
                        "AWS_ENDPOINT_URL_CONNECT or AWS_ENDPOINT_URL, and the Region",
                    }
                ],
            },
            "data": NOTHING_STARTED,
        },
    )


def test_start_connection_dropped_after_the_start_is_retried_into_one_task(
    capsys, emulator, instance_id, flow_id
):
    _emulator_post(
        emulator.url,
        "/_emulator/faults",
        {"operation": "StartTaskContact", "calls": [1], "kind": "drop_after"},
    )
    status, out = start(
        capsys,
        "tasks/onboarding-checklist.yaml",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 0
    assert list(emulator.backend.contacts) == [task_id(out)]
    with urllib.request.urlopen(emulator.url + "/_emulator/calls", timeout=5) as response:
        assert json.loads(response.read())["calls"]["StartTaskContact"] == 2
