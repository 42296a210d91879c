"""TaskSet: one ConnectTask per definition file in a folder.

    TaskSet("onboarding", directory="tasks/", instance_id=instance.id,
            contact_flow_id=flow.contact_flow_id, defaults={"attributes": {"environment": "dev"}})

Each ``*.yaml``, ``*.yml`` or ``*.json`` file directly in ``directory`` becomes the
ConnectTask ``<TaskSet name>-<key>``, the key being the file's ``Key`` member or else its
name without extension (tasks/verify-queue-routing.yaml -> "onboarding-verify-queue-routing").
The resource name is the task's identity (its idempotency key derives from it): adding
a file previews as one create; renaming a file without a ``Key`` previews as a delete
and a create (the old task is stopped, a new one started); setting ``Key`` to the old
name keeps the task.

Every file is checked when the program runs, with the command line's rules
(:func:`pulumi_connect_tasks.files.parsing.validate_definition`), before any resource is
declared: a broken file fails ``pulumi preview`` with one line per violation,
``file::$.path: message``, for every file at once.

A file may name another file of the folder by its key, ``PreviousTask: <key>`` or
``RelatedTask: <key>``: its task gets that task's ``contact_id`` as
``previous_contact_id`` or ``related_contact_id``, so Pulumi creates the named task
first (and replaces the linking task when the named one is replaced). The folder's links
are checked with the files (:mod:`pulumi_connect_tasks.files.chains`): a key no file has,
a cycle (every file of it named), more than 12 tasks in one PreviousContactId chain.

A file with a ``Schedule`` (``cron(0 9 ? * MON *)``, and optionally ``ScheduleTimezone``)
is a recurring task: it becomes the RecurringConnectTask ``<TaskSet name>-<key>`` (an
EventBridge Scheduler schedule, its role and policy, see
:mod:`pulumi_connect_tasks.recurring.resource`) instead of a ConnectTask. ``defaults``
reach it where a recurring task takes the input (attributes, references, segment
attributes, description); the ones only a one-off task has (scheduled_time,
stop_on_delete, ...) are not applied to it, except ``region``, which is refused: the
schedule starts the task in the aws provider's Region.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pulumi

from ..common.errors import TaskDefinitionError
from ..common.unknown import UNKNOWN
from ..recurring.checks import TASK_INPUTS
from ..recurring.resource import RecurringConnectTask, RecurringConnectTaskArgs
from ..task.contact import INPUT_KEYS
from ..task.requests import NAME_FIELDS
from ..task.resource import ConnectTask, ConnectTaskArgs
from .definition_format import LINK_MEMBERS, LINKED_MEMBERS, TARGETS, is_recurring
from .folder import load_folder
from .parsing import definition_inputs, schedule_inputs

__all__ = ["TaskSet", "TaskDefinitionError", "DEFAULTABLE_INPUTS", "MERGED_INPUTS"]

TYPE = "connect-tasks:index:TaskSet"
MERGED_INPUTS = ("attributes", "references", "segment_attributes")
"""Map inputs whose entries are merged: the defaults' entries, then the file's."""
# A default shared by every task must not make them one task (client_token,
# idempotency_key) nor fight the TaskSet's own instance and flow arguments.
_NOT_DEFAULTS = {
    "instance_id",
    *NAME_FIELDS,
    *NAME_FIELDS.values(),
    "client_token",
    "idempotency_key",
    "adopt_contact_id",
}  # the targets by id and by name; adopt= gives adopt_contact_id per key
DEFAULTABLE_INPUTS = tuple(key for key in INPUT_KEYS if key not in _NOT_DEFAULTS)
"""Inputs ``defaults`` may set; a file's own value wins (merged for MERGED_INPUTS)."""
_LINK_INPUTS = ("previous_contact_id", "related_contact_id")
"""The inputs PreviousTask and RelatedTask fill, in LINK_MEMBERS' order."""
# A file's own link (PreviousTask, RelatedTask, PreviousContactId, RelatedContactId) wins
# over both default links: a task links to one other task.
_FILE_LINKS = (*LINK_MEMBERS, *LINKED_MEMBERS.values())


def _merge(default: Any, own: Any) -> Any:
    if own is None:
        return default
    if not isinstance(own, dict):
        return own
    if isinstance(default, dict):
        return {**default, **own}
    return pulumi.Output.from_input(default).apply(lambda value: {**(value or {}), **own})


class TaskSet(pulumi.ComponentResource):
    """The tasks defined by the files in one folder, each a ConnectTask child resource.

    ``instance_id`` and the flow, ``contact_flow_id`` or ``contact_flow_name`` (one of
    them: a name is resolved to its id in each task's instance when the task starts), go
    to every file that does not name its own (the flow only to a file that names no
    target: none of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName,
    QuickConnectName, TaskTemplateName). ``defaults`` are ConnectTask inputs (snake_case, DEFAULTABLE_INPUTS)
    for every task; a file's own member wins, and attributes, references and segment
    attributes are merged key by key. Subfolders are not read.

    A file's ``PreviousTask``/``RelatedTask`` (the key of another file of the folder)
    becomes its ``previous_contact_id``/``related_contact_id`` from that task's
    ``contact_id``; the named task is declared first. A file's own link wins over a
    default ``previous_contact_id`` or ``related_contact_id``.

    ``adopt`` maps a key to the ContactId of a running task that key's ConnectTask takes
    instead of starting one (its ``adopt_contact_id``). Contact ids belong to one
    environment: give them from the stack's code or config, never from the shared files.

    Raises TaskDefinitionError, before declaring anything, when the folder is missing, a
    file cannot be read or parsed or breaks a rule, two files share a key, a link names
    a key no file has or forms a cycle, a chain holds more than 12 tasks,
    ``defaults`` names an input it may not set, or both contact_flow_id and
    contact_flow_name are given.
    """

    tasks: dict[str, ConnectTask]
    """The ConnectTask of each one-off file, by key."""
    recurring: dict[str, RecurringConnectTask]
    """The RecurringConnectTask of each file with a Schedule, by key."""

    def __init__(
        self,
        resource_name: str,
        *,
        directory: str | Path,
        instance_id: pulumi.Input[str] | None = None,
        contact_flow_id: pulumi.Input[str] | None = None,
        contact_flow_name: pulumi.Input[str] | None = None,
        defaults: Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        adopt: Mapping[str, pulumi.Input[str]] | None = None,
    ) -> None:
        defaults = dict(defaults or {})
        if contact_flow_id is not None and contact_flow_name is not None:
            raise TaskDefinitionError(
                f"TaskSet {resource_name!r} ({directory}): give contact_flow_id or contact_flow_name, not both",
                [],
            )
        flow = (
            ("contact_flow_id", contact_flow_id)
            if contact_flow_name is None
            else ("contact_flow_name", contact_flow_name)
        )
        definitions = _load(resource_name, Path(directory), defaults, instance_id, flow)
        adopt = dict(adopt or {})
        if set(adopt) - set(definitions):
            raise TaskDefinitionError(
                f"TaskSet {resource_name!r} ({directory}): adopt names "
                f"{', '.join(repr(k) for k in sorted(set(adopt) - set(definitions)))}, which no file of the set "
                f"has; its keys: {', '.join(sorted(definitions)) or '(none)'}",
                [],
            )
        recurring = sorted(
            key for key, definition in definitions.items() if is_recurring(definition)
        )
        where = f"TaskSet {resource_name!r} ({directory})"
        adopted = sorted(set(adopt) & set(recurring))
        if adopted:
            raise TaskDefinitionError(
                f"{where}: adopt names {', '.join(repr(k) for k in adopted)}, a recurring task "
                "(Schedule): each run is a new task, there is none to adopt",
                [],
            )
        if "region" in defaults and recurring:
            raise TaskDefinitionError(
                f"{where}: defaults sets region, which the recurring tasks ({', '.join(recurring)}) "
                "do not take: their schedules start them in the aws provider's Region; give the "
                "TaskSet an aws provider for that Region instead",
                [],
            )
        super().__init__(TYPE, resource_name, None, opts)
        self.tasks = {}
        self.recurring = {}
        for key, definition in definitions.items():
            inputs = definition_inputs(definition)
            for name, default in defaults.items():
                if name in _LINK_INPUTS and any(member in definition for member in _FILE_LINKS):
                    continue
                inputs[name] = (
                    _merge(default, inputs.get(name))
                    if name in MERGED_INPUTS
                    else inputs.get(name, default)
                )
            for member, name in zip(LINK_MEMBERS, _LINK_INPUTS, strict=True):
                if member in definition:  # declared before this one: _load orders them so
                    inputs[name] = self.tasks[definition[member]].contact_id
            if "instance_id" not in inputs and instance_id is not None:
                inputs["instance_id"] = instance_id
            if not any(target in definition for target in TARGETS) and flow[1] is not None:
                inputs[flow[0]] = flow[1]
            if key in adopt:
                inputs["adopt_contact_id"] = adopt[key]
            child = pulumi.ResourceOptions(parent=self)
            if key in recurring:
                inputs = {k: v for k, v in inputs.items() if k in TASK_INPUTS}
                self.recurring[key] = RecurringConnectTask(
                    f"{resource_name}-{key}",
                    RecurringConnectTaskArgs(**inputs, **schedule_inputs(definition)),
                    child,
                )
                continue
            self.tasks[key] = ConnectTask(
                f"{resource_name}-{key}", ConnectTaskArgs(**inputs), child
            )
        self.register_outputs(
            {
                "contact_ids": {key: task.contact_id for key, task in self.tasks.items()},
                "schedule_names": {key: task.schedule_name for key, task in self.recurring.items()},
            }
        )


def _load(
    resource_name: str,
    directory: Path,
    defaults: dict[str, Any],
    instance_id: Any,
    flow: tuple[str, Any],
) -> dict[str, dict]:
    """Every file's definition by key, a named task before the tasks naming it; or
    TaskDefinitionError listing every problem, the links' among them."""
    where = f"TaskSet {resource_name!r} ({directory})"
    wrong = sorted(set(defaults) - set(DEFAULTABLE_INPUTS))
    if wrong:
        raise TaskDefinitionError(
            f"{where}: defaults may not set {', '.join(wrong)}; allowed: {', '.join(DEFAULTABLE_INPUTS)} "
            "(instance_id and contact_flow_id or contact_flow_name are arguments of TaskSet)",
            [],
        )
    supplied = {}
    if instance_id is not None:
        supplied["InstanceId"] = UNKNOWN
    if flow[1] is not None:
        supplied["ContactFlowId" if flow[0] == "contact_flow_id" else "ContactFlowName"] = UNKNOWN
    found = load_folder(
        where,
        directory,
        supplied=supplied,
        default_previous=defaults.get("previous_contact_id") is not None,
    )
    return {key: definition for key, (_, definition) in found.items()}
