"""The stack's exports: recorded by up with their secrets, printed by ``outputs``."""

from __future__ import annotations

import json

import pytest

from localengine.__main__ import main
from localengine.secret import Secret
from tests.localengine.le_helpers import PROGRAM_DIR, item_urn

pytestmark = pytest.mark.slow

TOKEN = "tok-6d0f1a"
A = {
    "name": "a",
    "props": {"token": TOKEN, "value": 1},
    "secret": ["token"],
    "export": ["remote_id", "token", "value"],
}


def _outputs(ws, *extra: str) -> list[str]:
    return ["outputs", "--stack", "dev", "--state-dir", str(ws.state_dir), *extra]


def test_up_records_the_exports_with_each_secret_encrypted(ws):
    assert ws.engine([A]).up().ok
    assert ws.loaded().outputs == {"a": {"remote_id": "item-1", "token": Secret(TOKEN), "value": 1}}
    text = ws.state_path.read_text()
    assert TOKEN not in text
    assert ws.state()["outputs"]["a"]["token"].keys() == {
        "4dabf18193072939515e22adb298388d",
        "ciphertext",
    }


def test_preview_leaves_the_exports_of_the_last_up(ws):
    ws.engine([A]).up()
    ws.engine([{**A, "export": ["remote_id"]}]).preview()
    assert ws.loaded().outputs["a"].keys() == {"remote_id", "token", "value"}


def test_up_replaces_the_exports_and_drops_those_no_longer_made(ws):
    ws.engine([A, {"name": "b", "props": {}, "export": ["label"]}]).up()
    ws.engine([{**A, "export": ["remote_id"]}]).up()
    state = ws.loaded()
    assert state.outputs == {
        "a": {"remote_id": state.resources[item_urn("a")].id}
    }  # a and b start together


def test_failed_up_keeps_the_exports_of_the_last_up(ws):
    ws.engine([A]).up()
    summary = ws.engine([A, {"name": "f", "props": {"fail": True}, "export": ["remote_id"]}]).up()
    assert not summary.ok
    assert ws.loaded().outputs == {"a": {"remote_id": "item-1", "token": Secret(TOKEN), "value": 1}}


def test_destroy_forgets_the_exports_once_nothing_is_left(ws):
    ws.engine([A]).up()
    assert ws.engine([A]).destroy().ok
    assert ws.loaded().outputs == {}


def test_cli_outputs_prints_the_exports_with_secrets_hidden(ws, capsys):
    ws.engine([A], bucket="bkt").up()
    assert main(_outputs(ws)) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == {
        "a": {"remote_id": "item-1", "token": "[secret]", "value": 1},
        "bucket_arn": "arn:aws:s3:us-east-1:123456789012:bucket/bkt",
    }
    assert TOKEN not in out


def test_cli_outputs_show_secrets_prints_them_in_clear(ws, capsys):
    ws.engine([A]).up()
    assert main(_outputs(ws, "--show-secrets")) == 0
    assert json.loads(capsys.readouterr().out) == {
        "a": {"remote_id": "item-1", "token": TOKEN, "value": 1}
    }


def test_cli_outputs_name_prints_one_value_a_string_as_it_is(ws, capsys):
    ws.engine([A], bucket="bkt").up()
    assert main(_outputs(ws, "bucket_arn")) == 0
    assert capsys.readouterr().out == "arn:aws:s3:us-east-1:123456789012:bucket/bkt\n"
    assert main(_outputs(ws, "a")) == 0
    assert json.loads(capsys.readouterr().out) == {
        "remote_id": "item-1",
        "token": "[secret]",
        "value": 1,
    }


def test_cli_outputs_unknown_name_exits_1_and_lists_the_names(ws, capsys):
    ws.engine([A]).up()
    assert main(_outputs(ws, "nope")) == 1
    assert capsys.readouterr().err == "error: stack 'dev' has no output 'nope' (its outputs: a)\n"


def test_cli_outputs_without_state_exits_2(ws, capsys):
    assert main(_outputs(ws)) == 2
    assert capsys.readouterr().err == f"error: no state for stack 'dev' in {ws.state_dir}\n"


def test_cli_outputs_show_secrets_without_the_key_exits_2(ws, capsys):
    ws.engine([A]).up()
    (ws.state_dir / ".key").unlink()
    assert main(_outputs(ws)) == 0  # hidden secrets need no key
    capsys.readouterr()
    assert main(_outputs(ws, "--show-secrets")) == 2
    assert capsys.readouterr().err == f"error: the state key {ws.state_dir / '.key'} is missing\n"


def test_cli_outputs_name_and_resources_together_is_a_usage_error(ws, capsys):
    with pytest.raises(SystemExit) as caught:
        main(_outputs(ws, "a", "--resources"))
    assert caught.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_cli_up_from_a_program_without_exports_records_none(ws, capsys):
    assert (
        main(
            [
                "up",
                "--cwd",
                str(PROGRAM_DIR),
                "--stack",
                "dev",
                "--state-dir",
                str(ws.state_dir),
                "--config",
                f"records={ws.records_path}",
                "--config",
                "spec=[]",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(_outputs(ws)) == 0
    assert capsys.readouterr().out == "{}\n"
