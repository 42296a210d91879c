"""ConnectTask's Check: normalise the inputs and list every violated rule.

The rules themselves live in :mod:`pulumi_connect_tasks.task.validation` (shared with anything
else that validates a task); this module only adds what is particular to the resource:
its extra inputs, unknown values during preview, and the scheduled time of a task that
already exists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..common.inputs import given_inputs, resource_input_failures
from ..common.unknown import is_unknown, mark_unknowns
from .contact import ADOPT_KEY, INPUT_KEYS, OUTPUT_KEYS
from .requests import REQUEST_FIELDS, property_path, to_request
from .schedule import resolve_scheduled_time
from .validation import validate_start_task_contact

# is_unknown and mark_unknowns live in common/unknown.py; importable here as before.
__all__ = ["check_inputs", "is_unknown", "mark_unknowns"]


def _extra_input_failures(inputs: dict[str, Any]) -> list[tuple[str, str]]:
    failures = resource_input_failures(inputs, INPUT_KEYS, "ConnectTask")
    stop = inputs.get("stop_on_delete")
    if stop is not None and not is_unknown(stop) and not isinstance(stop, bool):
        failures.append(("stop_on_delete", "must be true or false"))
    adopt = inputs.get(ADOPT_KEY)
    if (
        adopt is not None
        and not is_unknown(adopt)
        and (not isinstance(adopt, str) or not 1 <= len(adopt) <= 256)
    ):
        failures.append((ADOPT_KEY, "must be a contact id: a string of 1 to 256 characters"))
    return failures


def check_inputs(
    olds: dict[str, Any], news: dict[str, Any], *, now: datetime
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The checked inputs and every failure as ``(property path, reason)``.

    ``olds`` are the inputs of the existing task ({} for a new one). An unchanged
    scheduled time of an existing task is not checked against the clock: a task whose
    time has passed is not invalid.
    """
    inputs = given_inputs(news, OUTPUT_KEYS)
    failures = _extra_input_failures(inputs)
    request = to_request({k: mark_unknowns(v) for k, v in inputs.items() if k in REQUEST_FIELDS})
    scheduled = inputs.get("scheduled_time")
    if scheduled is not None and not is_unknown(scheduled):
        request.pop("ScheduledTime", None)
        if not (olds and olds.get("scheduled_time") == scheduled):
            try:
                request["ScheduledTime"] = resolve_scheduled_time(scheduled, now=now)
            except ValueError as error:
                failures.append(("scheduled_time", str(error)))
        if inputs.get(ADOPT_KEY) is not None:
            # An adopted task's time may have passed: task/adopt.py compares it with the task's own.
            request.pop("ScheduledTime", None)
    for violation in validate_start_task_contact(request, now=now):
        failures.append((property_path(violation.path), violation.message))
    return inputs, sorted(failures)
