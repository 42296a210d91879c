"""Benchmark 5: definitions per second, the project's validator against check-jsonschema.

Both run as whole commands on the same generated files and the same schema
(``schemas/start_task_contact.schema.json``), interleaved, each several times; the median
counts. check-jsonschema gets ``--regex-variant python`` so that its patterns mean what
they mean to the project's validator (jsonschema with Python's ``re``). Its per-file rate
is also given net of start-up: (time for all files - time for one file) / (files - 1).

The project's command is ``connect-tasks validate`` (``pulumi_connect_tasks.files.cli.main``), started
as its console script would start it.
"""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pulumi_connect_tasks.task.validation import SCHEMA_DIR, START_TASK_CONTACT_SCHEMA

__all__ = ["CommandTiming", "ValidationSpeed", "generate_definitions", "validation_speed"]

SCHEMA = SCHEMA_DIR / START_TASK_CONTACT_SCHEMA
_RUN_CLI = (
    "import sys; from pulumi_connect_tasks.files.cli import main; sys.exit(main(sys.argv[1:]))"
)
# One file in this many breaks a rule, in one of these ways (schema rules that definition
# files share with StartTaskContact requests, so both tools must find the same files).
_INVALID_EVERY = 10
_BREAKAGES = (
    lambda r: r.update(Name="n" * 1025),
    lambda r: r.update(Unknown="member"),
    lambda r: r.update(References={"x": {"Type": "NOPE", "Value": "v"}}),
    lambda r: r.update(Attributes={"index": 5}),
    lambda r: r.update(Attachments=[]),
)


def generate_definitions(directory: Path, count: int, now: datetime) -> list[Path]:
    """``count`` StartTaskContact requests as JSON files; every tenth one invalid."""
    directory.mkdir(parents=True, exist_ok=True)
    when = (now + timedelta(days=1)).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    paths = []
    for i in range(count):
        request: dict[str, Any] = {
            "InstanceId": "11111111-2222-3333-4444-555555555555",
            "ContactFlowId": "66666666-7777-8888-9999-000000000000",
            "Name": f"Review access {i}",
            "Description": "Compare security profiles with the HR roster and remove leavers.",
            "Attributes": {"environment": "prod", "index": str(i)},
            "References": {
                "runbook": {"Type": "URL", "Value": f"https://wiki.example.com/runbook/{i}"},
                "owner": {"Type": "EMAIL", "Value": "platform-team@example.com"},
            },
            "ScheduledTime": when,
            "SegmentAttributes": {"connect:ContactExpiry": {"ValueInteger": 1440}},
        }
        if i % _INVALID_EVERY == _INVALID_EVERY - 1:
            _BREAKAGES[(i // _INVALID_EVERY) % len(_BREAKAGES)](request)
        path = directory / f"task-{i:05d}.json"
        path.write_text(json.dumps(request, indent=2))
        paths.append(path)
    return paths


@dataclass
class CommandTiming:
    label: str
    files: int
    runs: list[float] = field(default_factory=list)
    one_file_runs: list[float] = field(default_factory=list)
    exit_status: int = 0
    invalid_files: int = 0

    @property
    def wall(self) -> float:
        return statistics.median(self.runs)

    @property
    def startup(self) -> float:
        return statistics.median(self.one_file_runs)

    @property
    def rate(self) -> float:
        """Files per second, whole command."""
        return self.files / self.wall

    @property
    def net_rate(self) -> float | None:
        """Files per second once started; None when the difference is too small to tell."""
        spent = self.wall - self.startup
        return (self.files - 1) / spent if spent > 0.05 else None


@dataclass
class ValidationSpeed:
    ours: CommandTiming
    theirs: CommandTiming

    @property
    def ratio(self) -> float:
        """check-jsonschema's wall time over ours: at least 1 means ours is as fast."""
        return self.theirs.wall / self.ours.wall


def _invalid_files(output: str) -> int:
    return len(set(re.findall(r"(\S+\.json)::", output)))


def _timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    began = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - began, done


def validation_speed(workdir: Path, count: int = 2000, repeats: int = 5) -> ValidationSpeed:
    if importlib.util.find_spec("check_jsonschema") is None:
        raise RuntimeError(
            "the validation benchmark needs check-jsonschema: pip install check-jsonschema"
        )
    paths = [
        str(p) for p in generate_definitions(workdir / "definitions", count, datetime.now(UTC))
    ]
    ours_prefix = [sys.executable, "-c", _RUN_CLI, "validate"]
    theirs_prefix = [
        sys.executable,
        "-m",
        "check_jsonschema",
        "--regex-variant",
        "python",
        "--schemafile",
        str(SCHEMA),
    ]
    ours = CommandTiming("connect-tasks validate", count)
    theirs = CommandTiming("check-jsonschema", count)
    cwd = Path(__file__).resolve().parents[1]
    for _ in range(repeats):
        for timing, prefix in ((ours, ours_prefix), (theirs, theirs_prefix)):
            seconds, done = _timed(prefix + paths, cwd)
            timing.runs.append(seconds)
            timing.exit_status = done.returncode
            timing.invalid_files = _invalid_files(done.stdout + done.stderr)
            seconds, _ = _timed(prefix + paths[:1], cwd)
            timing.one_file_runs.append(seconds)
    return ValidationSpeed(ours, theirs)
