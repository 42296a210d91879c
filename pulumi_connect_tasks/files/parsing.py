"""A definition file into StartTaskContact's request: finding files, reading one, its meaning.

In the order a caller runs them:

1. find     :func:`definition_files` lists a folder's definition files.
2. read     :func:`read_definition` parses one file within
            :mod:`pulumi_connect_tasks.files.reading`'s bounds, or raises
            UnreadableDefinition; :func:`read_document` also keeps where each member is.
3. key      :func:`definition_key` names the task (its Key, else the file name).
4. request  :func:`definition_request` takes the file's own members out, fills what the
            set supplies, resolves ScheduledTime and runs the provider's rules
            (:func:`validate_start_task_contact`): the request and every violation.
5. inputs   :func:`definition_inputs` gives a valid definition as ConnectTask inputs.

Where each violation is in the text is :mod:`pulumi_connect_tasks.files.problems`' concern.
Nothing here calls AWS or imports pulumi; a violation never holds a value of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from ..common.unknown import UNKNOWN
from ..common.violations import UNKNOWN_MEMBER, Violation, unknown_member_message
from ..recurring.expressions import expression_problems, timezone_problems
from ..task.requests import from_request
from ..task.schedule import resolve_scheduled_time
from ..task.validation import TARGETS, request_schema, validate_start_task_contact
from .definition_format import (
    DEFINITION_SUFFIXES,
    EXTRA_MEMBERS,
    FLOW_MEMBERS,
    KEY_FORM,
    LINK_MEMBERS,
    LINKED_MEMBERS,
    NOT_RECURRING,
    TASKSET_SUPPLIES,
    is_key,
)
from .reading import Document, parse_document, read_text

__all__ = [
    "is_json",
    "read_definition",
    "read_document",
    "definition_files",
    "definition_key",
    "definition_request",
    "validate_definition",
    "definition_inputs",
    "schedule_inputs",
]


def is_json(path: Path) -> bool:
    """Whether ``path`` is read as JSON (``.json``, any case); else it is YAML."""
    return path.suffix.lower() == ".json"


def read_definition(path: Path) -> Any:
    """The parsed content of a ``.yaml``/``.yml`` or ``.json`` file (one YAML document).

    Raises UnreadableDefinition, whose message starts with what failed (read, decode,
    parse) and gives the line and column of a syntax error, not the text there.
    """
    return read_document(path).data


def read_document(path: Path) -> Document:
    """The file read and parsed as :func:`read_definition` does, with where each member is:
    what locates its problems without reading or parsing it again."""
    return parse_document(read_text(path), as_json=is_json(path))


def definition_files(directory: Path, *, recursive: bool) -> list[Path]:
    """The definition files in ``directory`` (``*.yaml``, ``*.yml``, ``*.json``), sorted.

    Hidden files and folders (a name starting with ".") are left out. Whatever else has
    such a name and is not a folder is listed (a FIFO, a link to a device or in a loop),
    so that reading it reports what it is rather than the set quietly lacking it.
    """
    found = directory.rglob("*") if recursive else directory.glob("*")
    return sorted(
        path
        for path in found
        if path.suffix.lower() in DEFINITION_SUFFIXES
        and not path.is_dir()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    )


# -- meaning -------------------------------------------------------------------------------
def definition_key(file: Path, definition: Any) -> str:
    """The task's stable key: its ``Key`` member, else the file name without extension
    (also for a file that is not a mapping or could not be read: ``definition`` None)."""
    key = definition.get("Key") if isinstance(definition, Mapping) else None
    return key if isinstance(key, str) else file.stem


def _extra_violations(definition: Mapping[str, Any], file: Path | None) -> list[Violation]:
    violations = []
    if "Key" in definition:
        key = definition["Key"]
        if not is_key(key):
            violations.append(Violation(("Key",), f"must be {KEY_FORM}"))
    elif file is not None and not is_key(file.stem):
        violations.append(
            Violation(("Key",), f"is required: the file name is not a valid key ({KEY_FORM})")
        )
    if "$schema" in definition and not isinstance(definition["$schema"], str):
        violations.append(Violation(("$schema",), "must be a string"))
    for member in LINK_MEMBERS:
        if member in definition:
            if not is_key(definition[member]):
                violations.append(
                    Violation((member,), f"must be the key of another file of the set ({KEY_FORM})")
                )
    violations += _schedule_violations(definition)
    # PreviousContactId beside RelatedContactId is the request's own rule (validation.py).
    links = [m for m in (*LINK_MEMBERS, *LINKED_MEMBERS.values()) if m in definition]
    if any(m in LINK_MEMBERS for m in links):
        for member in links[1:]:
            violations.append(
                Violation(
                    (member,),
                    f"cannot be given beside {links[0]}: a task links to one other task "
                    "(PreviousContactId and RelatedContactId are mutually exclusive)",
                )
            )
    return violations


def _schedule_violations(definition: Mapping[str, Any]) -> list[Violation]:
    if "Schedule" not in definition:
        if "ScheduleTimezone" in definition:
            return [
                Violation(
                    ("ScheduleTimezone",), "is given without Schedule, which it is the time zone of"
                )
            ]
        return []
    violations = [Violation(("Schedule",), p) for p in expression_problems(definition["Schedule"])]
    if "ScheduleTimezone" in definition:
        violations += [
            Violation(("ScheduleTimezone",), p)
            for p in timezone_problems(definition["ScheduleTimezone"])
        ]
    violations += [
        Violation(
            (member,),
            "cannot be given beside Schedule: a recurring task starts a new task at every time of "
            "its schedule (no ScheduledTime, ClientToken, link to another contact or attachment)",
        )
        for member in NOT_RECURRING
        if member in definition
    ]
    return violations


def _with_own_members(violation: Violation) -> Violation:
    # The request's schema does not know Key and $schema: a misspelt top-level member may
    # be meant as one of them ("key", "schema"), so suggest among both.
    if len(violation.path) != 1 or not violation.message.startswith(UNKNOWN_MEMBER):
        return violation
    known = [*request_schema()["properties"], *EXTRA_MEMBERS]
    return Violation(violation.path, unknown_member_message(violation.path[0], known))


def definition_request(
    definition: Any,
    *,
    now: datetime,
    supplied: Mapping[str, Any] = TASKSET_SUPPLIES,
    new_task: bool = False,
    file: Path | None = None,
) -> tuple[Any, list[Violation]]:
    """The StartTaskContact request of ``definition`` and every violation, sorted.

    ``supplied`` fills members the file lacks (a value may be UNKNOWN): ``InstanceId`` if
    absent, a flow (``ContactFlowId`` or ``ContactFlowName``) only if the file names no
    target (none of TARGETS: the three ids and the three names). A ScheduledTime is
    resolved against ``now`` as the
    provider does. ``new_task=False`` (checking a file that may describe a task already
    started) skips the "not in the past" rule. ``file`` gives the default Key.
    The request is meant to be sent only when there is no violation.
    """
    if not isinstance(definition, dict):
        return definition, validate_start_task_contact(definition, now=now, new_task=new_task)
    request = {k: v for k, v in definition.items() if k not in EXTRA_MEMBERS}
    violations = _extra_violations(definition, file)
    for member, value in supplied.items():
        if member in FLOW_MEMBERS:
            if not any(target in request for target in TARGETS):
                request[member] = value
        elif member not in request:
            request[member] = value
    scheduled = request.get("ScheduledTime")
    if scheduled is not None and scheduled is not UNKNOWN:
        try:
            request["ScheduledTime"] = resolve_scheduled_time(scheduled, now=now)
        except ValueError as error:
            del request["ScheduledTime"]
            violations.append(Violation(("ScheduledTime",), str(error)))
    violations += [
        _with_own_members(v)
        for v in validate_start_task_contact(request, now=now, new_task=new_task)
    ]
    return request, sorted(
        set(violations), key=lambda v: (tuple(str(p) for p in v.path), v.message)
    )


def validate_definition(
    definition: Any,
    *,
    now: datetime,
    supplied: Mapping[str, Any] = TASKSET_SUPPLIES,
    new_task: bool = False,
    file: Path | None = None,
) -> list[Violation]:
    """Every violation of ``definition``, sorted by path then message (see definition_request)."""
    return definition_request(definition, now=now, supplied=supplied, new_task=new_task, file=file)[
        1
    ]


def definition_inputs(definition: Mapping[str, Any]) -> dict[str, Any]:
    """ConnectTask inputs (snake_case) of a valid definition; ScheduledTime stays as written.
    A recurring definition's (:func:`schedule_inputs`) are RecurringConnectTask's task inputs."""
    return from_request({k: v for k, v in definition.items() if k not in EXTRA_MEMBERS})


def schedule_inputs(definition: Mapping[str, Any]) -> dict[str, Any]:
    """RecurringConnectTask's schedule inputs of a valid recurring definition ({} for a
    one-off task): ``schedule_expression`` and ``schedule_expression_timezone``."""
    names = {"Schedule": "schedule_expression", "ScheduleTimezone": "schedule_expression_timezone"}
    return {names[member]: definition[member] for member in names if member in definition}
