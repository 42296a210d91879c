"""The format of a definition file: what it may hold beyond StartTaskContact's request.

The names here say what a file is made of; :mod:`pulumi_connect_tasks.files.definitions`
describes the format in full, :mod:`pulumi_connect_tasks.files.parsing` turns a file into
a request, and ``scripts/definition_schema.py`` writes these patterns into the JSON Schema
editors use. Nothing here reads a file or imports more than the request's rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..common.unknown import UNKNOWN
from ..task.validation import TARGETS

__all__ = [
    "DEFINITION_SUFFIXES",
    "SCHEMA_NAME",
    "LINK_MEMBERS",
    "LINKED_MEMBERS",
    "SCHEDULE_MEMBERS",
    "NOT_RECURRING",
    "is_recurring",
    "EXTRA_MEMBERS",
    "FLOW_MEMBERS",
    "TARGETS",
    "KEY_PATTERN",
    "KEY_FORM",
    "is_key",
    "DURATION_PATTERN",
    "EPOCH_STRING_PATTERN",
    "UTC_TIMESTAMP_PATTERN",
    "TASKSET_SUPPLIES",
]

DEFINITION_SUFFIXES = (".yaml", ".yml", ".json")
SCHEMA_NAME = "task_definition.schema.json"
LINK_MEMBERS = ("PreviousTask", "RelatedTask")
"""Members naming another file of the set by its key; they never reach AWS."""
LINKED_MEMBERS = {"PreviousTask": "PreviousContactId", "RelatedTask": "RelatedContactId"}
"""Each link member -> the request member the named task's ContactId fills."""
SCHEDULE_MEMBERS = ("Schedule", "ScheduleTimezone")
"""Members that make the file a recurring task: EventBridge Scheduler starts it at every time
of ``Schedule`` (``cron(0 9 ? * MON *)``), read in ``ScheduleTimezone`` (default UTC)."""
NOT_RECURRING = (
    "ScheduledTime",
    "ClientToken",
    "PreviousContactId",
    "RelatedContactId",
    "Attachments",
    *LINK_MEMBERS,
)
"""Members a recurring task cannot have: the schedule says when, each run has its own
ClientToken, every run would link to the same contact, a pre-signed URL expires."""
EXTRA_MEMBERS = ("Key", "$schema", *LINK_MEMBERS, *SCHEDULE_MEMBERS)
"""Members of a definition file that are not StartTaskContact's; they never reach AWS."""


def is_recurring(definition: Any) -> bool:
    """Whether ``definition`` (parsed, any shape) is a recurring task: it has a Schedule."""
    return isinstance(definition, Mapping) and "Schedule" in definition


FLOW_MEMBERS = ("ContactFlowId", "ContactFlowName")
"""The members that name a flow, by id or by name: what a supplied flow stands for."""

KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
"""A task's Key (and a file name used as one): it becomes part of a Pulumi resource name."""
_KEY = re.compile(KEY_PATTERN)
KEY_FORM = "1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"
"""KEY_PATTERN in words, as the messages about a key give it."""


def is_key(value: Any) -> bool:
    """Whether ``value`` can be a task's Key (and so what PreviousTask/RelatedTask name)."""
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


# The forms schedule.resolve_scheduled_time accepts besides a timestamp and a number, as
# JSON Schema patterns for editors; tests/files hold them to the code.
DURATION_PATTERN = (
    r"^[Pp](?=[0-9Tt])(?:[0-9]+[Ww])?(?:[0-9]+[Dd])?"
    r"(?:[Tt](?=[0-9])(?:[0-9]+[Hh])?(?:[0-9]+[Mm])?(?:[0-9]+(?:[.,][0-9]+)?[Ss])?)?$"
)
EPOCH_STRING_PATTERN = r"^[0-9]+(?:\.[0-9]+)?$"
UTC_TIMESTAMP_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?$"
"""A timestamp without an offset, UTC as botocore takes it (what the AWS CLI's skeleton writes)."""

TASKSET_SUPPLIES: Mapping[str, Any] = {"InstanceId": UNKNOWN, "ContactFlowId": UNKNOWN}
"""What a TaskSet supplies to a file that lacks it: not known while a file is checked.
A flow may be supplied as ContactFlowId or ContactFlowName (FLOW_MEMBERS)."""
