"""Task contacts: their record and lifecycle on the emulator clock.

Lifecycle (times are epoch seconds on the task clock):

    scheduled ──(ScheduledTimestamp reached)──> queued ──> ended
        └───────────────(StopContact / expiry)──────────────┘

A contact is *settled* lazily: ``settle(now)`` applies whatever happened
between the last look and ``now`` (enqueue at the scheduled time, expiry), in
time order, and is idempotent. Expiry is 7 days after initiation, or the
``connect:ContactExpiry`` segment attribute in minutes. The rules AWS applies
to a contact's values are in values.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .values import expiry_minutes

__all__ = ["ACCOUNT_ID", "Contact", "TASK_LIFETIME_SECONDS"]

ACCOUNT_ID = "123456789012"
TASK_LIFETIME_SECONDS = 7 * 24 * 3600


@dataclass
class Contact:
    """One task contact as the emulator stores it (JSON-serialisable with ``to_json``)."""

    id: str
    arn: str
    region: str
    instance_id: str
    name: str
    initiation: float
    initial_id: str
    last_update: float
    description: str | None = None
    previous_id: str | None = None
    related_id: str | None = None
    contact_flow_id: str | None = None
    quick_connect_id: str | None = None
    task_template_id: str | None = None
    task_template_name: str | None = None
    queue_id: str | None = None
    scheduled: float | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    references: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachments: list[dict[str, str]] = field(default_factory=list)
    segment_attributes: dict[str, Any] = field(default_factory=dict)
    client_token: str | None = None
    enqueued: float | None = None
    disconnected: float | None = None
    disconnect_reason: str | None = None

    def expiry(self) -> float:
        """When the task expires unless stopped first."""
        minutes = expiry_minutes(self.segment_attributes)
        if minutes is None:
            return self.initiation + TASK_LIFETIME_SECONDS
        return self.initiation + minutes * 60.0

    def settle(self, now: float) -> None:
        """Apply enqueue and expiry that are due at ``now``, in time order."""
        expiry = self.expiry()
        if self.enqueued is None:
            enqueue_at = self.scheduled if self.scheduled is not None else self.initiation
            ended_first = self.disconnected is not None and self.disconnected <= enqueue_at
            if enqueue_at <= now and enqueue_at < expiry and not ended_first:
                self.enqueued = enqueue_at
                self.last_update = max(self.last_update, enqueue_at)
        if self.disconnected is None and now >= expiry:
            self.disconnected = expiry
            self.disconnect_reason = "EXPIRED"
            self.last_update = max(self.last_update, expiry)

    def state(self, now: float) -> str:
        """ "scheduled", "queued" or "ended" (settles first)."""
        self.settle(now)
        if self.disconnected is not None:
            return "ended"
        if self.enqueued is None:
            return "scheduled"
        return "queued"

    def stop(self, now: float, reason: str) -> None:
        """End the contact now with ``reason``; the caller checks it had not ended."""
        self.disconnected = now
        self.disconnect_reason = reason
        self.last_update = now

    def describe(self) -> dict[str, Any]:
        """The ``Contact`` member of DescribeContact for a task (absent members omitted)."""
        data: dict[str, Any] = {
            "Arn": self.arn,
            "Id": self.id,
            "InitialContactId": self.initial_id,
            "PreviousContactId": self.previous_id,
            "RelatedContactId": self.related_id,
            "InitiationMethod": "API",
            "Channel": "TASK",
            "Name": self.name,
            "Description": self.description,
            "InitiationTimestamp": self.initiation,
            "ScheduledTimestamp": self.scheduled,
            "LastUpdateTimestamp": self.last_update,
            "DisconnectTimestamp": self.disconnected,
            "DisconnectReason": self.disconnect_reason,
            "SegmentAttributes": self.segment_attributes or None,
            "Attributes": self.attributes or None,
        }
        if self.enqueued is not None:
            queue: dict[str, Any] = {"EnqueueTimestamp": self.enqueued}
            if self.queue_id:
                queue["Id"] = self.queue_id
            data["QueueInfo"] = queue
        if self.task_template_id:
            instance = self.arn.rsplit("/contact/", 1)[0]
            info = {
                "Arn": f"{instance}/task-template/{self.task_template_id}",
                "Name": self.task_template_name,
            }
            data["TaskTemplateInfo"] = {
                key: value for key, value in info.items() if value is not None
            }
        return {key: value for key, value in data.items() if value is not None}

    def to_json(self) -> dict[str, Any]:
        """Every stored field, for persistence and the inspection surface."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Contact:
        """The inverse of ``to_json``."""
        return cls(**data)
