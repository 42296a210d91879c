"""docs/task-review-workflow.yml: valid YAML, a pull request workflow, and its command works."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pulumi_connect_tasks.files.cli import main

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / "docs" / "task-review-workflow.yml"
COMMAND = "connect-tasks validate --format github tasks/"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def validate_step() -> dict:
    [step] = [step for step in steps() if step.get("run", "").startswith("connect-tasks ")]
    return step


def test_workflow_runs_on_pull_requests():
    # YAML 1.1, which PyYAML reads, makes the key `on` the boolean true; GitHub reads a string.
    triggers = workflow().get("on", workflow().get(True))
    assert "pull_request" in triggers


def test_workflow_checks_out_installs_the_package_then_validates():
    runs = [step.get("uses", step.get("run", "")) for step in steps()]
    assert runs[0].startswith("actions/checkout@")
    [install] = [index for index, run in enumerate(runs) if "pip install" in run]
    assert "pulumi-connect-tasks" in runs[install]
    assert runs.index(COMMAND) > install


def test_workflow_command_passes_on_the_repository_tasks(capsys):
    command = shlex.split(validate_step()["run"])
    assert command[0] == "connect-tasks"
    assert main(command[1:]) == 0
    assert capsys.readouterr().out == "ok: 4 files valid\n"


def test_workflow_command_annotates_invalid_files(capsys):
    command = shlex.split(validate_step()["run"])
    assert command[-1] == "tasks/"
    assert main(command[1:-1] + ["tests/cli/invalid"]) == 1
    out, err = capsys.readouterr()
    assert [line.split(",")[0] for line in out.splitlines()][:2] == [
        "::error file=tests/cli/invalid/bad-key.yaml",
        "::error file=tests/cli/invalid/bad-references.yaml",
    ]
    assert all(
        line.startswith("::error file=tests/cli/invalid/") and ",line=" in line
        for line in out.splitlines()
    )
    assert err.endswith(" of 10 files\n")


def test_workflow_run_step_works_in_a_shell():
    # The run step as the runner's shell runs it, with the installed console script.
    scripts = Path(sys.executable).parent
    if not (scripts / "connect-tasks").exists():
        pytest.skip("the connect-tasks console script is not installed beside this Python")
    env = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}

    def shell(run: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    run = validate_step()["run"]
    result = shell(run)
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok: 4 files valid\n", "")
    result = shell(run.replace(" tasks/", " tests/cli/invalid/shape.json"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=tests/cli/invalid/shape.json,line=6,col=3,title=$.Attachments::"
        "tests/cli/invalid/shape.json::$.Attachments: must have at least 1 item"
    )
    assert result.stderr == "5 violations in 1 of 1 file\n"
