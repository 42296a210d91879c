"""``connect-tasks start PATH...`` over folders of files, against the local emulator.

Every file checked before any starts; all started on a thread pool; one envelope in file
order; ClientTokens from key, content and target, so a second run from any folder starts
nothing new; progress on stderr (plain lines here: capsys and pipes are not terminals).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from pulumi_connect_tasks.files.cli import main
from pulumi_connect_tasks.files.cli_start import start_token
from pulumi_connect_tasks.files.progress import ProgressBar, ProgressLines, progress_for

pytestmark = pytest.mark.slow

COUNT = 12
# As found in the folder "seed": sorted by path, the subfolder first.
SEED_FILES = ["more/task-11.yaml", "more/task-12.json"] + [
    f"task-{n:02d}.yaml" for n in range(1, 11)
]
STARTED = re.compile(r"started (\d+)/(\d+) (\S+) ([0-9a-f-]{36})")
FAILED = re.compile(r"failed (\d+)/(\d+) (\S+): (\w+)")


def number(file: str) -> str:
    return re.search(r"\d+", Path(file).name)[0]


def write_seed(folder: Path) -> Path:
    """Twelve definition files, two in a subfolder, one JSON; each task named after its number."""
    for name in SEED_FILES:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".json":
            path.write_text(json.dumps({"Name": f"Seed task {number(name)}"}))
        else:
            path.write_text(f"# seeded by a bootstrap script\nName: Seed task {number(name)}\n")
    return folder


@pytest.fixture(autouse=True)
def quick_pacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """AWS's 2 starts/s would make each folder here take 4 s: the emulator does not throttle.

    The subprocess tests build their own environment, so they run at AWS's pace.
    """
    monkeypatch.setenv("CONNECT_TASKS_START_TASK_CONTACT_RATE", "500")
    monkeypatch.setenv("CONNECT_TASKS_API_RATES", json.dumps({"DescribeContact": 500}))


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/seed, with tmp_path as the current folder (so "seed" is how the user names it)."""
    monkeypatch.chdir(tmp_path)
    return write_seed(tmp_path / "seed")


def start(capsys, *argv: str) -> tuple[int, dict, list[str]]:
    status = main(["start", *argv])
    out, err = capsys.readouterr()
    assert out.count("\n") == 1
    return status, json.loads(out), err.splitlines()


def emulator_get(url: str, path: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + path, timeout=5) as response:
        return json.loads(response.read())


def emulator_post(url: str, path: str, body: Any) -> dict[str, Any]:
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def contacts(url: str) -> dict[str, dict]:
    """The emulator's tasks by id, from its inspection API."""
    return {c["id"]: c for c in emulator_get(url, "/_emulator/contacts")["contacts"]}


def start_calls(url: str) -> int:
    return emulator_get(url, "/_emulator/calls")["calls"].get("StartTaskContact", 0)


def ids_by_key(envelope: dict) -> dict[str, str]:
    return {Path(task["file"]).stem: task["id"] for task in envelope["data"]["tasks"]}


def progress_counts(lines: list[str], total: int) -> list[int]:
    """The done counts of plain progress lines, checking each line's form and total."""
    counts = []
    for line in lines:
        match = STARTED.fullmatch(line) or FAILED.fullmatch(line)
        assert match, line
        assert int(match[2]) == total
        counts.append(int(match[1]))
    return counts


# -- a folder, once and again -------------------------------------------------------------
def test_start_folder_starts_every_file_in_file_order(capsys, emulator, seed, instance_id, flow_id):
    status, out, err = start(
        capsys, "seed", "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert status == 0
    assert sorted(out) == ["data", "success"] and out["success"] is True
    tasks = out["data"]["tasks"]
    assert [task["file"] for task in tasks] == [f"seed/{name}" for name in SEED_FILES]
    assert all(sorted(task) == ["created_at", "file", "id"] for task in tasks)
    stored = contacts(emulator.url)
    assert sorted(stored) == sorted(task["id"] for task in tasks)
    # Each id is the task of its own file, whatever order the threads finished in.
    for task in tasks:
        assert stored[task["id"]]["name"] == f"Seed task {number(task['file'])}"
    assert progress_counts(err, COUNT) == list(range(1, COUNT + 1))
    assert {tuple(STARTED.fullmatch(line).group(3, 4)) for line in err} == {
        (t["file"], t["id"]) for t in tasks
    }


def test_start_again_from_other_folders_and_spellings_starts_nothing_new(
    capsys, emulator, seed, tmp_path, monkeypatch, instance_id, flow_id
):
    ids = ("--instance-id", instance_id, "--contact-flow-id", flow_id)
    _, first, _ = start(capsys, "seed", *ids)
    before = contacts(emulator.url)
    assert len(before) == COUNT

    monkeypatch.chdir(seed)
    _, from_inside, _ = start(capsys, ".", *ids)
    _, by_files, _ = start(
        capsys, "./task-01.yaml", "more", *[f"task-{n:02d}.yaml" for n in range(2, 11)], *ids
    )
    monkeypatch.chdir(seed / "more")
    _, absolute, _ = start(capsys, str(seed), *ids)
    _, upwards, _ = start(capsys, "../", *ids)

    for again in (from_inside, by_files, absolute, upwards):
        assert again["success"] is True
        assert ids_by_key(again) == ids_by_key(first)
    assert [t["file"] for t in from_inside["data"]["tasks"]] == SEED_FILES
    assert [t["file"] for t in upwards["data"]["tasks"]] == [f"../{name}" for name in SEED_FILES]
    assert contacts(emulator.url) == before
    assert start_calls(emulator.url) == 5 * COUNT  # sent again, and answered with the same tasks


def test_start_file_named_twice_starts_once_under_its_first_name(
    capsys, emulator, seed, instance_id, flow_id
):
    status, out, err = start(
        capsys,
        "seed/task-05.yaml",
        "./seed/task-05.yaml",
        str(seed / "task-05.yaml"),
        "seed",
        "--instance-id",
        instance_id,
        "--contact-flow-id",
        flow_id,
    )
    assert status == 0
    files = [task["file"] for task in out["data"]["tasks"]]
    assert files == ["seed/task-05.yaml"] + [
        f"seed/{name}" for name in SEED_FILES if name != "task-05.yaml"
    ]
    assert len(err) == COUNT
    assert len(contacts(emulator.url)) == COUNT


def test_start_renamed_file_with_its_old_name_as_key_is_the_same_task(
    capsys, emulator, seed, instance_id, flow_id
):
    ids = ("--instance-id", instance_id, "--contact-flow-id", flow_id)
    _, first, _ = start(capsys, "seed/task-01.yaml", *ids)
    renamed = seed / "first-task.yaml"
    renamed.write_text("Key: task-01\n" + (seed / "task-01.yaml").read_text())
    _, second, _ = start(capsys, str(renamed), *ids)
    assert second["data"]["tasks"][0]["id"] == first["data"]["tasks"][0]["id"]
    assert len(contacts(emulator.url)) == 1


def test_start_changed_file_in_a_folder_starts_only_that_task(
    capsys, emulator, seed, instance_id, flow_id
):
    ids = ("--instance-id", instance_id, "--contact-flow-id", flow_id)
    _, first, _ = start(capsys, "seed", *ids)
    (seed / "task-03.yaml").write_text("Name: Seed task 03\nDescription: changed\n")
    _, second, _ = start(capsys, "seed", *ids)
    changed = {key for key, id_ in ids_by_key(second).items() if ids_by_key(first)[key] != id_}
    assert changed == {"task-03"}
    assert len(contacts(emulator.url)) == COUNT + 1


# -- nothing started unless every file passes -------------------------------------------
def test_start_invalid_files_start_nothing_and_every_problem_is_listed(
    capsys, emulator, seed, instance_id, flow_id
):
    (seed / "task-04.yaml").write_text("Name: Seed task 04\nDescripton: a typo\n")
    (seed / "more" / "task-11.yaml").write_text(
        "Name: Seed task 11\nReferences:\n  runbook: {Type: URL, Value: wiki}\n"
    )
    status, out, err = start(
        capsys, "seed", "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert (status, err) == (1, [])
    assert out == {
        "success": False,
        "error": {
            "code": "VALIDATION_ERROR",
            "message": "2 violations in 2 of 12 files; nothing was started",
            "details": [
                {
                    "file": "seed/more/task-11.yaml",
                    "path": "$.References.runbook.Value",
                    "message": "must be an absolute http or https URL (Type URL)",
                    "line": 3,
                    "column": 24,
                },
                {
                    "file": "seed/task-04.yaml",
                    "path": "$.Descripton",
                    "message": "is not a known member; did you mean Description?",
                    "line": 2,
                    "column": 1,
                },
            ],
        },
        "data": {"tasks": []},
    }
    assert contacts(emulator.url) == {}
    assert start_calls(emulator.url) == 0


def test_start_unreadable_file_among_invalid_ones_exits_2_and_lists_both(
    capsys, emulator, seed, instance_id, flow_id
):
    (seed / "task-02.yaml").write_text("Name: [unclosed\n")
    (seed / "task-07.yaml").write_text("Descripton: no name\n")
    status, out, err = start(
        capsys, "seed", "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert (status, err) == (2, [])
    assert out["error"]["code"] == "UNREADABLE_FILE"
    assert out["error"]["message"] == (
        "1 of 12 files could not be read or parsed; 2 violations in 1 other file; nothing was started"
    )
    assert [(d["file"], d["path"]) for d in out["error"]["details"]] == [
        ("seed/task-02.yaml", None),
        ("seed/task-07.yaml", "$.Descripton"),
        ("seed/task-07.yaml", "$.Name"),
    ]
    assert out["error"]["details"][0]["message"].startswith("is not valid YAML")
    assert out["data"] == {"tasks": []}
    assert start_calls(emulator.url) == 0


def test_start_two_files_with_one_key_is_a_usage_error(
    capsys, emulator, seed, instance_id, flow_id
):
    (seed / "more" / "task-01.yaml").write_text("Name: Another first task\n")
    (seed / "renamed.yaml").write_text("Key: task-12\nName: Seed task 12 again\n")
    status, out, err = start(
        capsys, "seed", "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert (status, err) == (2, [])
    assert out == {
        "success": False,
        "error": {
            "code": "USAGE_ERROR",
            "message": "seed/more/task-01.yaml and seed/task-01.yaml have the same key 'task-01'; "
            "seed/more/task-12.json and seed/renamed.yaml have the same key 'task-12'; "
            "set a different Key in each (a TaskSet refuses them too)",
        },
        "data": {"tasks": []},
    }
    assert start_calls(emulator.url) == 0


def test_start_empty_folder_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty" / "notes").mkdir(parents=True)
    (tmp_path / "empty" / "notes" / "README.md").write_text("not a task\n")
    status, out, _ = start(capsys, "empty")
    assert (status, out["error"]) == (
        2,
        {
            "code": "USAGE_ERROR",
            "message": "empty: no definition files (.yaml, .yml or .json) in this folder",
        },
    )


# -- AWS refuses some ----------------------------------------------------------------------
def test_start_refused_file_does_not_stop_the_others(capsys, emulator, seed, instance_id, flow_id):
    emulator_post(
        emulator.url,
        "/_emulator/faults",
        {
            "operation": "StartTaskContact",
            "kind": "error",
            "calls": [3],
            "code": "InvalidParameterException",
        },
    )
    ids = ("--instance-id", instance_id, "--contact-flow-id", flow_id)
    status, out, err = start(capsys, "seed", *ids)
    assert status == 1
    [refused] = out["error"]["details"]
    assert out["error"]["code"] == "InvalidParameterException"
    assert out["error"]["message"] == "1 of 12 tasks did not start; 11 started"
    assert refused["code"] == "InvalidParameterException"
    assert refused["message"].startswith("StartTaskContact failed: InvalidParameterException: ")
    started = [task["file"] for task in out["data"]["tasks"]]
    assert started == [f"seed/{name}" for name in SEED_FILES if f"seed/{name}" != refused["file"]]
    assert len(contacts(emulator.url)) == COUNT - 1
    assert progress_counts(err, COUNT) == list(range(1, COUNT + 1))
    [failed] = [line for line in err if line.startswith("failed ")]
    assert FAILED.fullmatch(failed).group(3, 4) == (refused["file"], "InvalidParameterException")

    status, again, _ = start(capsys, "seed", *ids)
    assert status == 0
    assert {
        k: v for k, v in ids_by_key(again).items() if k != Path(refused["file"]).stem
    } == ids_by_key(out)
    assert len(contacts(emulator.url)) == COUNT


def test_start_refusals_for_different_reasons_are_start_failed(
    capsys, emulator, seed, instance_id, flow_id
):
    emulator_post(
        emulator.url,
        "/_emulator/faults",
        [
            {
                "operation": "StartTaskContact",
                "kind": "error",
                "calls": [2],
                "code": "InvalidParameterException",
            },
            {
                "operation": "StartTaskContact",
                "kind": "error",
                "calls": [5],
                "code": "InvalidRequestException",
            },
        ],
    )
    status, out, _ = start(
        capsys, "seed", "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert status == 1
    error = out["error"]
    assert (error["code"], error["message"]) == (
        "START_FAILED",
        "2 of 12 tasks did not start; 10 started",
    )
    assert sorted(d["code"] for d in error["details"]) == [
        "InvalidParameterException",
        "InvalidRequestException",
    ]
    refused = {d["file"] for d in error["details"]}
    assert refused.isdisjoint(task["file"] for task in out["data"]["tasks"])
    assert len(out["data"]["tasks"]) == 10


def test_start_task_in_a_missing_flow_fails_alone_and_names_its_file(
    capsys, emulator, seed, instance_id, flow_id
):
    # No --contact-flow-id: each file names its flow, and one names a flow that does not exist.
    for path in seed.rglob("task-*.yaml"):
        path.write_text(path.read_text() + f"ContactFlowId: {flow_id}\n")
    (seed / "more" / "task-12.json").write_text(
        json.dumps({"Name": "Seed task 12", "ContactFlowId": "no-such-flow"})
    )
    status, out, err = start(capsys, "seed", "--instance-id", instance_id)
    assert status == 1
    refused = [(d["file"], d["code"]) for d in out["error"]["details"]]
    assert refused == [("seed/more/task-12.json", "ResourceNotFoundException")]
    assert len(out["data"]["tasks"]) == COUNT - 1
    assert sum(line.startswith("failed ") for line in err) == 1
    assert "Seed task" not in "\n".join(err) + json.dumps(out)  # names are sensitive: never shown


# -- the token -----------------------------------------------------------------------------
def test_start_token_depends_on_key_content_instance_and_region_only():
    definition = {"Name": "n", "ContactFlowId": "f", "InstanceId": "i"}
    token = start_token("a", definition, "us-east-1", "i")
    assert start_token("b", definition, "us-east-1", "i") != token
    assert start_token("a", {**definition, "Name": "m"}, "us-east-1", "i") != token
    assert start_token("a", {**definition, "ContactFlowId": "g"}, "us-east-1", "i") != token
    assert start_token("a", definition, "eu-west-2", "i") != token
    assert start_token("a", definition, "us-east-1", "j") != token
    # The key and the target stand for Key and InstanceId (id or ARN); $schema never reaches AWS.
    arn = "arn:aws:connect:us-east-1:123456789012:instance/i"
    assert (
        start_token(
            "a", {**definition, "Key": "a", "$schema": "x", "InstanceId": arn}, "us-east-1", "i"
        )
        == token
    )


def test_start_sends_the_same_token_from_any_folder_and_spelling(
    capsys, emulator, seed, monkeypatch, instance_id, flow_id
):
    ids = ("--instance-id", instance_id, "--contact-flow-id", flow_id)
    definition = {"Name": "Seed task 01", "InstanceId": instance_id, "ContactFlowId": flow_id}
    expected = start_token("task-01", definition, "us-east-1", instance_id)
    tokens = set()
    spellings = (
        (seed.parent, "seed/task-01.yaml"),
        (seed, "./task-01.yaml"),
        (seed / "more", "../task-01.yaml"),
    )
    for folder, spelling in spellings:
        monkeypatch.chdir(folder)
        _, out, _ = start(capsys, spelling, *ids)
        tokens.add(contacts(emulator.url)[out["data"]["tasks"][0]["id"]]["client_token"])
    assert tokens == {expected}


# -- the real command, clean environment, another folder -------------------------------------
def command() -> list[str]:
    script = Path(sys.executable).with_name("connect-tasks")
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-m", "pulumi_connect_tasks.files.cli"]
    )


def clean_env(url: str, home: Path) -> dict[str, str]:
    # Only what a bootstrap script would have; HOME is empty, so no AWS config or credentials file is read.
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ENDPOINT_URL_CONNECT": url,
    }


def test_console_script_starts_a_folder_from_inside_it_then_nothing_new(
    capsys, emulator, seed, tmp_path, instance_id, flow_id
):
    argv = [*command(), "start", ".", "--instance-id", instance_id, "--contact-flow-id", flow_id]
    done = subprocess.run(
        argv,
        cwd=seed,
        env=clean_env(emulator.url, tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("\n") == 1
    out = json.loads(done.stdout)
    assert [task["file"] for task in out["data"]["tasks"]] == SEED_FILES
    assert progress_counts(done.stderr.splitlines(), COUNT) == list(range(1, COUNT + 1))

    # The same folder, named from elsewhere, in process: the same tasks, none new.
    status, again, _ = start(
        capsys, str(seed), "--instance-id", instance_id, "--contact-flow-id", flow_id
    )
    assert status == 0
    assert ids_by_key(again) == ids_by_key(out)
    assert len(contacts(emulator.url)) == COUNT


def test_console_script_draws_a_bar_on_a_terminal(emulator, seed, tmp_path, instance_id, flow_id):
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [
                *command(),
                "start",
                "seed",
                "--instance-id",
                instance_id,
                "--contact-flow-id",
                flow_id,
            ],
            cwd=tmp_path,
            env=clean_env(emulator.url, tmp_path / "home"),
            stdout=subprocess.PIPE,
            stderr=slave,
            text=True,
            timeout=120,
        )
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # Linux: EIO once the other side is closed and everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    shown = b"".join(chunks).decode()
    assert done.returncode == 0
    assert json.loads(done.stdout)["success"] is True  # stdout stays one JSON line
    assert "started" not in shown
    assert shown.startswith("\r[........................] 0/12  -- tasks/s  -- left")
    assert shown.endswith("\r\n")  # the terminal turns the final "\n" into "\r\n"
    assert re.fullmatch(r"\[#{24}\] 12/12  took \d+s *", shown.rstrip("\r\n").split("\r")[-1])


# -- progress, with a fake stream and clock ----------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_lines_one_per_task_without_names():
    stream = io.StringIO()
    lines = ProgressLines(3, stream)
    lines.started("tasks/a.yaml", "9f3c0000-0000-0000-0000-000000000001")
    lines.failed("tasks/b.yaml", "InvalidParameterException")
    lines.started("tasks/{c}.yaml", "9f3c0000-0000-0000-0000-000000000003")
    lines.close()
    assert stream.getvalue() == (
        "started 1/3 tasks/a.yaml 9f3c0000-0000-0000-0000-000000000001\n"
        "failed 2/3 tasks/b.yaml: InvalidParameterException\n"
        "started 3/3 tasks/{c}.yaml 9f3c0000-0000-0000-0000-000000000003\n"
    )


def test_progress_lines_write_a_newline_of_a_file_name_escaped():
    stream = io.StringIO()
    lines = ProgressLines(1, stream)
    lines.failed("tasks/two\nlines.yaml", "InvalidParameterException")
    assert stream.getvalue() == "failed 1/1 tasks/two\\nlines.yaml: InvalidParameterException\n"


def test_progress_bar_redraws_at_most_every_tenth_of_a_second_and_ends_the_line():
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar(4, stream, clock=clock)
    clock.now += 1.0
    bar.started("a.yaml", "id-a")  # 1 done in 1 s: 1.0 tasks/s, 3 left: 3 s
    clock.now += 0.05
    bar.started("b.yaml", "id-b")  # 0.05 s after the last drawing: not drawn
    clock.now += 0.95
    bar.failed("c.yaml", "InvalidParameterException")  # 3 in 2 s: 1.5/s, 1 left
    bar.started("d.yaml", "id-d")  # the last one is always drawn
    bar.close()
    assert stream.getvalue() == "".join(
        [
            "\r[........................] 0/4  -- tasks/s  -- left",
            "\r[######..................] 1/4  1.0 tasks/s  3s left",
            "\r[##################......] 3/4  1 failed  1.5 tasks/s  1s left",
            "\r[########################] 4/4  1 failed  took 2s"
            + " " * 13,  # spaces over the longer line before
            "\n",
        ]
    )


def test_progress_bar_rate_is_of_the_last_ten_tasks_not_the_first_burst():
    clock = Clock()
    bar = ProgressBar(30, io.StringIO(), clock=clock)
    clock.now += 0.1
    for _ in range(5):  # the pacer's burst
        bar.started("a.yaml", "id")
    assert bar.text(clock.now).endswith("50.0 tasks/s  0s left")
    for _ in range(10):  # then the quota's 2 per second
        clock.now += 0.5
        bar.started("a.yaml", "id")
    assert bar.text(clock.now).endswith("15/30  2.0 tasks/s  8s left")


def test_progress_bar_stopped_early_shows_where_and_ends_the_line():
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar(3, stream, clock=clock)
    clock.now += 0.05
    bar.started("a.yaml", "id")  # within 0.1 s of the first drawing: not drawn yet
    bar.close()
    assert stream.getvalue().endswith("\r[########................] 1/3  20.0 tasks/s  0s left\n")


def test_progress_bar_time_left_reads_in_minutes_and_hours():
    clock = Clock()
    bar = ProgressBar(10_000, io.StringIO(), clock=clock)
    clock.now += 2.0
    bar.started("a.yaml", "id")
    assert bar.text(clock.now).endswith("0.5 tasks/s  5h33m left")
    bar = ProgressBar(200, io.StringIO(), clock=clock)
    clock.now += 1.0
    bar.started("a.yaml", "id")
    assert bar.text(clock.now).endswith("1.0 tasks/s  3m19s left")


def test_progress_for_draws_a_bar_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(progress_for(3, Terminal()), ProgressBar)
    assert isinstance(progress_for(3, io.StringIO()), ProgressLines)
