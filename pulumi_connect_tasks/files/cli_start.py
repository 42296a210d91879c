"""``connect-tasks start PATH...``: start the task of every definition file, all checked first.

The steps, in the order the command runs them (the command line, :mod:`pulumi_connect_tasks.files.cli`,
expands the paths and prints the envelope):

1. read     :func:`~pulumi_connect_tasks.files.start_plan.read_tasks` parses every file and
            applies the command line's ids; two files with one key are refused
            (:class:`SameKey`), as a TaskSet refuses them.
2. check    each file is validated as a new task, and the run's links (PreviousTask,
            RelatedTask: :mod:`pulumi_connect_tasks.files.chains`, the run being the set);
            it returns every problem of every file, and the caller starts nothing unless
            there is none. Steps 1 and 2 are the offline plan,
            :mod:`pulumi_connect_tasks.files.start_plan`: no AWS call, no boto3.
3. client   :func:`start_tasks` builds one Connect client, shared by the threads (boto3
            clients are thread-safe; ``aws.client_for`` caches it).
3b. names   each distinct target name (ContactFlowName, QuickConnectName,
            TaskTemplateName; per instance) is resolved to its id once per run
            (:mod:`pulumi_connect_tasks.task.names`); if any cannot be, nothing is started.
            The request and the token then hold the id, not the name.
4. start    StartTaskContact then DescribeContact for each file, :data:`WORKERS` at a time.
            A task that names another (PreviousTask, RelatedTask) starts once that one has
            started, with its ContactId; if that one did not start, neither does it (it
            fails naming the file it waited for). The ClientToken is :func:`start_token`'s,
            so running it again returns the same tasks. A task AWS refuses does not stop
            the others.
5. report   each outcome goes to the progress stream as it comes; the envelope
            (:mod:`pulumi_connect_tasks.files.start_outcomes`) lists the started tasks in
            file order and every failure.

Pacing (StartTaskContact's quota) and retries belong to the client ``aws.client_for``
builds: this module only keeps enough calls in flight. Nothing here prints a task's name,
description or attribute values. Importing this module imports boto3: the command line
loads it only to start tasks.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from typing import Any, TextIO

from ..common import aws
from ..common.errors import AwsCallError, ConnectTaskError, SameKey
from ..common.timestamps import to_rfc3339
from ..task import names
from ..task.requests import sendable
from ..task.validation import NAME_MEMBERS
from .definition_format import LINKED_MEMBERS
from .exits import EXIT_INVALID, EXIT_VALID
from .progress import progress_for
from .start_outcomes import (
    LINKED_TASK_NOT_STARTED,
    NAME_NOT_RESOLVED,
    Failed,
    Started,
    failure_details,
    failure_envelope,
    success_envelope,
)
from .start_plan import WORKERS, Task, read_tasks, start_token

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

# start has --region where the provider has stack config.
_START_ADVICE = {"NoRegion": "pass --region <region> or set AWS_REGION"}


def _start_one(
    client: Any, task: Task, region: str, linked_id: str | None = None
) -> Started | Failed:
    """Start one task; ``linked_id`` is the ContactId of the task it names (task.link), if any."""
    request, definition = dict(task.request), task.definition
    if task.link is not None:
        request[task.link[0]] = linked_id
        definition = {**definition, task.link[0]: linked_id}
    # A file's own ClientToken wins, as it always has.
    request.setdefault(
        "ClientToken", start_token(task.key, definition, region, request["InstanceId"])
    )
    try:
        contact_id = aws.start_task_contact(client, sendable(request))
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


def _not_started(task: Task, link: tuple[str, str], waited: Task) -> Failed:
    """The failure of ``task``, whose ``link`` (task.link) names ``waited``, which did not start."""
    member = next(m for m, request_member in LINKED_MEMBERS.items() if request_member == link[0])
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
    links = {i: task.link for i, task in enumerate(tasks) if task.link is not None}
    dependents: dict[int, list[int]] = {}
    for i, link in links.items():
        dependents.setdefault(index.get(link[1], -1), []).append(i)

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
            if i not in links
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
                            report(j, _not_started(tasks[j], links[j], tasks[k]))
                            failed.append(j)
            # Only if called with links read_tasks refuses (a key not among the tasks, a cycle):
            # what still waits (a task with a link, each of them) was never started.
            for j in (j for j in range(len(tasks)) if j not in outcomes):
                report(
                    j,
                    Failed(
                        tasks[j].file,
                        LINKED_TASK_NOT_STARTED,
                        f"not started: the task its link names ({links[j][1]!r}) was not started: "
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


def _resolved(client: Any, tasks: Sequence[Task]) -> tuple[list[Task], list[Failed]]:
    """``tasks`` with every target name replaced by its id, and a Failed for each task whose
    name could not be resolved. Each distinct (instance, member, name) is resolved once."""
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

    Exit status EXIT_VALID (0) when every task started, EXIT_INVALID (1) when any did not (the
    envelope lists every failure beside what did start), or when no client could be built
    (nothing was sent).
    """
    try:
        client = aws.client_for(region, None, advice=_START_ADVICE)
    except AwsCallError as error:
        return failure_envelope(error.code, str(error)), EXIT_INVALID
    tasks, unresolved = _resolved(client, tasks)
    if unresolved:
        codes = {f.code for f in unresolved}
        message = (
            f"{len(unresolved)} of {len(tasks)} {'task names' if len(tasks) == 1 else 'tasks name'} a target "
            "that could not be resolved; nothing was started"
        )
        details = failure_details(unresolved)
        return failure_envelope(
            codes.pop() if len(codes) == 1 else NAME_NOT_RESOLVED, message, details
        ), EXIT_INVALID
    outcomes = _run(client, tasks, client.meta.region_name, progress_stream)
    started = [o for o in outcomes if isinstance(o, Started)]
    failed = [o for o in outcomes if isinstance(o, Failed)]
    if not failed:
        return success_envelope(started), EXIT_VALID
    codes = {f.code for f in failed}
    code = codes.pop() if len(codes) == 1 else "START_FAILED"
    tasks_word = "task" if len(tasks) == 1 else "tasks"
    message = f"{len(failed)} of {len(tasks)} {tasks_word} did not start; {len(started)} started"
    return failure_envelope(code, message, failure_details(failed), started), EXIT_INVALID
