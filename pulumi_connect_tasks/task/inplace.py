"""Changing a running task in place, and reading back what the stack manages of it.

Update and adoption (:mod:`.lifecycle`, :mod:`.adopt`) apply changes with the same steps:
UpdateContact (name, description, references, segment attributes), then
UpdateContactAttributes, then UpdateContactSchedule, each only when its inputs changed.
Refresh and adoption read the task's attributes and references the same way
(:func:`read_managed`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from ..common import aws
from ..common.errors import ConnectTaskError, PartialFailure
from ..common.timestamps import to_rfc3339
from .changes import changed_part
from .contact import CONTACT_FIELDS, task_state
from .references import sent_value
from .requests import sendable, to_request
from .schedule import resolve_scheduled_time

__all__ = ["apply_in_place", "read_managed"]


def apply_in_place(
    client: Any,
    instance_id: str,
    id_: str,
    olds: dict[str, Any],
    news: dict[str, Any],
    *,
    changed: Collection[str],
    now: datetime,
    then: str,
) -> dict[str, Any]:
    """Make the task's in-place inputs what ``news`` says where they differ from ``olds``
    (``changed``: :func:`.changes.changed_keys` of the two); returns the outputs this
    changes. If a call fails after others succeeded, PartialFailure lists what was
    applied, then ``then``."""
    outs: dict[str, Any] = {}
    applied: list[str] = []
    try:
        contact_changes = {
            member: to_request({k: changed_part(k, olds.get(k), news.get(k))}).get(
                member, "" if k == "description" else None
            )
            for k, member in CONTACT_FIELDS.items()
            if k in changed
        }
        contact_changes = {m: v for m, v in contact_changes.items() if v is not None}
        if contact_changes:
            aws.update_contact(client, instance_id, id_, sendable(contact_changes))
            applied.append(f"UpdateContact ({', '.join(sorted(contact_changes))})")
        if "attributes" in changed:
            new_attrs = dict(news.get("attributes") or {})
            cleared = {k: "" for k in (olds.get("attributes") or {}) if k not in new_attrs}
            aws.update_contact_attributes(client, instance_id, id_, {**new_attrs, **cleared})
            applied.append("UpdateContactAttributes")
        if "scheduled_time" in changed:
            outs["scheduled_at"] = _reschedule(
                client, instance_id, id_, news["scheduled_time"], now
            )
            applied.append("UpdateContactSchedule")
    except ConnectTaskError as error:
        if not applied:
            raise
        raise PartialFailure(
            f"{error}. Already applied to task {id_}: {'; '.join(applied)}. {then}"
        ) from None
    return outs


def _reschedule(
    client: Any, instance_id: str, contact_id: str, scheduled_time: Any, now: datetime
) -> str:
    contact = aws.describe_contact(client, instance_id, contact_id)
    state = task_state(contact, now) if contact else "gone"
    if state != "SCHEDULED":
        raise ConnectTaskError(
            f"UpdateContactSchedule: task {contact_id} is {state}, and only a scheduled task can "
            "be rescheduled; run `pulumi refresh`, then `pulumi up` replaces it"
        )
    when = resolve_scheduled_time(scheduled_time, now=now)
    aws.update_contact_schedule(client, instance_id, contact_id, when)
    return to_rfc3339(when)


def read_managed(
    client: Any, instance_id: str, contact_id: str, props: dict[str, Any]
) -> dict[str, Any]:
    """The live ``attributes`` and ``references`` of the task, each only if ``props`` has
    some, and only the keys and names ``props`` gives: a flow may add its own (refresh,
    and adoption)."""
    managed: dict[str, Any] = {}
    if props.get("attributes"):
        live = aws.get_contact_attributes(client, instance_id, contact_id)
        managed["attributes"] = {k: live[k] for k in props["attributes"] if k in live}
    if props.get("references"):
        managed["references"] = _as_written(
            props["references"], aws.list_contact_references(client, instance_id, contact_id)
        )
    return managed


def _as_written(written: dict[str, Any], live: dict[str, dict]) -> dict[str, Any]:
    """The managed references as read, in the spelling the inputs use where they send the
    same thing (a DATE written in RFC 3339 reads back in epoch seconds: not drift)."""
    out = {}
    for name, reference in written.items():
        if name not in live:
            continue
        same = (
            isinstance(reference, dict)
            and reference.get("type") == live[name]["type"]
            and (sent_value(reference.get("type"), reference.get("value")) == live[name]["value"])
        )
        out[name] = reference if same else live[name]
    return out
