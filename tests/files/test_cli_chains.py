"""PreviousTask and RelatedTask on the command line: ``validate`` of folders, ``start`` in order."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from pulumi_connect_tasks.files import reading
from pulumi_connect_tasks.files.cli import main
from pulumi_connect_tasks.files.cli_start import start_token

CHAIN_RULE = "there can be a maximum of 12 linked task contacts in a chain"
SECRET = "Confidential 4KQ9 payroll"


@pytest.fixture(autouse=True)
def quick_pacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The emulator does not throttle: no need to pace at AWS's 2 starts/s."""
    monkeypatch.setenv("CONNECT_TASKS_START_TASK_CONTACT_RATE", "500")
    monkeypatch.setenv("CONNECT_TASKS_API_RATES", json.dumps({"DescribeContact": 500}))


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def validate(capsys, *argv: str) -> tuple[int, list[str], str]:
    status = main(["validate", *argv])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.strip()


def start(capsys, *argv: str) -> tuple[int, dict, list[str]]:
    status = main(["start", *argv])
    out, err = capsys.readouterr()
    return status, json.loads(out), err.splitlines()


def count_reads_and_parses(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """How many times a file is read and a YAML text composed, from now on."""
    counts: Counter = Counter()
    read_bytes, compose = reading._read_bytes, yaml.composer.Composer.compose_document

    def counted_read(path: Path) -> bytes:
        counts["read", Path(path).name] += 1
        return read_bytes(path)

    def counted_compose(self: yaml.composer.Composer):
        counts["composed"] += 1
        return compose(self)

    monkeypatch.setattr(reading, "_read_bytes", counted_read)
    monkeypatch.setattr(yaml.composer.Composer, "compose_document", counted_compose)
    return counts


# A file with a violation of its own, one whose link names no file, a sibling not named.
EACH_KIND_OF_PROBLEM = {
    "a.yaml": "Name: A\nPriority: 0\n",
    "b.yaml": "Name: B\nPreviousTask: nowhere\n",
    "c.yaml": "Name: C\n",
}


CHAIN_OF_THREE = {
    "1-open.yaml": f"Name: {SECRET} open\n",
    "2-review.yaml": f"Name: {SECRET} review\nPreviousTask: 1-open\n",
    "3-close.yaml": f"Name: {SECRET} close\nPreviousTask: 2-review\n",
}


# -- validate ----------------------------------------------------------------------------------
def test_validate_folder_reports_a_cycle_naming_every_file(capsys, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {
            "a.yaml": f"Name: {SECRET}\nPreviousTask: b\n",
            "b.yaml": f"Name: {SECRET}\nRelatedTask: c\n",
            "c.yaml": f"Name: {SECRET}\nPreviousTask: a\n",
        },
    )
    status, lines, summary = validate(capsys, str(folder))
    a, b, c = (f"{folder}/{name}.yaml" for name in "abc")
    assert (status, summary) == (1, "1 violation in 1 of 3 files")
    assert lines == [
        f"{a}::$.PreviousTask: is part of a cycle of 3 files, so none of them can be started: "
        f"{a} waits for {b} (PreviousTask); {b} waits for {c} (RelatedTask); {c} waits for {a} (PreviousTask)"
    ]
    assert SECRET not in "\n".join(lines)


def test_validate_folder_reports_a_missing_key_and_a_too_long_chain_json(capsys, tmp_path):
    files = {"t01.yaml": "Name: T\nPreviousContactId: outside-contact\n"}
    files.update({f"t{i:02d}.yaml": f"Name: T\nPreviousTask: t{i - 1:02d}\n" for i in range(2, 13)})
    files["x.yaml"] = "Name: X\n\nPreviousTask: t99\n"
    folder = write(tmp_path / "tasks", files)
    status = main(["validate", "--format", "json", str(folder)])
    out = json.loads(capsys.readouterr().out)
    assert status == 1
    chain = ", ".join(f"{folder}/t{i:02d}.yaml" for i in range(1, 12)) + f" and {folder}/t12.yaml"
    assert out == {
        "success": False,
        "error": {
            "code": "VALIDATION_ERROR",
            "message": "2 violations in 2 of 13 files",
            "details": [
                {
                    "file": f"{folder}/x.yaml",
                    "path": "$.PreviousTask",
                    "line": 3,
                    "column": 1,
                    "message": "names the key 't99', which no file of the folder has",
                },
                {
                    "file": f"{folder}/t01.yaml",
                    "path": "$.PreviousContactId",
                    "line": 2,
                    "column": 1,
                    "message": f"continues the chain of its PreviousContactId with 12 tasks of the set ({chain}): "
                    f"at least 13 linked tasks, and {CHAIN_RULE}",
                },
            ],
        },
    }


def test_validate_a_changed_file_sees_the_keys_of_its_folder(capsys, tmp_path):
    # As pre-commit passes it: only the changed file; its folder is its set.
    folder = write(tmp_path / "tasks", CHAIN_OF_THREE)
    assert validate(capsys, str(folder / "3-close.yaml")) == (0, ["ok: 1 file valid"], "")
    (folder / "1-open.yaml").write_text("Name: open\nPreviousTask: 3-close\n")
    status, lines, _ = validate(capsys, str(folder / "3-close.yaml"))
    assert status == 1
    assert lines == [
        f"{folder}/1-open.yaml::$.PreviousTask: is part of a cycle of 3 files, so none of them can be started: "
        f"{folder}/1-open.yaml waits for {folder}/3-close.yaml (PreviousTask); "
        f"{folder}/3-close.yaml waits for {folder}/2-review.yaml (PreviousTask); "
        f"{folder}/2-review.yaml waits for {folder}/1-open.yaml (PreviousTask)"
    ]


def test_validate_each_folder_is_its_own_set(capsys, tmp_path):
    write(tmp_path / "tasks", {"a.yaml": "Name: A\n"})
    write(tmp_path / "tasks" / "team", {"b.yaml": "Name: B\nPreviousTask: a\n"})
    status, lines, _ = validate(capsys, str(tmp_path / "tasks"))
    assert status == 1
    assert lines == [
        f"{tmp_path}/tasks/team/b.yaml::$.PreviousTask: names the key 'a', which no file of the folder has"
    ]


def test_validate_a_file_with_two_links_github(capsys, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {"a.yaml": "Name: A\n", "b.yaml": "Name: B\nRelatedTask: a\nPreviousTask: a\n"},
    )
    status, lines, _ = validate(capsys, "--format", "github", str(folder))
    assert status == 1
    assert lines == [
        f"::error file={folder}/b.yaml,line=2,col=1,title=$.RelatedTask::{folder}/b.yaml::$.RelatedTask: "
        "cannot be given beside PreviousTask: a task links to one other task "
        "(PreviousContactId and RelatedContactId are mutually exclusive)"
    ]


def test_validate_a_link_that_cannot_be_a_key_is_one_problem_without_its_value(capsys, tmp_path):
    folder = write(
        tmp_path / "tasks", {"a.yaml": "Name: A\nPreviousTask: Call Mrs Smith re results\n"}
    )
    status, lines, _ = validate(capsys, str(folder))
    assert status == 1
    assert lines == [
        f"{folder}/a.yaml::$.PreviousTask: must be the key of another file of the set (1 to 100 letters, "
        "digits, '.', '_' or '-', starting with a letter or digit)"
    ]


def test_validate_reads_and_parses_each_file_once(capsys, tmp_path, monkeypatch):
    folder = write(tmp_path / "tasks", EACH_KIND_OF_PROBLEM)
    counts = count_reads_and_parses(monkeypatch)
    status, lines, _ = validate(capsys, str(folder / "a.yaml"), str(folder / "b.yaml"))
    assert (status, len(lines)) == (1, 2)
    assert counts == {
        ("read", "a.yaml"): 1,
        ("read", "b.yaml"): 1,
        ("read", "c.yaml"): 1,
        "composed": 3,
    }


def test_validate_a_chain_that_starts_at_a_file_that_cannot_be_parsed(capsys, tmp_path):
    # The broken file keeps its name as its key, so twelve files can continue its chain; the
    # problem is reported on it (at its start: it has no members to point at), not a traceback.
    files = {"t00.yaml": "Name: [unclosed\n"}
    files |= {f"t{i:02}.yaml": f"Name: n\nPreviousTask: t{i - 1:02}\n" for i in range(1, 13)}
    folder = write(tmp_path / "tasks", files)
    status, lines, summary = validate(capsys, "--format", "github", str(folder / "t05.yaml"))
    assert (status, summary) == (1, "1 violation in 1 of 1 file")
    chain = ", ".join(f"{folder}/t{i:02}.yaml" for i in range(12)) + f" and {folder}/t12.yaml"
    message = f"{folder}/t00.yaml::$: starts a chain of 13 linked tasks ({chain}); {CHAIN_RULE}"
    assert lines == [f"::error file={folder}/t00.yaml,line=1,col=1,title=$::{message}"]


# -- start -------------------------------------------------------------------------------------
def test_start_reads_and_parses_each_file_once(capsys, tmp_path, monkeypatch):
    folder = write(tmp_path / "tasks", EACH_KIND_OF_PROBLEM)
    counts = count_reads_and_parses(monkeypatch)
    status, envelope, _ = start(
        capsys, str(folder), "--instance-id", "i-1", "--contact-flow-id", "f-1"
    )
    assert (status, envelope["error"]["code"], len(envelope["error"]["details"])) == (
        1,
        "VALIDATION_ERROR",
        2,
    )
    assert counts == {
        ("read", "a.yaml"): 1,
        ("read", "b.yaml"): 1,
        ("read", "c.yaml"): 1,
        "composed": 3,
    }


def test_start_folder_starts_a_chain_of_three_in_order(
    capsys, emulator, connect, instance_id, flow_id, tmp_path
):
    folder = write(tmp_path / "tasks", {**CHAIN_OF_THREE, "0-other.yaml": "Name: other\n"})
    argv = (str(folder), "--instance-id", instance_id, "--contact-flow-id", flow_id)
    status, out, progress = start(capsys, *argv)
    assert status == 0, out
    ids = {Path(t["file"]).name: t["id"] for t in out["data"]["tasks"]}
    assert [Path(t["file"]).name for t in out["data"]["tasks"]] == ["0-other.yaml", *CHAIN_OF_THREE]
    contact = {
        name: connect.describe_contact(InstanceId=instance_id, ContactId=i)["Contact"]
        for name, i in ids.items()
    }
    assert "PreviousContactId" not in contact["1-open.yaml"]
    assert contact["2-review.yaml"]["PreviousContactId"] == ids["1-open.yaml"]
    assert contact["3-close.yaml"]["PreviousContactId"] == ids["2-review.yaml"]
    # Created in that order: the emulator keeps its contacts in the order they were started.
    started = [c for c in emulator.backend.contacts if c in ids.values()]
    chain_order = [c for c in started if c != ids["0-other.yaml"]]
    assert chain_order == [ids["1-open.yaml"], ids["2-review.yaml"], ids["3-close.yaml"]]
    assert sorted(line.split()[2] for line in progress) == sorted(
        t["file"] for t in out["data"]["tasks"]
    )
    assert SECRET not in "\n".join(progress)

    # Again: the same tasks, none started twice (the tokens count the resolved ContactIds).
    again_status, again, _ = start(capsys, *argv)
    assert (again_status, again) == (0, out)
    assert len(emulator.backend.contacts) == 4


def test_start_token_of_a_link_is_that_of_the_contact_id_it_resolved_to(
    capsys, emulator, instance_id, flow_id, tmp_path
):
    folder = write(tmp_path / "tasks", dict(list(CHAIN_OF_THREE.items())[:2]))
    status, out, _ = start(
        capsys, str(folder), "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert status == 0
    first = out["data"]["tasks"][0]["id"]
    # The second file written with the first task's ContactId instead of its key: the same task.
    alone = write(
        tmp_path / "alone",
        {"2-review.yaml": f"Name: {SECRET} review\nPreviousContactId: {first}\n"},
    )
    status, again, _ = start(
        capsys, str(alone), "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert status == 0
    assert again["data"]["tasks"][0]["id"] == out["data"]["tasks"][1]["id"]
    definition = {"Name": f"{SECRET} review", "PreviousTask": "1-open", "PreviousContactId": first}
    assert start_token("2-review", definition, "us-east-1", instance_id) == start_token(
        "2-review",
        {"Name": f"{SECRET} review", "PreviousContactId": first},
        "us-east-1",
        instance_id,
    )


def test_start_a_task_whose_previous_task_failed_is_not_started(
    capsys, emulator, connect, instance_id, flow_id, tmp_path
):
    folder = write(
        tmp_path / "tasks",
        {
            "1-open.yaml": "Name: open\nPreviousContactId: 00000000-0000-0000-0000-000000000000\n",
            "2-review.yaml": "Name: review\nPreviousTask: 1-open\n",
            "3-close.yaml": "Name: close\nRelatedTask: 2-review\n",
            "4-other.yaml": "Name: other\n",
        },
    )
    status, out, progress = start(
        capsys, str(folder), "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert status == 1
    assert [Path(t["file"]).name for t in out["data"]["tasks"]] == ["4-other.yaml"]
    details = out["error"]["details"]
    assert out["error"]["code"] == "START_FAILED"
    assert out["error"]["message"] == "3 of 4 tasks did not start; 1 started"
    assert [(Path(d["file"]).name, d["code"]) for d in details] == [
        ("1-open.yaml", "ResourceNotFoundException"),
        ("2-review.yaml", "LinkedTaskNotStarted"),
        ("3-close.yaml", "LinkedTaskNotStarted"),
    ]
    assert details[1]["message"].startswith(
        f"not started: its PreviousTask is {folder}/1-open.yaml, which did not start"
    )
    assert details[2]["message"].startswith(
        f"not started: its RelatedTask is {folder}/2-review.yaml, which did not start"
    )
    assert sorted(line.split()[0] for line in progress) == ["failed", "failed", "failed", "started"]
    assert len(emulator.backend.contacts) == 1


def test_start_refuses_a_cycle_and_starts_nothing(capsys, emulator, instance_id, flow_id, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {"a.yaml": "Name: A\nPreviousTask: b\n", "b.yaml": "Name: B\nPreviousTask: a\n"},
    )
    status, out, _ = start(
        capsys, str(folder), "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert status == 1
    assert out["error"]["code"] == "VALIDATION_ERROR"
    assert [(d["file"], d["path"], d["line"]) for d in out["error"]["details"]] == [
        (f"{folder}/a.yaml", "$.PreviousTask", 2)
    ]
    assert out["data"] == {"tasks": []}
    assert len(emulator.backend.contacts) == 0


def test_start_a_key_outside_the_run_is_a_problem(capsys, emulator, instance_id, flow_id, tmp_path):
    folder = write(tmp_path / "tasks", CHAIN_OF_THREE)
    status, out, _ = start(
        capsys,
        str(folder / "2-review.yaml"),
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 1
    assert out["error"]["details"] == [
        {
            "file": f"{folder}/2-review.yaml",
            "path": "$.PreviousTask",
            "line": 2,
            "column": 1,
            "message": "names the key '1-open', which no file of this run has",
        }
    ]
    assert len(emulator.backend.contacts) == 0


def test_start_tasks_with_a_link_it_cannot_follow_reports_it_not_started(
    emulator, instance_id, flow_id
):
    # read_tasks refuses such a run; start_tasks, called directly, still ends and says why.
    import io

    from pulumi_connect_tasks.files.cli_start import Task, start_tasks

    def task(key: str, target: str) -> Task:
        request = {"Name": "n", "InstanceId": instance_id, "ContactFlowId": flow_id}
        return Task(
            f"{key}.yaml",
            key,
            {"Name": "n", "PreviousTask": target},
            request,
            ("PreviousContactId", target),
        )

    envelope, status = start_tasks(
        [task("a", "missing"), task("b", "a"), task("c", "d"), task("d", "c")],
        region="us-east-1",
        progress_stream=io.StringIO(),
    )
    assert status == 1
    assert [(d["file"], d["code"]) for d in envelope["error"]["details"]] == [
        ("a.yaml", "LinkedTaskNotStarted"),
        ("b.yaml", "LinkedTaskNotStarted"),
        ("c.yaml", "LinkedTaskNotStarted"),
        ("d.yaml", "LinkedTaskNotStarted"),
    ]
    assert len(emulator.backend.contacts) == 0
