"""ConnectTask's Check: normalise the inputs and list every violated rule.

The rules themselves live in :mod:`pulumi_connect_tasks.task.validation` (shared with anything
else that validates a task); this module only adds what is particular to the resource:
its extra inputs, unknown values during preview, and the scheduled time of a task that
already exists.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN as RPC_UNKNOWN

from .contact import INPUT_KEYS, OUTPUT_KEYS
from .requests import REQUEST_FIELDS, property_path, to_request
from .schedule import resolve_scheduled_time
from .validation import UNKNOWN, validate_start_task_contact

__all__ = ["check_inputs", "is_unknown", "mark_unknowns"]

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def is_unknown(value: Any) -> bool:
    """True for a value Pulumi does not know yet (preview of a resource not created)."""
    return isinstance(value, Unknown) or value == RPC_UNKNOWN


def mark_unknowns(value: Any) -> Any:
    """``value`` with Pulumi's unknowns replaced by validation.UNKNOWN, at any depth."""
    if is_unknown(value):
        return UNKNOWN
    if isinstance(value, dict):
        return {k: mark_unknowns(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mark_unknowns(v) for v in value]
    return value


def _extra_input_failures(inputs: dict[str, Any]) -> list[tuple[str, str]]:
    failures = [
        (k, "is not an input of ConnectTask") for k in sorted(inputs) if k not in INPUT_KEYS
    ]
    region = inputs.get("region")
    if region is not None and not is_unknown(region):
        if not isinstance(region, str) or not _REGION.match(region):
            failures.append(("region", "must be an AWS Region name such as us-east-1"))
    stop = inputs.get("stop_on_delete")
    if stop is not None and not is_unknown(stop) and not isinstance(stop, bool):
        failures.append(("stop_on_delete", "must be true or false"))
    key = inputs.get("idempotency_key")
    if key is None:
        failures.append(
            (
                "idempotency_key",
                "is required (ConnectTask sets it from the project, stack and resource name)",
            )
        )
    elif not is_unknown(key) and (not isinstance(key, str) or not 1 <= len(key) <= 1024):
        failures.append(("idempotency_key", "must be a string of 1 to 1024 characters"))
    adopt = inputs.get("adopt_contact_id")
    if (
        adopt is not None
        and not is_unknown(adopt)
        and (not isinstance(adopt, str) or not 1 <= len(adopt) <= 256)
    ):
        failures.append(
            ("adopt_contact_id", "must be a contact id: a string of 1 to 256 characters")
        )
    return failures


def check_inputs(
    olds: dict[str, Any], news: dict[str, Any], *, now: datetime
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The checked inputs and every failure as ``(property path, reason)``.

    ``olds`` are the inputs of the existing task ({} for a new one). An unchanged
    scheduled time of an existing task is not checked against the clock: a task whose
    time has passed is not invalid.
    """
    inputs = {
        k: v
        for k, v in news.items()
        if k != "__provider" and k not in OUTPUT_KEYS and v is not None
    }
    instance_id = inputs.get("instance_id")
    if isinstance(instance_id, str) and not is_unknown(instance_id):
        inputs["instance_id"] = to_request({"instance_id": instance_id})["InstanceId"]

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
        if inputs.get("adopt_contact_id") is not None:
            # An adopted task's time may have passed: task/adopt.py compares it with the task's own.
            request.pop("ScheduledTime", None)
    for violation in validate_start_task_contact(request, now=now):
        failures.append((property_path(violation.path), violation.message))
    return inputs, sorted(failures)
