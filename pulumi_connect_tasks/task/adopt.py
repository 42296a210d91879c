"""Adoption: ``ConnectTask(..., adopt_contact_id=...)`` takes a running task under management.

Pulumi's ``import`` does not work for dynamic resources (the provider server's Read needs
the provider among the properties), so a task started elsewhere (``connect-tasks start``,
a flow, the console) comes into a stack through create. :func:`adopt` runs instead of
StartTaskContact, in this order, and never starts a task:

    describe  DescribeContact in the task's instance: the contact must exist there, be a
              task (Channel TASK) and not have ended
    read      the inputs as the live task shows them (:func:`live_inputs`): name,
              description, the attributes and references the inputs name, segment
              attributes, task template, linked contacts, scheduled time; what the API
              cannot read back (instance, flow, quick connect, attachments) as given
    compare   the diff's own rules (:mod:`.changes`) between the live task and the inputs:
              an input that would need a new task must match; every mismatch is named,
              without the values of name, description or attributes
    apply     the rest through update's steps (:mod:`.inplace`: UpdateContact,
              UpdateContactAttributes, UpdateContactSchedule), only what differs
    record    the contact id becomes the resource id; the outputs are the inputs plus
              what DescribeContact says (contact_arn, created_at, state, scheduled_at)

A relative scheduled_time (``PT2H``) counts from the task's own InitiationTimestamp, so
the definition a task was started from matches it. If create fails the task is not in
the stack's state: it keeps running with whatever was applied, and the next ``pulumi
up`` adopts it again and applies the rest.

adopt_contact_id only says which task create takes: diff never counts it as a change
(:func:`refuse_readoption` is its one rule there).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..common import aws
from ..common.errors import ConnectTaskError, PartialFailure
from ..common.timestamps import to_rfc3339
from . import names
from .changes import changed_keys, needs_replace
from .contact import ADOPT_KEY, contact_outputs
from .inplace import apply_in_place, read_managed
from .requests import to_request
from .schedule import HORIZON, is_relative, resolve_scheduled_time

__all__ = ["ADOPT_KEY", "adopt", "live_inputs", "refuse_readoption"]

# Whoever started the task resolved a relative time a moment before AWS stamped the
# task's InitiationTimestamp: within this, a relative time is the task's own.
RELATIVE_TOLERANCE = timedelta(seconds=60)
# What DescribeContact calls the inputs it can compare.
_SHOWN_AS = {
    "previous_contact_id": "PreviousContactId",
    "related_contact_id": "RelatedContactId",
}


def adopt(client: Any, inputs: dict[str, Any], *, now: datetime) -> tuple[str, dict[str, Any]]:
    """The id and outputs of the running task ``inputs[ADOPT_KEY]``, made to match ``inputs``.

    Raises ConnectTaskError naming adopt_contact_id (or each mismatched input) when the
    task cannot be adopted; nothing was changed then, except what a PartialFailure lists.
    """
    contact_id = inputs[ADOPT_KEY]
    instance_id = names.instance_id_of(inputs)
    contact = _adoptable(client, instance_id, contact_id)
    live = live_inputs(client, instance_id, contact, inputs, now)
    target = dict(inputs)
    if "scheduled_time" in inputs and live.get("scheduled_time") != inputs["scheduled_time"]:
        # The update step resolves a relative time from now; adoption counts it from the task's start.
        target["scheduled_time"] = to_rfc3339(_scheduled_for(contact, inputs["scheduled_time"]))
    changed = changed_keys(live, target)
    problems = [_mismatch(k, live, target) for k in changed if needs_replace(k, live, target, now)]
    if "scheduled_time" in changed and not problems:
        problems += _outside_window(target["scheduled_time"], now)
    if problems:
        raise ConnectTaskError(
            f"{ADOPT_KEY}: task {contact_id} does not match the inputs, so it was not adopted and nothing "
            f"was changed: {'; '.join(problems)}. These cannot change on a running task: set the inputs to "
            f"what the task has, or remove {ADOPT_KEY} to start a new task"
        )
    then = (
        f"The rest was not applied, and task {contact_id} is not in the stack's state: it keeps running "
        f"as it is now; run `pulumi up` again to adopt it and apply the rest"
    )
    try:
        changes = apply_in_place(
            client, instance_id, contact_id, live, target, changed=changed, now=now, then=then
        )
    except PartialFailure as error:
        raise PartialFailure(f"{ADOPT_KEY}: task {contact_id} was not adopted: {error}") from None
    except ConnectTaskError as error:
        raise ConnectTaskError(
            f"{ADOPT_KEY}: task {contact_id} was not adopted and nothing was changed: {error}"
        ) from None
    outs = {
        **inputs,
        **contact_outputs(contact, now),
        "aws_region": client.meta.region_name,
        **changes,
    }
    return contact_id, outs


def _adoptable(client: Any, instance_id: str, contact_id: str) -> dict:
    """The Contact of a task that exists in the instance and has not ended."""
    try:
        contact = aws.describe_contact(client, instance_id, contact_id)
    except ConnectTaskError as error:
        raise ConnectTaskError(
            f"{ADOPT_KEY}: task {contact_id} could not be read, nothing was changed: {error}"
        ) from None
    if contact is None:
        # AWS answers ResourceNotFound for a contact of another instance too.
        raise ConnectTaskError(
            f"{ADOPT_KEY}: contact {contact_id} does not exist in instance {instance_id} "
            f"(Region {client.meta.region_name}); check the contact id, instance_id and region"
        )
    channel = contact.get("Channel")
    if channel != "TASK":
        raise ConnectTaskError(
            f"{ADOPT_KEY}: contact {contact_id} is a {channel} contact, not a task; only a task can be "
            f"adopted: set {ADOPT_KEY} to a task's contact id"
        )
    if contact.get("DisconnectTimestamp"):
        reason = contact.get("DisconnectReason")
        ended = to_rfc3339(contact["DisconnectTimestamp"]) + (f", {reason}" if reason else "")
        raise ConnectTaskError(
            f"{ADOPT_KEY}: task {contact_id} has already ended ({ended}), so it cannot be adopted; "
            f"remove {ADOPT_KEY} to start a new task"
        )
    return contact


def live_inputs(
    client: Any, instance_id: str, contact: dict, inputs: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """``inputs`` as the live task shows them, plus its ``state`` and ``scheduled_at``.

    What the API cannot read back keeps its input value. Only the attribute keys and
    reference names the inputs give are read (a flow may add others; they stay as they
    are), only the segment attributes they give, and the description only if they give one. A value read back is in the inputs'
    spelling where it sends the same thing, so the provider's diff sees no change there.
    """
    live = {**inputs, **contact_outputs(contact, now)}
    live["name"] = contact.get("Name")
    if "description" in inputs:  # without one, the task keeps its own (as with attributes)
        live["description"] = contact.get("Description")
    template = (contact.get("TaskTemplateInfo") or {}).get("Arn")
    live["task_template_id"] = template.rsplit("/task-template/", 1)[-1] if template else None
    live["previous_contact_id"] = contact.get("PreviousContactId")
    live["related_contact_id"] = contact.get("RelatedContactId")
    live.update(read_managed(client, instance_id, contact["Id"], inputs))  # as refresh reads them
    wanted = inputs.get("segment_attributes")
    if wanted:
        have = contact.get("SegmentAttributes") or {}
        sent = to_request({"segment_attributes": wanted})["SegmentAttributes"]
        live["segment_attributes"] = {
            k: wanted[k] if sent.get(k) == have[k] else have[k] for k in wanted if k in have
        }
    if inputs.get("scheduled_time") is not None:
        live["scheduled_time"] = _live_schedule(contact, inputs["scheduled_time"])
    return live


def _scheduled_for(contact: dict, value: Any) -> datetime:
    try:
        return resolve_scheduled_time(value, now=contact["InitiationTimestamp"])
    except ValueError as error:
        raise ConnectTaskError(f"scheduled_time: {error}") from None


def _live_schedule(contact: dict, value: Any) -> str | None:
    """``value`` when the task is scheduled for that time, else the task's own time (or None)."""
    scheduled = contact.get("ScheduledTimestamp")
    if scheduled is None:
        return None
    when = _scheduled_for(contact, value)
    if is_relative(value):
        same = abs(when - scheduled) <= RELATIVE_TOLERANCE
    else:
        same = int(when.timestamp()) == int(scheduled.timestamp())
    return value if same else to_rfc3339(scheduled)


def _outside_window(when: str, now: datetime) -> list[str]:
    moment = resolve_scheduled_time(when, now=now)
    # UpdateContactSchedule takes the same window as StartTaskContact's ScheduledTime.
    if now < moment <= now + HORIZON:
        return []
    return [
        f"scheduled_time: the task is still scheduled, but the time the input names ({when}) is "
        "not between now and 6 days ahead, so it cannot be rescheduled there"
    ]


def _mismatch(key: str, live: dict[str, Any], target: dict[str, Any]) -> str:
    """Why ``key`` cannot be what the inputs say, without the values of sensitive inputs."""
    have, want = live.get(key), target.get(key)
    if key == "task_template_id":
        # The template is the task's target: the inputs name it instead of a flow or quick
        # connect, by id or by name (a name was resolved beside its id).
        written = "task_template_name" if target.get("task_template_name") is not None else key
        if have is None:
            return f"{written}: the task was not started from a task template; name its flow or quick connect instead"
        if want is None:
            return (
                f"task_template_id: the task was started from task template {have}; make it the target "
                "(task_template_id or task_template_name) instead of the flow or quick connect"
            )
        return f"{written}: the task's task template is {have}, not {want}"
    if key in _SHOWN_AS:
        shown = _SHOWN_AS[key]
        if have is None:
            return f"{key}: the task has no {shown}; remove {key}"
        if want is None:
            return f"{key}: the task's {shown} is {have}; set {key} to it"
        return f"{key}: the task's {shown} is {have}, not {want}"
    if key == "scheduled_time":
        scheduled_at = live.get("scheduled_at")
        when = f"was scheduled for {scheduled_at}" if scheduled_at else "was never scheduled"
        return (
            f"scheduled_time: the task {when} and is {live.get('state')}, and only a task that is still "
            "scheduled can be rescheduled; set scheduled_time to the task's time or remove it"
        )
    if key == "segment_attributes":
        old, new = live.get(key) or {}, target.get(key) or {}
        keys = ", ".join(sorted(k for k in new if old.get(k) != new[k]))
        return (
            f"segment_attributes: {keys} differ from the task's, and UpdateContact changes only "
            "connect:ContactExpiry and user-defined string attributes"
        )
    return f"{key}: differs from the task's and cannot change on a running task"


def refuse_readoption(contact_id: str, news: dict[str, Any], replaces: list[str]) -> None:
    """Diff's guard: a replacement whose inputs still adopt the task it replaces would adopt
    that task again and then stop it (or, deleting first, fail on the stopped task)."""
    if replaces and news.get(ADOPT_KEY) == contact_id:
        raise ConnectTaskError(
            f"{', '.join(sorted(replaces))}: cannot change on a running task, so this change needs a new "
            f"task, but {ADOPT_KEY} still names this one ({contact_id}); remove {ADOPT_KEY} to start a new "
            "task (the replacement then stops this one unless stop_on_delete is false), or undo the change"
        )
