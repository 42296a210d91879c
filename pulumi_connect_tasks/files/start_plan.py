"""The offline plan of ``connect-tasks start``: every file read, checked and keyed before any AWS call.

The steps, in the order :func:`read_tasks` runs them:

1. read     every file is parsed and the command line's ids applied (they win over the
            file's, as with the AWS CLI's ``--cli-input-json``); two files with one key are
            refused (:class:`SameKey`), as a TaskSet refuses them.
2. check    each file is validated as a new task, and the run's links (PreviousTask,
            RelatedTask: :mod:`pulumi_connect_tasks.files.chains`, the run being the set).
3. plan     each valid file becomes a :class:`Task`: its request, its key and the task of
            the run it waits for, if any. Every problem of every file is returned; the
            caller starts nothing unless there is none.

:func:`start_token` gives each task its ClientToken, so running the plan again returns
the same tasks; :data:`WORKERS` is how many start at once. The run itself (names
resolved, threads, AWS calls, progress) is :mod:`pulumi_connect_tasks.files.cli_start`.
Nothing here imports boto3 or calls AWS.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..common.errors import SameKey, UnreadableDefinition
from ..common.violations import Violation
from ..task.requests import to_request
from .chains import link_problems, linked, listed
from .definition_format import EXTRA_MEMBERS, FLOW_MEMBERS, LINKED_MEMBERS, is_recurring
from .parsing import definition_key, definition_request, read_document
from .problems import Problem, located_problems, unreadable_problem
from .reading import Document

__all__ = ["WORKERS", "SameKey", "Task", "read_tasks", "start_token"]

_RECURRING = (
    "makes this a recurring task, which connect-tasks start does not start: it starts one-off "
    "tasks; declare the file in a TaskSet (or a RecurringConnectTask) for EventBridge Scheduler "
    "to start it at every time of the schedule"
)
WORKERS = 8
"""Calls in flight at most: enough to keep the client's pacer busy (AWS allows 2 starts/s, burst 5)."""


@dataclass(frozen=True)
class Task:
    """A definition file that passed every check, ready to start."""

    file: str
    """The file as the user named it (or as found in a folder they named)."""
    key: str
    """Its ``Key`` member, else the file name without extension."""
    definition: dict[str, Any]
    """The parsed file with the command line's ids applied; what the token counts."""
    request: dict[str, Any]
    """StartTaskContact's request: ScheduledTime resolved, an instance ARN reduced to its id."""
    link: tuple[str, str] | None = None
    """(PreviousContactId or RelatedContactId, the key of the task of the run it names), if any:
    the request member the named task's ContactId fills when that task has started."""


def start_token(key: str, definition: Mapping[str, Any], region: str, instance_id: str) -> str:
    """The ClientToken of ``start``: sha256 of the task's key, its content and where it starts.

    ``key`` is :func:`~pulumi_connect_tasks.files.parsing.definition_key`'s; ``definition`` the
    parsed file with the command line's ids applied; ``region`` and ``instance_id`` (the id,
    not the ARN) the target. The path is not counted: the same file started from any folder,
    by any spelling of its path, gets the same task back for as long as AWS keeps the token
    (about 7 days). Key, $schema and InstanceId in ``definition`` are not counted either (the
    key and the target stand for them, and $schema never reaches AWS); nor are PreviousTask
    and RelatedTask: the caller puts the ContactId they resolved to in ``definition`` as
    PreviousContactId or RelatedContactId, so a file naming a task of the run and the same
    file with that task's ContactId get one token. A relative
    ScheduledTime counts as written, so a run later still sends the same token; comments
    and layout do not count, the content does.
    """
    content = {k: v for k, v in definition.items() if k not in (*EXTRA_MEMBERS, "InstanceId")}
    identity = {"key": key, "content": content, "region": region, "instance": instance_id}
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _with_ids(definition: Any, instance_id: str | None, flow: tuple[str, str] | None) -> Any:
    # As with the AWS CLI's --cli-input-json, options on the command line win over the file.
    # The command line's flow (ContactFlowId or ContactFlowName, id or name) replaces the
    # file's flow however the file wrote it; beside a quick connect or template the file
    # names, it is a second target and the target rule says so.
    if isinstance(definition, dict):
        if instance_id is not None:
            definition["InstanceId"] = instance_id
        if flow is not None:
            for member in FLOW_MEMBERS:
                definition.pop(member, None)
            definition[flow[0]] = flow[1]
    return definition


def _same_keys(owners: Mapping[str, list[str]]) -> str | None:
    clashes = [
        f"{listed(files)} have the same key {key!r}"
        for key, files in owners.items()
        if len(files) > 1
    ]
    if not clashes:
        return None
    return "; ".join(clashes) + "; set a different Key in each (a TaskSet refuses them too)"


def read_tasks(
    files: Sequence[Path],
    *,
    instance_id: str | None,
    contact_flow_id: str | None,
    now: datetime,
    contact_flow_name: str | None = None,
) -> tuple[list[Task], list[Problem], int]:
    """Every file read and checked as a new task: the tasks, every problem, how many files were unreadable.

    The rules are the provider's (``definition_request(..., new_task=True)``) with the
    command line's ids winning over the file's (``contact_flow_id`` or ``contact_flow_name``,
    at most one, replaces the file's flow, by id or by name), then the run's links (every file of the
    run is one set: a PreviousTask or RelatedTask names a file of the run). Tasks are meant
    to be started only when there is no problem at all. Raises SameKey when two files have
    one key.
    """
    if contact_flow_id is not None and contact_flow_name is not None:
        raise ValueError("contact_flow_id and contact_flow_name are mutually exclusive")
    flow = (
        ("ContactFlowId", contact_flow_id)
        if contact_flow_id is not None
        else (("ContactFlowName", contact_flow_name) if contact_flow_name is not None else None)
    )
    read: list[tuple[Path, Any, Problem | None]] = []
    documents: dict[str, Document] = {}  # each file's, so that no problem reads it again
    owners: dict[str, list[str]] = {}
    for path in files:
        try:
            document = read_document(path)
        except UnreadableDefinition as error:
            read.append((path, None, unreadable_problem(str(path), error)))
            continue
        definition = _with_ids(document.data, instance_id, flow)
        documents[str(path)] = document
        read.append((path, definition, None))
        if isinstance(definition, dict):
            owners.setdefault(definition_key(path, definition), []).append(str(path))
    clash = _same_keys(owners)
    if clash:
        raise SameKey(clash)
    members = [
        linked(str(path), definition_key(path, definition), definition)
        for path, definition, unread in read
        if unread is None
    ]
    tasks: list[Task] = []
    problems: list[Problem] = []
    unreadable = 0
    for path, definition, unread in read:  # in file order, as validate lists them
        if unread is not None:
            problems.append(unread)
            unreadable += 1
            continue
        request, violations = definition_request(
            definition, now=now, supplied={}, new_task=True, file=path
        )
        if is_recurring(definition):
            violations.append(Violation(("Schedule",), _RECURRING))
        if violations:  # with line and column, as validate gives them
            problems += located_problems(path, violations, None, documents[str(path)].positions)
            continue
        request["InstanceId"] = to_request({"instance_id": request["InstanceId"]})["InstanceId"]
        link = next(
            ((LINKED_MEMBERS[m], definition[m]) for m in LINKED_MEMBERS if m in definition), None
        )
        tasks.append(Task(str(path), definition_key(path, definition), definition, request, link))
    paths = {str(path): path for path, _, _ in read}
    for problem in link_problems(members, scope="this run"):
        problems += located_problems(
            paths[problem.file],
            [problem.violation],
            problem.file,
            documents[problem.file].positions,
        )
    return tasks, problems, unreadable
