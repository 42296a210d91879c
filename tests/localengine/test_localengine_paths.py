"""Relative paths mean the caller's folder, though the program runs in its own."""

from __future__ import annotations

import json
import os

import pytest

from localengine.engine import Engine
from tests.localengine.le_helpers import PROGRAM_DIR, copy_program, run_cli

pytestmark = pytest.mark.slow


def test_cli_relative_cwd_and_state_dir_from_another_folder_keep_one_state(tmp_path):
    work = tmp_path / "work"
    copy_program(PROGRAM_DIR, work / "stack")
    records = tmp_path / "records.json"
    spec = json.dumps([{"name": "a", "props": {"value": 1}}])
    args = [
        "--cwd",
        "stack",
        "--stack",
        "dev",
        "--state-dir",
        ".state",
        "--config",
        f"records={records}",
        "--config",
        f"spec={spec}",
    ]

    up = run_cli(["up", *args], cwd=work)
    assert (up.returncode, up.stdout.splitlines()[-1]) == (0, "Resources: 1 created"), up.stderr
    assert (work / ".state" / "dev.json").exists()
    assert not (work / "stack" / ".state").exists()

    refresh = run_cli(["refresh", *args], cwd=work)
    assert (refresh.returncode, refresh.stdout.splitlines()[-1]) == (0, "Resources: 1 unchanged"), (
        refresh.stderr
    )

    destroy = run_cli(["destroy", *args], cwd=work)
    assert (destroy.returncode, destroy.stdout.splitlines()[-1]) == (0, "Resources: 1 deleted"), (
        destroy.stderr
    )
    assert json.loads(records.read_text())["items"] == {}
    assert json.loads((work / ".state" / "dev.json").read_text())["resources"] == {}


def test_engine_takes_relative_paths_and_pythonpath_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(["lib", "", "/opt/shared"]))
    engine = Engine(os.path.relpath(PROGRAM_DIR, tmp_path), "dev", "state")
    assert engine.program_dir == PROGRAM_DIR.resolve()
    assert engine.store.path == tmp_path.resolve() / "state" / "dev.json"
    assert engine.env["PYTHONPATH"] == os.pathsep.join([str(tmp_path / "lib"), "/opt/shared"])
