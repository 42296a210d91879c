"""``connect-tasks start PATH...``: start the task of every definition file, all checked first.

The steps, in the order the command runs them (the command line, :mod:`pulumi_connect_tasks.files.cli`,
expands the paths and prints the envelope):

1. read     :func:`read_tasks` parses every file and applies the command line's ids; two
            files with one key are refused (:class:`SameKey`), as a TaskSet refuses them.
2. check    each file is validated as a new task, and the run's links (PreviousTask,
            RelatedTask: :mod:`pulumi_connect_tasks.files.chains`, the run being the set);
            it returns every problem of every file, and the caller starts nothing unless
            there is none.
3. client   :func:`start_tasks` builds one Connect client, shared by the threads (boto3
            clients are thread-safe; ``aws.client_for`` caches it).
3b. names   each distinct target name (ContactFlowName, QuickConnectName,
            TaskTemplateName; per instance) is resolved to its id once per run
            (:mod:`pulumi_connect_tasks.task.names`); if any cannot be, nothing is started.
            The request and the token then hold the id, not the name.
4. start    StartTaskContact then DescribeContact for each file, 8 at a time. A task
            that names another (PreviousTask, RelatedTask) starts once that one has
            started, with its ContactId; if that one did not start, neither does it (it
            fails naming the file it waited for). The ClientToken is :func:`start_token`'s,
            so running it again returns the same tasks. A task AWS refuses does not stop
            the others.
5. report   each outcome goes to the progress stream as it comes; the envelope lists the
            started tasks in file order and every failure.

Pacing (StartTaskContact's quota) and retries belong to the client ``aws.client_for``
builds: this module only keeps enough calls in flight. Nothing here prints a task's name,
description or attribute values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from ..common.errors import SameKey
from ..task.requests import to_request
from ..task.schedule import to_rfc3339
from ..task.validation import NAME_MEMBERS
from .chains import link_problems, linked, listed
from .definitions import (
    EXTRA_MEMBERS,
    FLOW_MEMBERS,
    LINKED_MEMBERS,
    Problem,
    UnreadableDefinition,
    definition_key,
    definition_request,
    located_problems,
    read_definition,
)
from .progress import progress_for

__all__ = [
    "WORKERS",
    "LINKED_TASK_NOT_STARTED",
    "NAME_NOT_RESOLVED",
    "SameKey",
    "Task",
    "Started",
    "Failed",
    "failure_envelope",
    "read_tasks",
    "start_tasks",
    "start_token",
]

WORKERS = 8
"""Calls in flight at most: enough to keep the client's pacer busy (AWS allows 2 starts/s, burst 5)."""

NAME_NOT_RESOLVED = "NameNotResolved"
"""The code of a task whose target name matches no item, or several, of its instance."""
LINKED_TASK_NOT_STARTED = "LinkedTaskNotStarted"
"""The code of a task not started because the task it names (PreviousTask, RelatedTask) did not start."""

# start has --region where the provider has stack config.
_START_ADVICE = {"NoRegion": "pass --region <region> or set AWS_REGION"}


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


@dataclass(frozen=True)
class Started:
    file: str
    id: str
    created_at: str
    """The task's InitiationTimestamp, RFC 3339 UTC."""


@dataclass(frozen=True)
class Failed:
    file: str
    code: str
    """The AWS error code (or the botocore error's name)."""
    message: str
    """The AwsCallError's line: the operation, the code and what to do; never a task's values."""


def start_token(key: str, definition: Mapping[str, Any], region: str, instance_id: str) -> str:
    """The ClientToken of ``start``: sha256 of the task's key, its content and where it starts.

    ``key`` is :func:`~pulumi_connect_tasks.files.definitions.definition_key`'s; ``definition`` the
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
    owners: dict[str, list[str]] = {}
    for path in files:
        try:
            definition = _with_ids(read_definition(path), instance_id, flow)
        except UnreadableDefinition as error:
            read.append((path, None, Problem(str(path), None, str(error), error.position)))
            continue
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
        if violations:
            problems += located_problems(
                path, violations
            )  # with line and column, as validate gives them
            continue
        request["InstanceId"] = to_request({"instance_id": request["InstanceId"]})["InstanceId"]
        link = next(
            ((LINKED_MEMBERS[m], definition[m]) for m in LINKED_MEMBERS if m in definition), None
        )
        tasks.append(Task(str(path), definition_key(path, definition), definition, request, link))
    paths = {str(path): path for path, _, _ in read}
    for problem in link_problems(members, scope="this run"):
        problems += located_problems(paths[problem.file], [problem.violation], problem.file)
    return tasks, problems, unreadable


def _start_one(
    client: Any, task: Task, region: str, linked_id: str | None = None
) -> Started | Failed:
    """Start one task; ``linked_id`` is the ContactId of the task it names (task.link), if any."""
    from ..common import aws
    from ..common.errors import AwsCallError

    request, definition = dict(task.request), task.definition
    if task.link is not None:
        request[task.link[0]] = linked_id
        definition = {**definition, task.link[0]: linked_id}
    # A file's own ClientToken wins, as it always has.
    request.setdefault(
        "ClientToken", start_token(task.key, definition, region, request["InstanceId"])
    )
    try:
        contact_id = aws.start_task_contact(client, request)
        contact = aws.describe_contact(client, request["InstanceId"], contact_id)
    except AwsCallError as error:
        return Failed(task.file, error.code, str(error))
    if contact is None:
        return Failed(
            task.file,
            "ResourceNotFoundException",
            f"StartTaskContact returned task {contact_id} but DescribeContact does not find it; "
            "run the command again: it returns the same task",
        )
    return Started(task.file, contact_id, to_rfc3339(contact["InitiationTimestamp"]))


def _not_started(task: Task, waited: Task) -> Failed:
    member = next(
        m for m, request_member in LINKED_MEMBERS.items() if request_member == task.link[0]
    )
    return Failed(
        task.file,
        LINKED_TASK_NOT_STARTED,
        f"not started: its {member} is {waited.file}, which did not start; run the command again "
        "once that task can start (the tasks that did start are returned, not started twice)",
    )


def _run(
    client: Any, tasks: Sequence[Task], region: str, progress_stream: TextIO
) -> list[Started | Failed]:
    """Every task's outcome, in the order of ``tasks``; each reported on the stream as it finishes.

    A task with a link is submitted when the task it names has started; when that one
    failed, it fails too (and so on down its chain) without a call.
    """
    progress = progress_for(len(tasks), progress_stream)
    outcomes: dict[int, Started | Failed] = {}
    index = {task.key: i for i, task in enumerate(tasks)}
    dependents: dict[int, list[int]] = {}
    for i, task in enumerate(tasks):
        if task.link is not None:
            dependents.setdefault(index.get(task.link[1], -1), []).append(i)

    def report(i: int, outcome: Started | Failed) -> None:
        outcomes[i] = outcome
        if isinstance(outcome, Started):
            progress.started(outcome.file, outcome.id)
        else:
            progress.failed(outcome.file, outcome.code)

    workers = max(1, min(WORKERS, len(tasks)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="connect-tasks-start") as pool:
        running: dict[Future, int] = {
            pool.submit(_start_one, client, task, region): i
            for i, task in enumerate(tasks)
            if task.link is None
        }
        try:
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    i = running.pop(future)
                    outcome = future.result()
                    report(i, outcome)
                    if isinstance(outcome, Started):
                        for j in dependents.pop(i, ()):
                            running[
                                pool.submit(_start_one, client, tasks[j], region, outcome.id)
                            ] = j
                        continue
                    failed = [i]  # down the chain: each waits for one that did not start
                    while failed:
                        k = failed.pop()
                        for j in dependents.pop(k, ()):
                            report(j, _not_started(tasks[j], tasks[k]))
                            failed.append(j)
            # Only if called with links read_tasks refuses (a key not among the tasks, a cycle):
            # what still waits was never started.
            for j in (j for j in range(len(tasks)) if j not in outcomes):
                report(
                    j,
                    Failed(
                        tasks[j].file,
                        LINKED_TASK_NOT_STARTED,
                        f"not started: the task its link names ({tasks[j].link[1]!r}) was not started: "
                        "not among the tasks, or in a cycle",
                    ),
                )
        except BaseException:
            # Ctrl-C (or a bug): send nothing more; the calls in flight finish first.
            # Running the command again picks up where this stopped: the tokens are the same.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            progress.close()
    return [outcomes[i] for i in range(len(tasks))]


def failure_envelope(
    code: str, message: str, details: list[dict] | None = None, started: Sequence[Started] = ()
) -> dict[str, Any]:
    """start's failure envelope: the error, and ``data.tasks`` (what did start, maybe none)."""
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"success": False, "error": error, "data": _data(started)}


def _data(started: Sequence[Started]) -> dict[str, Any]:
    return {"tasks": [{"file": s.file, "id": s.id, "created_at": s.created_at} for s in started]}


def _resolved(client: Any, tasks: Sequence[Task]) -> tuple[list[Task], list[Failed]]:
    """``tasks`` with every target name replaced by its id, and a Failed for each task whose
    name could not be resolved. Each distinct (instance, member, name) is resolved once."""
    from ..common.errors import AwsCallError, ConnectTaskError
    from ..task import names

    ids: dict[tuple[str, str, str], str | Failed] = {}
    out: list[Task] = []
    failed: list[Failed] = []
    for task in tasks:
        request, definition = dict(task.request), dict(task.definition)
        problem = None
        for member, id_member in NAME_MEMBERS.items():
            if member not in request:
                continue
            where = (request["InstanceId"], member, request[member])
            if where not in ids:
                try:  # the error names the member as the file spells it (ContactFlowName)
                    ids[where] = names.resolve_name(client, where[0], member, where[2])
                except AwsCallError as error:
                    ids[where] = Failed(task.file, error.code, str(error))
                except ConnectTaskError as error:
                    ids[where] = Failed(task.file, NAME_NOT_RESOLVED, str(error))
            resolved = ids[where]
            if isinstance(resolved, Failed):
                problem = replace(resolved, file=task.file)
                continue
            # The token counts the target, not its spelling: the file with the name and the
            # same file with the id are one task.
            for target in (request, definition):
                target.pop(member, None)
                target[id_member] = resolved
        if problem is not None:
            failed.append(problem)
        out.append(replace(task, request=request, definition=definition))
    return out, failed


def start_tasks(
    tasks: Sequence[Task], *, region: str | None, progress_stream: TextIO
) -> tuple[dict[str, Any], int]:
    """Start every task (at most :data:`WORKERS` at once); the JSON envelope and the exit status.

    Exit status 0 when every task started, 1 when any did not (the envelope lists every
    failure beside what did start), or when no client could be built (nothing was sent).
    """
    # boto3 is only needed here: validate and schema stay quick for pre-commit.
    from ..common import aws
    from ..common.errors import AwsCallError

    try:
        client = aws.client_for(region, None, advice=_START_ADVICE)
    except AwsCallError as error:
        return failure_envelope(error.code, str(error)), 1
    tasks, unresolved = _resolved(client, tasks)
    if unresolved:
        codes = {f.code for f in unresolved}
        message = (
            f"{len(unresolved)} of {len(tasks)} {'task names' if len(tasks) == 1 else 'tasks name'} a target "
            "that could not be resolved; nothing was started"
        )
        details = [{"file": f.file, "code": f.code, "message": f.message} for f in unresolved]
        return failure_envelope(
            codes.pop() if len(codes) == 1 else NAME_NOT_RESOLVED, message, details
        ), 1
    outcomes = _run(client, tasks, client.meta.region_name, progress_stream)
    started = [o for o in outcomes if isinstance(o, Started)]
    failed = [o for o in outcomes if isinstance(o, Failed)]
    if not failed:
        return {"success": True, "data": _data(started)}, 0
    codes = {f.code for f in failed}
    code = codes.pop() if len(codes) == 1 else "START_FAILED"
    tasks_word = "task" if len(tasks) == 1 else "tasks"
    message = f"{len(failed)} of {len(tasks)} {tasks_word} did not start; {len(started)} started"
    details = [{"file": f.file, "code": f.code, "message": f.message} for f in failed]
    return failure_envelope(code, message, details, started), 1
