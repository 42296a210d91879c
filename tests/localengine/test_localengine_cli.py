"""The command line and the text display."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest

from localengine.__main__ import _parser, main
from localengine.display import render
from localengine.summary import CheckFailureReport, Step, Summary
from tests.localengine.le_helpers import ITEM, PROGRAM_DIR

pytestmark = pytest.mark.slow


def _args(command, ws, spec):
    return [
        command,
        "--cwd",
        str(PROGRAM_DIR),
        "--stack",
        "dev",
        "--state-dir",
        str(ws.state_dir),
        "--config",
        f"records={ws.records_path}",
        "--config",
        f"spec={json.dumps(spec)}",
    ]


def test_cli_up_prints_steps_and_counts_and_exits_0(ws):
    spec = [{"name": "a", "props": {"value": 1}}]
    done = subprocess.run(
        [sys.executable, "-m", "localengine", *_args("up", ws, spec)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "Updating (dev)",
        f"    + create    {ITEM}  a",
        "",
        "Resources: 1 created",
    ]


def test_cli_check_failure_prints_property_and_reason_not_value_and_exits_1(ws, capsys):
    code = main(_args("preview", ws, [{"name": "bad", "props": {"size": -4321}}]))
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines() == [
        "Previewing update (dev)",
        f"    + create    {ITEM}  bad  **failed**",
        "",
        f"error: {ITEM} resource 'bad': property size has a problem: must be at least 0",
        "",
        "Resources: 1 failed",
    ]
    assert "4321" not in out


def test_cli_outputs_resources_shows_secrets_as_placeholder_and_no_provider(ws, capsys):
    spec = [{"name": "a", "props": {"token": "tok-90ab"}, "secret": ["token"]}]
    assert main(_args("up", ws, spec)) == 0
    capsys.readouterr()
    assert main(["outputs", "--resources", "--stack", "dev", "--state-dir", str(ws.state_dir)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {
        f"urn:pulumi:dev::le-fixture::{ITEM}::a": {
            "type": ITEM,
            "name": "a",
            "id": "item-1",
            "inputs": {"label": "a", "token": "[secret]"},
            "outputs": {
                "label": "a",
                "token": "[secret]",
                "remote_id": "item-1",
                "generation": 1.0,
            },
        }
    }


@pytest.mark.parametrize("command", ["refresh", "destroy"])
def test_cli_refresh_or_destroy_without_state_is_an_error_and_exits_2(ws, capsys, command):
    code = main(_args(command, ws, []))
    assert (code, capsys.readouterr().err) == (
        2,
        f"error: no state for stack 'dev' in {ws.state_dir}: give the --state-dir of its up\n",
    )
    assert ws.calls() == []


@pytest.mark.parametrize("command", ["preview", "up", "refresh", "destroy", "outputs"])
def test_cli_state_file_of_another_shape_exits_2_naming_file_and_problem_and_changes_nothing(
    ws, capsys, command
):
    ws.state_dir.mkdir()
    ws.state_path.write_text(
        '{"version": 1, "resources": {"urn:a": {"name": "a", "custom": true, "id": "a-1"}}}'
    )
    before = ws.state_path.read_bytes()
    if command == "outputs":
        code = main([command, "--stack", "dev", "--state-dir", str(ws.state_dir)])
    else:
        code = main(_args(command, ws, []))
    assert (code, capsys.readouterr().err) == (
        2,
        f'error: {ws.state_path}: not a state file of this local engine:\n  $.resources["urn:a"].type: is missing\n',
    )
    assert ws.state_path.read_bytes() == before and ws.calls() == []
    assert sorted(os.listdir(ws.state_dir)) == ["dev.json"]


def test_cli_state_file_of_an_array_exits_2_without_traceback(ws):
    ws.state_dir.mkdir()
    ws.state_path.write_text("[]")
    done = subprocess.run(
        [sys.executable, "-m", "localengine", *_args("destroy", ws, [])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"error: {ws.state_path}: not a state file of this local engine:\n"
        "  $: the state must be a JSON object, not an array\n",
    )


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    [subparsers] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert all(choice.help for choice in subparsers._choices_actions)
    return dict(subparsers.choices)


def test_cli_help_describes_every_option_of_every_command():
    commands = _commands()
    assert sorted(commands) == ["destroy", "outputs", "preview", "refresh", "up"]
    for name, sub in commands.items():
        for action in sub._actions:
            assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)
        text = sub.format_help()
        for section in ("exit status:", "paths:", "config:", "environment:", "AWS_REGION"):
            assert section in text, (name, section)


def test_cli_help_names_the_defaults():
    text = _commands()["up"].format_help()
    assert "(default: 8)" in text and "(default: the current directory)" in text


def test_cli_help_runs_as_a_command_and_exits_0():
    done = subprocess.run(
        [sys.executable, "-m", "localengine", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert "outputs" in done.stdout and "2  usage or setup error" in done.stdout


def test_cli_setup_error_exits_2(tmp_path, capsys):
    code = main(
        ["up", "--cwd", str(tmp_path), "--stack", "dev", "--state-dir", str(tmp_path / "s")]
    )
    assert code == 2
    assert capsys.readouterr().err == f"error: {tmp_path}: no Pulumi.yaml\n"


def test_display_renders_every_op_and_counts():
    steps = [
        Step("u1", "t:m:A", "a", "create"),
        Step("u2", "t:m:A", "b", "update"),
        Step("u3", "t:m:Long", "c", "replace"),
        Step("u4", "t:m:A", "d", "delete"),
        Step("u5", "t:m:A", "e", "same"),
        Step("u6", "t:m:A", "f", "create", ok=False, error="RuntimeError: no"),
    ]
    summary = Summary(
        "up", "dev", steps, [CheckFailureReport("t:m:A", "g", "p", "must be set")], ["late"]
    )
    assert render(summary) == [
        "Updating (dev)",
        "    + create    t:m:A     a",
        "    ~ update    t:m:A     b",
        "    +- replace  t:m:Long  c",
        "    - delete    t:m:A     d",
        "      same      t:m:A     e",
        "    + create    t:m:A     f  **failed**",
        "",
        "error: t:m:A resource 'g': property p has a problem: must be set",
        "error: t:m:A resource 'f': create failed: RuntimeError: no",
        "error: late",
        "",
        "Resources: 1 created, 1 updated, 1 replaced, 1 deleted, 1 unchanged, 1 failed",
    ]
