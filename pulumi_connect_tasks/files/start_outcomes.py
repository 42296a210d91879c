"""What ``connect-tasks start`` reports: each task's outcome, and the one JSON envelope.

    {"success": true,  "data": {"tasks": [{"file", "id", "created_at"}, ...]}}
    {"success": false, "error": {"code", "message", "details"?}, "data": {"tasks": [...]}}

``data.tasks`` lists the tasks that started, in file order, also beside a failure (maybe
none). A detail names a file, an error code and a message; never a task's name,
description or attribute values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LINKED_TASK_NOT_STARTED",
    "NAME_NOT_RESOLVED",
    "Started",
    "Failed",
    "failure_envelope",
    "success_envelope",
    "failure_details",
]

NAME_NOT_RESOLVED = "NameNotResolved"
"""The code of a task whose target name matches no item, or several, of its instance."""
LINKED_TASK_NOT_STARTED = "LinkedTaskNotStarted"
"""The code of a task not started because the task it names (PreviousTask, RelatedTask) did not start."""


@dataclass(frozen=True)
class Started:
    file: str
    id: str
    created_at: str
    """The task's InitiationTimestamp, RFC 3339 UTC."""


@dataclass(frozen=True)
class Failed:
    file: str
    code: str
    """The AWS error code (or the botocore error's name)."""
    message: str
    """The AwsCallError's line: the operation, the code and what to do; never a task's values."""


def failure_envelope(
    code: str, message: str, details: list[dict] | None = None, started: Sequence[Started] = ()
) -> dict[str, Any]:
    """start's failure envelope: the error, and ``data.tasks`` (what did start, maybe none)."""
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"success": False, "error": error, "data": _data(started)}


def success_envelope(started: Sequence[Started]) -> dict[str, Any]:
    """start's envelope when every task started."""
    return {"success": True, "data": _data(started)}


def failure_details(failed: Sequence[Failed]) -> list[dict]:
    """Each failure as a detail of the envelope: its file, code and message."""
    return [{"file": f.file, "code": f.code, "message": f.message} for f in failed]


def _data(started: Sequence[Started]) -> dict[str, Any]:
    return {"tasks": [{"file": s.file, "id": s.id, "created_at": s.created_at} for s in started]}
