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
(:func:`pulumi_connect_tasks.files.definitions.validate_definition`), before any resource is
declared: a broken file fails ``pulumi preview`` with one line per violation,
``file::$.path: message``, for every file at once.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping, Optional

import pulumi

from ..task.contact import INPUT_KEYS
from .definitions import (
    TARGETS,
    Problem,
    UnreadableDefinition,
    definition_files,
    definition_inputs,
    definition_key,
    read_definition,
    validate_definition,
)
from ..task.resource import ConnectTask, ConnectTaskArgs
from ..task.validation import UNKNOWN

__all__ = ["TaskSet", "TaskDefinitionError", "DEFAULTABLE_INPUTS", "MERGED_INPUTS"]

TYPE = "connect-tasks:index:TaskSet"
MERGED_INPUTS = ("attributes", "references", "segment_attributes")
"""Map inputs whose entries are merged: the defaults' entries, then the file's."""
# A default shared by every task must not make them one task (client_token,
# idempotency_key) nor fight the TaskSet's own instance and flow arguments.
_NOT_DEFAULTS = {"instance_id", "contact_flow_id", "quick_connect_id", "task_template_id", "client_token", "idempotency_key"}
DEFAULTABLE_INPUTS = tuple(key for key in INPUT_KEYS if key not in _NOT_DEFAULTS)
"""Inputs ``defaults`` may set; a file's own value wins (merged for MERGED_INPUTS)."""


class TaskDefinitionError(ValueError):
    """A TaskSet's files are broken or clash; ``problems`` lists every one."""

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join([summary] + ["  " + problem.line() for problem in problems]))


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

    ``instance_id`` and ``contact_flow_id`` go to every file that does not name its own
    (the flow only to a file that names no ContactFlowId, QuickConnectId or
    TaskTemplateId). ``defaults`` are ConnectTask inputs (snake_case, DEFAULTABLE_INPUTS)
    for every task; a file's own member wins, and attributes, references and segment
    attributes are merged key by key. Subfolders are not read.

    Raises TaskDefinitionError, before declaring anything, when the folder is missing, a
    file cannot be read or parsed or breaks a rule, two files share a key, or
    ``defaults`` names an input it may not set.
    """

    tasks: dict[str, ConnectTask]
    """The ConnectTask of each file, by key."""

    def __init__(
        self,
        resource_name: str,
        *,
        directory: str | Path,
        instance_id: Optional[pulumi.Input[str]] = None,
        contact_flow_id: Optional[pulumi.Input[str]] = None,
        defaults: Optional[Mapping[str, Any]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        defaults = dict(defaults or {})
        definitions = _load(resource_name, Path(directory), defaults, instance_id, contact_flow_id)
        super().__init__(TYPE, resource_name, None, opts)
        self.tasks = {}
        for key, definition in definitions.items():
            inputs = definition_inputs(definition)
            for name, default in defaults.items():
                inputs[name] = _merge(default, inputs.get(name)) if name in MERGED_INPUTS else inputs.get(name, default)
            if "instance_id" not in inputs and instance_id is not None:
                inputs["instance_id"] = instance_id
            if not any(target in definition for target in TARGETS) and contact_flow_id is not None:
                inputs["contact_flow_id"] = contact_flow_id
            self.tasks[key] = ConnectTask(
                f"{resource_name}-{key}", ConnectTaskArgs(**inputs), pulumi.ResourceOptions(parent=self)
            )
        self.register_outputs({"contact_ids": {key: task.contact_id for key, task in self.tasks.items()}})


def _load(
    resource_name: str,
    directory: Path,
    defaults: dict[str, Any],
    instance_id: Any,
    contact_flow_id: Any,
) -> dict[str, dict]:
    """Every file's definition by key, or TaskDefinitionError listing every problem."""
    where = f"TaskSet {resource_name!r} ({directory})"
    wrong = sorted(set(defaults) - set(DEFAULTABLE_INPUTS))
    if wrong:
        raise TaskDefinitionError(
            f"{where}: defaults may not set {', '.join(wrong)}; allowed: {', '.join(DEFAULTABLE_INPUTS)} "
            "(instance_id and contact_flow_id are arguments of TaskSet)",
            [],
        )
    if not directory.is_dir():
        raise TaskDefinitionError(f"{where}: the folder does not exist", [])
    supplied = {}
    if instance_id is not None:
        supplied["InstanceId"] = UNKNOWN
    if contact_flow_id is not None:
        supplied["ContactFlowId"] = UNKNOWN
    now = datetime.now(timezone.utc)
    problems: list[Problem] = []
    definitions: dict[str, dict] = {}
    owners: dict[str, str] = {}
    for path in definition_files(directory, recursive=False):
        try:
            definition = read_definition(path)
        except UnreadableDefinition as error:
            problems.append(Problem(str(path), None, str(error)))
            continue
        violations = validate_definition(definition, now=now, supplied=supplied, file=path)
        problems += [Problem(str(path), v.json_path(), v.message) for v in violations]
        if violations:
            continue
        key = definition_key(path, definition)
        if key in owners:
            problems.append(Problem(str(path), "$.Key", f"{owners[key]} has the same key {key!r}; set a different Key"))
            continue
        owners[key] = str(path)
        definitions[key] = definition
    if problems:
        count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
        raise TaskDefinitionError(f"{where}: {count} in task definitions:", problems)
    return definitions
