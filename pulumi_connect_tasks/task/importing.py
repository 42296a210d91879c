"""Import: a running task read by its ids alone, as ``pulumi import`` brings it into a stack.

The engine's Read for an import carries only the id. :func:`imported` reads what the
API shows of the task (DescribeContact, its attributes and references) as its inputs;
a contact that does not exist, is not a task, or has ended is not found (None), never an
empty resource. The API cannot read back a task's flow or quick connect, its
attachments or its ClientToken, so the imported state has none of them and says so
(``imported``): diff takes them from the state's inputs, else from the program as given
(:func:`as_imported`), as adoption does (:mod:`.adopt`), so a program declaring the task
shows no change, and a later change of them is one. The import reads every attribute,
reference and segment attribute; until the task's first update, diff counts only the keys
the program gives (a flow's own attributes are not the program's to clear, and a key left
out of the program then stays as it is on the task).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..common import aws
from ..common.timestamps import to_rfc3339
from .contact import contact_outputs
from .requests import from_request

__all__ = ["IMPORTED_KEY", "MANAGED_MAPS", "UNREADABLE", "imported", "as_imported"]

IMPORTED_KEY = "imported"
"""The output an imported task's state holds until its first update."""
UNREADABLE = (
    "contact_flow_id",
    "quick_connect_id",
    "contact_flow_name",
    "quick_connect_name",
    "task_template_name",
    "attachments",
    "client_token",
    "stop_on_delete",
)
"""Inputs no Amazon Connect call reads back from a task."""
MANAGED_MAPS = ("attributes", "references", "segment_attributes")
"""Inputs whose keys an import reads whole, though only those the program gives are its."""


def imported(
    client: Any, instance_id: str, contact_id: str, idempotency_key: str, *, now: datetime
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(outputs, inputs)`` of the running task, or None when there is no such task."""
    contact = aws.describe_contact(client, instance_id, contact_id)
    if contact is None or contact.get("Channel") != "TASK" or contact.get("DisconnectTimestamp"):
        return None
    template = (contact.get("TaskTemplateInfo") or {}).get("Arn")
    inputs: dict[str, Any] = {
        "instance_id": instance_id,
        "name": contact.get("Name"),
        "description": contact.get("Description"),
        "task_template_id": template.rsplit("/task-template/", 1)[-1] if template else None,
        "previous_contact_id": contact.get("PreviousContactId"),
        "related_contact_id": contact.get("RelatedContactId"),
        "attributes": aws.get_contact_attributes(client, instance_id, contact_id) or None,
        "references": aws.list_contact_references(client, instance_id, contact_id) or None,
        "idempotency_key": idempotency_key,
    }
    segments = contact.get("SegmentAttributes")
    if segments:
        inputs["segment_attributes"] = from_request({"SegmentAttributes": segments})[
            "segment_attributes"
        ]
    outs = contact_outputs(contact, now)
    if outs["state"] == "SCHEDULED":
        inputs["scheduled_time"] = to_rfc3339(contact["ScheduledTimestamp"])
    inputs = {k: v for k, v in inputs.items() if v is not None}
    outs = {**inputs, **outs, "aws_region": client.meta.region_name, IMPORTED_KEY: True}
    return {k: v for k, v in outs.items() if v is not None}, inputs


def as_imported(
    olds: dict[str, Any], news: dict[str, Any], old_inputs: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``olds`` (the state's outputs) with what an import could not read taken from the
    state's inputs (``old_inputs``: an `up` with no change records the program's there),
    else from ``news`` as given; ``olds`` itself for a task that was not imported."""
    if not olds.get(IMPORTED_KEY):
        return olds
    known = {**news, **{k: v for k, v in (old_inputs or {}).items() if v is not None}}
    taken = {k: known[k] for k in UNREADABLE if olds.get(k) is None and known.get(k) is not None}
    region = known.get("region")
    if olds.get("region") is None and region is not None and region == olds.get("aws_region"):
        taken["region"] = region  # where the task already is: not a move
    for key in MANAGED_MAPS:
        # Only the keys the program gives count: what a flow (or AWS) added to the task
        # stays as it is, never a change. (The state's inputs cannot say which keys are the
        # program's: until an up records the program's, they are all the import read.)
        given = news.get(key)
        given = given if isinstance(given, dict) else {}
        kept = {k: v for k, v in (olds.get(key) or {}).items() if k in given}
        taken[key] = kept or None
    return {**olds, **taken}
