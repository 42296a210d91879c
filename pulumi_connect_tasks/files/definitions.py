"""Task definition files: one Amazon Connect task per YAML or JSON file, reviewed like code.

A definition is StartTaskContact's request in AWS's own shape (what ``aws connect
start-task-contact --cli-input-json`` takes), with these differences:

- ``InstanceId`` may be left out, and so may the flow when the file names no target (none
  of :data:`TARGETS`): a TaskSet or ``connect-tasks start --instance-id/--contact-flow-id``
  (or ``--contact-flow-name``) supplies them.
- A target may be given by name: ``ContactFlowName``, ``QuickConnectName`` or
  ``TaskTemplateName`` (exactly one of the six target members); the name is resolved to
  its id in the task's instance when the task is started.
- ``ScheduledTime`` may also be an ISO 8601 duration ("PT2H", "P1DT30M") counted from
  when the task is started, or epoch seconds as a string; a timestamp without an offset
  is UTC, as botocore takes it (so does the provider's ``scheduled_time``).
- Members of its own, never sent to AWS: ``Key`` (the task's stable name in a TaskSet;
  default the file name without its extension), ``$schema`` (for editors; ignored), and
  ``PreviousTask`` or ``RelatedTask``: the key of another file of the same set, whose
  task's ContactId becomes this one's PreviousContactId or RelatedContactId (the set's
  rules are in :mod:`pulumi_connect_tasks.files.chains`). A file links to at most one
  task: one of PreviousTask, RelatedTask, PreviousContactId, RelatedContactId.

Validation runs the same code as the provider (:func:`validate_start_task_contact`);
members a TaskSet will supply are :data:`~pulumi_connect_tasks.task.validation.UNKNOWN`, so
their rules are skipped. Nothing here calls AWS or imports pulumi; parse errors and
violations never contain a value of the file, only where and which rule. Files are read
and parsed by :mod:`pulumi_connect_tasks.files.reading`, within its limits (size,
nesting, YAML aliases, digits; regular files only).

:func:`check_file` gives each problem a :class:`Position` (line and column) for editors
and CI annotations: a violation points at its member's key in the file, or at the
nearest member above it when the member is missing; a syntax error at where it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..task.requests import from_request
from ..task.schedule import resolve_scheduled_time
from ..task.validation import (
    TARGETS,
    UNKNOWN,
    UNKNOWN_MEMBER,
    Violation,
    request_schema,
    unknown_member_message,
    validate_start_task_contact,
)
from .positions import Position, locate
from .reading import UnreadableDefinition, parse, read_text, text_positions

__all__ = [
    "DEFINITION_SUFFIXES",
    "EXTRA_MEMBERS",
    "LINK_MEMBERS",
    "LINKED_MEMBERS",
    "KEY_PATTERN",
    "is_key",
    "DURATION_PATTERN",
    "EPOCH_STRING_PATTERN",
    "UTC_TIMESTAMP_PATTERN",
    "SCHEMA_NAME",
    "TASKSET_SUPPLIES",
    "TARGETS",
    "FLOW_MEMBERS",
    "Position",
    "Problem",
    "printable",
    "UnreadableDefinition",
    "read_definition",
    "definition_files",
    "definition_key",
    "definition_request",
    "validate_definition",
    "definition_inputs",
    "check_file",
    "located_problems",
]

DEFINITION_SUFFIXES = (".yaml", ".yml", ".json")
SCHEMA_NAME = "task_definition.schema.json"
LINK_MEMBERS = ("PreviousTask", "RelatedTask")
"""Members naming another file of the set by its key; they never reach AWS."""
LINKED_MEMBERS = {"PreviousTask": "PreviousContactId", "RelatedTask": "RelatedContactId"}
"""Each link member -> the request member the named task's ContactId fills."""
EXTRA_MEMBERS = ("Key", "$schema", *LINK_MEMBERS)
"""Members of a definition file that are not StartTaskContact's; they never reach AWS."""
FLOW_MEMBERS = ("ContactFlowId", "ContactFlowName")
"""The members that name a flow, by id or by name: what a supplied flow stands for."""

KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
"""A task's Key (and a file name used as one): it becomes part of a Pulumi resource name."""
_KEY = re.compile(KEY_PATTERN)
_KEY_FORM = "1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"


def is_key(value: Any) -> bool:
    """Whether ``value`` can be a task's Key (and so what PreviousTask/RelatedTask name)."""
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


# The forms schedule.resolve_scheduled_time accepts besides a timestamp and a number, as
# JSON Schema patterns for editors; tests/definitions hold them to the code.
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


# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators would
# break one line per problem (or move a terminal's cursor); a lone surrogate (JSON's
# "\\ud800" in a key) cannot be printed as UTF-8 at all.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` on one line: each control character (a newline in a file name, a key) as
    Python writes it in a string ("\\n", "\\x1b"); everything else as it is."""
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: a violation, or why the file could not be read."""

    file: str
    """The file as the user named it (or as found in a folder they named)."""
    path: str | None
    """Where in the file, in AWS shape: "$.References.runbook.Value"; None if unreadable."""
    message: str
    """The rule, or why the file could not be read or parsed; never a value of the file."""
    position: Position | None = None
    """Where in the text: the member's key, or the nearest member above a missing one, or
    the syntax error; None when not known (a file that cannot be read, or not located)."""

    def line(self) -> str:
        """``file::$.path: message``, or ``file: message`` for an unreadable file; one line,
        whatever the file's name holds (see :func:`printable`)."""
        if self.path is None:
            return f"{printable(self.file)}: {self.message}"
        return f"{printable(self.file)}::{printable(self.path)}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """file, path and message; line and column too when the position is known."""
        out: dict[str, Any] = {"file": self.file, "path": self.path, "message": self.message}
        if self.position is not None:
            out.update(line=self.position.line, column=self.position.column)
        return out


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def read_definition(path: Path) -> Any:
    """The parsed content of a ``.yaml``/``.yml`` or ``.json`` file (one YAML document).

    Raises UnreadableDefinition, whose message starts with what failed (read, decode,
    parse) and gives the line and column of a syntax error, not the text there.
    """
    return parse(read_text(path), as_json=_is_json(path))


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
            violations.append(Violation(("Key",), f"must be {_KEY_FORM}"))
    elif file is not None and not is_key(file.stem):
        violations.append(
            Violation(("Key",), f"is required: the file name is not a valid key ({_KEY_FORM})")
        )
    if "$schema" in definition and not isinstance(definition["$schema"], str):
        violations.append(Violation(("$schema",), "must be a string"))
    for member in LINK_MEMBERS:
        if member in definition:
            if not is_key(definition[member]):
                violations.append(
                    Violation(
                        (member,), f"must be the key of another file of the set ({_KEY_FORM})"
                    )
                )
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
    """ConnectTask inputs (snake_case) of a valid definition; ScheduledTime stays as written."""
    return from_request({k: v for k, v in definition.items() if k not in EXTRA_MEMBERS})


def check_file(
    path: Path,
    *,
    now: datetime,
    supplied: Mapping[str, Any] = TASKSET_SUPPLIES,
    name: str | None = None,
) -> tuple[list[Problem], bool]:
    """Every problem of one file, each with its position, and whether it could be read and parsed.

    ``name`` is how the file is shown (default ``str(path)``).
    """
    shown = str(path) if name is None else name
    try:
        text = read_text(path)
        definition = parse(text, as_json=_is_json(path))
    except UnreadableDefinition as error:
        return [Problem(shown, None, str(error), error.position)], False
    violations = validate_definition(definition, now=now, supplied=supplied, file=path)
    return located_problems(path, violations, shown, text), True


def located_problems(
    path: Path, violations: list[Violation], shown: str | None = None, text: str | None = None
) -> list[Problem]:
    """The violations of a file that parsed, as Problems with the line and column of each.

    ``text`` is the file's content when the caller has it (else it is read again, which
    happens only when there is something to report).
    """
    if not violations:
        return []
    if text is None:
        text = read_text(path)
    positions = text_positions(text, as_json=_is_json(path))
    shown = str(path) if shown is None else shown
    return [Problem(shown, v.json_path(), v.message, locate(positions, v.path)) for v in violations]
