"""What a recurring task's schedule sends, and what its role may do: plain data, no Pulumi.

EventBridge Scheduler's universal target for StartTaskContact is :data:`UNIVERSAL_TARGET`.
Its documented rules (no run against AWS stands behind them; README says so):

- the schedule's ``Input`` is the operation's request as JSON, member names as in the API
  (``InstanceId``, ``ContactFlowId``, ...): :func:`schedule_input` writes the request
  ConnectTask would send (DATE references in epoch form), with ids only, since Scheduler
  resolves no names;
- Scheduler replaces the context attribute :data:`SCHEDULED_TIME` anywhere in the Input
  with the run's scheduled time (``2026-12-14T09:00:00Z``), the same for every retry of
  that run. :func:`run_client_token` puts it in the ClientToken, after the schedule's
  group and name: Scheduler's retries of one run get the task that run started, and the
  next run starts another;
- Scheduler calls the operation with the schedule's execution role: :func:`trust_policy`
  lets only ``scheduler.amazonaws.com`` assume it, for this account
  (``aws:SourceAccount``); :func:`start_task_policy` allows ``connect:StartTaskContact``
  on the instance's contacts and on the one flow, quick connect or template the task
  names (the IAM of StartTaskContact, docs/aws.md), and ``sqs:SendMessage`` on the
  dead-letter queue when there is one.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ..task.requests import sendable, to_request

__all__ = [
    "UNIVERSAL_TARGET",
    "SCHEDULED_TIME",
    "INPUT_LIMIT",
    "TARGET_RESOURCES",
    "run_client_token",
    "schedule_input",
    "replace_context",
    "trust_policy",
    "start_task_policy",
    "default_schedule_name",
]

UNIVERSAL_TARGET = "arn:aws:scheduler:::aws-sdk:connect:startTaskContact"
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"
INPUT_LIMIT = 256 * 1024
"""botocore's ``scheduler`` model: "The maximum size of the Input field is 256 KB"."""

TARGET_RESOURCES = {
    "contact_flow_id": "contact-flow",
    "quick_connect_id": "transfer-destination",
    "task_template_id": "task-template",
}
"""Each target id input -> its kind in a Connect ARN (``instance/I/<kind>/<id>``)."""

_NAME_CHARACTERS = re.compile(r"[^0-9a-zA-Z._-]+")
_NAME_LIMIT = 64  # botocore: a schedule's Name is 1 to 64 of [0-9a-zA-Z-_.]


def run_client_token(group: str, schedule_name: str) -> str:
    """The ClientToken of every run of the schedule ``group/schedule_name``: one per
    scheduled time. At most 64 + 64 + 31 characters, within StartTaskContact's 500."""
    return f"{group}/{schedule_name}/{SCHEDULED_TIME}"


def schedule_input(task_inputs: dict[str, Any], client_token: str) -> str:
    """The schedule's Input: the StartTaskContact request of ``task_inputs`` (ConnectTask's
    snake_case inputs, targets by id) with ``client_token``, as JSON.

    Keys are sorted so the same task always gives the same text (no spurious diff). A
    target still given by name is a ValueError: resolve it first.
    """
    request = sendable(to_request(task_inputs))
    request["ClientToken"] = client_token
    return json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def replace_context(text: str, scheduled_time: str) -> str:
    """``text`` as Scheduler delivers it for the run at ``scheduled_time``
    (``2026-12-14T09:00:00Z``): what tests and ``connect-tasks`` use to fire a schedule."""
    return text.replace(SCHEDULED_TIME, scheduled_time)


def trust_policy(account_id: str) -> str:
    """The execution role's trust policy: Scheduler, for schedules of ``account_id`` only."""
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "scheduler.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def start_task_policy(
    *,
    partition: str,
    region: str,
    account_id: str,
    instance_id: str,
    target: tuple[str, str],
    dead_letter_arn: str | None = None,
) -> str:
    """The execution role's policy: StartTaskContact in ``instance_id`` with ``target``
    (a TARGET_RESOURCES key and the id), and SendMessage to the dead-letter queue."""
    key, target_id = target
    instance = f"arn:{partition}:connect:{region}:{account_id}:instance/{instance_id}"
    statements: list[dict[str, Any]] = [
        {
            "Sid": "StartTheTask",
            "Effect": "Allow",
            "Action": "connect:StartTaskContact",
            "Resource": [
                f"{instance}/contact/*",
                f"{instance}/{TARGET_RESOURCES[key]}/{target_id}",
            ],
        }
    ]
    if dead_letter_arn is not None:
        statements.append(
            {
                "Sid": "DeliverFailedRuns",
                "Effect": "Allow",
                "Action": "sqs:SendMessage",
                "Resource": dead_letter_arn,
            }
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def default_schedule_name(project: str, stack: str, resource_name: str) -> str:
    """``<project>-<stack>-<resource name>`` as a schedule name: characters Scheduler does
    not take become ``-``; a name over 64 characters keeps its start and a hash of the whole,
    so two long names stay apart."""
    name = _NAME_CHARACTERS.sub("-", f"{project}-{stack}-{resource_name}")
    if len(name) <= _NAME_LIMIT:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:10]
    return f"{name[: _NAME_LIMIT - len(digest) - 1]}-{digest}"
