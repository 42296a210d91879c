"""What the provider records about a live task, and the names of its inputs and outputs."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from ..common.timestamps import to_rfc3339
from .requests import NAME_FIELDS, REQUEST_FIELDS

__all__ = [
    "ADOPT_KEY",
    "INPUT_KEYS",
    "OUTPUT_KEYS",
    "REPLACE_KEYS",
    "CONTACT_FIELDS",
    "task_state",
    "contact_outputs",
    "client_token",
]

ADOPT_KEY = "adopt_contact_id"
"""The input whose contact id create takes instead of starting a task (:mod:`.adopt`)."""
# Inputs beyond StartTaskContact's own members.
EXTRA_INPUTS = ("region", "stop_on_delete", "idempotency_key", ADOPT_KEY)
INPUT_KEYS: tuple[str, ...] = tuple(REQUEST_FIELDS) + EXTRA_INPUTS
OUTPUT_KEYS = ("contact_id", "contact_arn", "created_at", "state", "scheduled_at", "aws_region")

# Inputs the API cannot change on an existing task: a change starts a new task.
REPLACE_KEYS = frozenset(
    {
        "instance_id",
        "contact_flow_id",
        "quick_connect_id",
        "task_template_id",
        "contact_flow_name",
        "quick_connect_name",
        "task_template_name",
        "previous_contact_id",
        "related_contact_id",
        "attachments",
        "region",
        "client_token",
    }
)
# Inputs UpdateContact changes, with their request member names.
CONTACT_FIELDS = {
    "name": "Name",
    "description": "Description",
    "references": "References",
    "segment_attributes": "SegmentAttributes",
}


def task_state(contact: dict, now: datetime) -> str:
    """SCHEDULED, QUEUED, CONNECTED or ENDED, derived from DescribeContact's timestamps.

    DescribeContact has no state field. A task that is neither scheduled in the future nor
    enqueued yet is running its flow on its way to a queue, and counts as QUEUED.
    """
    if contact.get("DisconnectTimestamp"):
        return "ENDED"
    if (contact.get("AgentInfo") or {}).get("ConnectedToAgentTimestamp"):
        return "CONNECTED"
    if (contact.get("QueueInfo") or {}).get("EnqueueTimestamp"):
        return "QUEUED"
    scheduled = contact.get("ScheduledTimestamp")
    if scheduled and scheduled > now:
        return "SCHEDULED"
    return "QUEUED"


def _rfc3339(value: datetime | None) -> str | None:
    return to_rfc3339(value) if value else None


def contact_outputs(contact: dict, now: datetime | None = None) -> dict[str, Any]:
    """The provider's own outputs taken from a DescribeContact Contact."""
    now = now or datetime.now(UTC)
    return {
        "contact_id": contact["Id"],
        "contact_arn": contact.get("Arn"),
        "created_at": _rfc3339(contact.get("InitiationTimestamp")),
        "state": task_state(contact, now),
        "scheduled_at": _rfc3339(contact.get("ScheduledTimestamp")),
    }


def client_token(key: str, inputs: dict[str, Any], generation: int) -> str:
    """The ClientToken of one creation attempt, stable across retries.

    It depends on the resource's stable key, the task definition as written (a relative
    scheduled time stays relative, so a retry an hour later sends the same token) and a
    generation number that moves on only when the task it names has already ended: that
    is a deliberate re-creation, which must start a new task.

    A target given by name counts by the id it resolved to (``inputs`` must hold it): the
    id or the name of one flow gives one token, and tokens from before names existed stay.
    """
    definition = {
        k: inputs.get(k) for k in REQUEST_FIELDS if k != "client_token" and k not in NAME_FIELDS
    }
    definition["region"] = inputs.get("region")
    text = json.dumps(
        [key, definition, generation], sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()
