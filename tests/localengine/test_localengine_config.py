"""Pulumi.<stack>.yaml: plain values are the stack's config; a secure value is refused."""

from __future__ import annotations

import json

import pytest

from localengine.__main__ import main
from tests.localengine.le_helpers import PROGRAM_DIR, copy_program

pytestmark = pytest.mark.slow

CIPHERTEXT = "v1:9gWq1kT2cUh0mSx3:Zp4yQbR7e1XcVt8hJkLm2Nw5"


def test_stack_file_plain_values_are_used_without_config_flags(tmp_path, capsys):
    program = copy_program(PROGRAM_DIR, tmp_path / "program")
    records = tmp_path / "records.json"
    spec = [{"name": "a", "props": {"value": 1}}]
    (program / "Pulumi.dev.yaml").write_text(
        "config:\n"
        f"  records: {records}\n"  # no namespace: the project's
        f"  le-fixture:spec: '{json.dumps(spec)}'\n"
        "  le-fixture:bucket: bkt\n"
        "  le-fixture:greeting: hello from the stack file\n"
        "  aws:region: eu-west-2\n"
    )
    code = main(
        ["up", "--cwd", str(program), "--stack", "dev", "--state-dir", str(tmp_path / "state")]
    )
    assert (code, capsys.readouterr().out.splitlines()[-1]) == (0, "Resources: 2 created")
    assert list(json.loads(records.read_text())["items"]) == ["item-1"]
    assert (
        main(["outputs", "--stack", "dev", "--state-dir", str(tmp_path / "state"), "bucket_arn"])
        == 0
    )
    assert capsys.readouterr().out == "arn:aws:s3:eu-west-2:123456789012:bucket/bkt\n"


@pytest.mark.parametrize("command", ["preview", "up"])
def test_stack_file_secure_value_is_refused_before_anything_runs(tmp_path, capsys, command):
    program = copy_program(PROGRAM_DIR, tmp_path / "program")
    records = tmp_path / "records.json"
    (program / "Pulumi.dev.yaml").write_text(
        f"config:\n  le-fixture:records: {records}\n  le-fixture:spec:\n    secure: {CIPHERTEXT}\n"
    )
    state_dir = tmp_path / "state"
    code = main([command, "--cwd", str(program), "--stack", "dev", "--state-dir", str(state_dir)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (
        f"error: {program.resolve() / 'Pulumi.dev.yaml'}: the local engine cannot decrypt secure config values "
        "(le-fixture:spec): it has no Pulumi secrets provider. Pass each value on the command line "
        "(--config le-fixture:spec=VALUE), or write it as plain text in a Pulumi.dev.yaml that stays on "
        "this machine\n"
    )
    assert CIPHERTEXT not in err and CIPHERTEXT.split(":")[-1] not in err
    assert not records.exists() and not state_dir.exists()


def test_stack_file_secure_value_given_with_config_runs(tmp_path, capsys):
    program = copy_program(PROGRAM_DIR, tmp_path / "program")
    records = tmp_path / "records.json"
    (program / "Pulumi.dev.yaml").write_text(
        f"config:\n  le-fixture:records: {records}\n  le-fixture:spec:\n    secure: {CIPHERTEXT}\n"
    )
    spec = json.dumps([{"name": "a", "props": {}}])
    code = main(
        [
            "up",
            "--cwd",
            str(program),
            "--stack",
            "dev",
            "--state-dir",
            str(tmp_path / "state"),
            "--config",
            f"spec={spec}",
        ]
    )
    assert (code, capsys.readouterr().out.splitlines()[-1]) == (0, "Resources: 1 created")
