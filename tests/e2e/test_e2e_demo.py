"""`make demo` end to end: the example stack through the local engine and the emulator."""

import json
from pathlib import Path

import pytest

import demo

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def test_demo_seeds_once_reruns_as_a_no_op_and_destroy_stops_the_tasks(tmp_path, capsys):
    assert demo.run("up", tmp_path, REPO) == 0
    first = capsys.readouterr().out
    # Three one-off tasks from tasks/, the weekly review's component, schedule, role and
    # policy, and their TaskSet.
    assert "Resources: 8 to create" in first
    assert "Resources: 8 created" in first
    assert first.count("Resources: 8 unchanged") == 2  # the second up and the refresh
    table = first[first.index("TASK ") :].splitlines()
    assert [line.split()[0] for line in table[1:4]] == [
        "seed-holiday-hours-review",
        "seed-onboarding-checklist",
        "seed-verify-queue-routing",
    ]
    assert [line.split()[2] for line in table[1:4]] == ["SCHEDULED", "QUEUED", "SCHEDULED"]
    schedules = first[first.index("SCHEDULE ") :].splitlines()
    assert schedules[1].split() == [
        "connect-tasks-demo-seed-weekly-access-review",
        "cron(0",
        "9",
        "?",
        "*",
        "MON",
        "*)",
        "Europe/London",
        "default/connect-tasks-demo-seed-weekly-access-review/<aws.scheduler.scheduled-time>",
    ]

    assert demo.run("up", tmp_path, REPO) == 0
    again = capsys.readouterr().out
    assert "Prepared instance" not in again
    assert again.count("Resources: 8 unchanged") == 4
    assert table[1:4] == again[again.index("TASK ") :].splitlines()[1:4]

    assert demo.run("destroy", tmp_path, REPO) == 0
    assert "Resources: 8 deleted" in capsys.readouterr().out
    saved = json.loads((tmp_path / "emulator.json").read_text())["contacts"]
    assert len(saved) == 3  # the schedule never ran: the emulator is not EventBridge Scheduler
    assert all(c["disconnected"] and c["disconnect_reason"] == "API" for c in saved)
