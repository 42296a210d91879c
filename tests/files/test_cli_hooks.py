"""The pre-commit hook this repository offers runs ``connect-tasks validate`` on tasks/."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pulumi_connect_tasks.files.cli import main

REPO = Path(__file__).resolve().parents[2]


def hooks() -> list[dict]:
    return yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_hooks_offer_connect_tasks_validate():
    assert [(h["id"], h["entry"], h["language"]) for h in hooks()] == [
        ("connect-tasks-validate", "connect-tasks validate", "python"),
    ]


def test_hook_files_pattern_matches_definitions_under_tasks():
    pattern = re.compile(hooks()[0]["files"])
    matched = [
        path
        for path in (
            "tasks/a.yaml",
            "tasks/a.yml",
            "tasks/a.json",
            "tasks/team/b.yaml",
            "tasks/README.md",
            "other/a.yaml",
            "tasks.yaml",
            "Pulumi.yaml",
        )
        if pattern.search(path)
    ]
    assert matched == ["tasks/a.yaml", "tasks/a.yml", "tasks/a.json", "tasks/team/b.yaml"]


def test_hook_entry_accepts_the_file_names_pre_commit_passes(capsys):
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "tasks").iterdir())
    command = hooks()[0]["entry"].split()
    assert command[0] == "connect-tasks"
    assert main(command[1:] + files) == 0
    assert capsys.readouterr().out == f"ok: {len(files)} files valid\n"
