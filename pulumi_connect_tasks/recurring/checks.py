"""A recurring task's inputs checked as ConnectTask checks a task, plus the schedule's rules.

The task part goes through the same rules and messages as ConnectTask's Check
(:func:`~pulumi_connect_tasks.task.validation.validate_start_task_contact`), so a definition
that would be refused as a one-off task is refused as a recurring one, at preview, before a
schedule exists that fails every run. The schedule part is :mod:`.expressions`' rules.
Values not known yet (UNKNOWN) are skipped. Plain data only: no Pulumi, no AWS call.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..common.unknown import mark_unknowns
from ..task.requests import property_path, to_request
from ..task.validation import validate_start_task_contact
from .expressions import schedule_failures

__all__ = ["TASK_INPUTS", "SCHEDULE_INPUTS", "RECURRING_INPUTS", "check_recurring"]

TASK_INPUTS = (
    "instance_id",
    "contact_flow_id",
    "quick_connect_id",
    "task_template_id",
    "contact_flow_name",
    "quick_connect_name",
    "task_template_name",
    "name",
    "description",
    "references",
    "attributes",
    "segment_attributes",
)
"""The ConnectTask inputs a recurring task takes. Not ``scheduled_time`` (the schedule says
when), ``client_token`` (one per run, :func:`.request.run_client_token`), adoption, links to
another contact (every run would link to the same one) nor ``attachments`` (a pre-signed
URL expires long before the tenth run)."""

SCHEDULE_INPUTS = (
    "schedule_expression",
    "schedule_expression_timezone",
    "start_date",
    "end_date",
    "flexible_time_window_minutes",
    "maximum_event_age_seconds",
    "maximum_retry_attempts",
    "dead_letter_arn",
    "schedule_name",
    "schedule_group",
    "state",
    "schedule_description",
)
"""The schedule's own inputs (:func:`.expressions.schedule_failures`' settings)."""

RECURRING_INPUTS = TASK_INPUTS + SCHEDULE_INPUTS


def check_recurring(inputs: dict[str, Any]) -> list[tuple[str, str]]:
    """Every ``(property path, reason)`` of a recurring task's ``inputs`` (snake_case,
    None for absent, UNKNOWN for not known yet), sorted; [] when it may be declared."""
    failures = [
        (key, "is not an input of RecurringConnectTask")
        for key in inputs
        if key not in RECURRING_INPUTS
    ]
    task = {k: mark_unknowns(v) for k, v in inputs.items() if k in TASK_INPUTS and v is not None}
    failures += [
        (property_path(violation.path), violation.message)
        for violation in validate_start_task_contact(to_request(task), now=datetime.now(UTC))
    ]
    failures += schedule_failures({k: inputs.get(k) for k in SCHEDULE_INPUTS})
    return sorted(failures)
