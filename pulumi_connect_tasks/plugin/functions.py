"""The plugin's function ``readTaskFiles``: a folder of task definition files for programs
in any language, so that a TypeScript program can declare one Task per file as TaskSet
does in Python.

The folder is read as TaskSet reads it (:func:`pulumi_connect_tasks.files.folder.load_folder`):
the same rules, the same errors, bounded reads. Each file comes back with its key, its
task's inputs in the schema's names, whether it names its own target, the keys of the
files it links to, and a recurring task's Schedule; the list is in creation order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..common.casing import camel
from ..common.errors import ConnectTaskError
from ..common.unknown import UNKNOWN
from ..files.definition_format import LINK_MEMBERS, SCHEDULE_MEMBERS, TARGETS
from ..files.folder import load_folder
from ..files.parsing import definition_inputs
from .convert import from_core_type

__all__ = ["read_task_files"]


def read_task_files(args: dict[str, Any]) -> dict[str, Any]:
    """readTaskFiles' result for its arguments; TaskDefinitionError names every problem."""
    directory = args.get("directory")
    if not isinstance(directory, str) or not directory:
        raise ConnectTaskError("readTaskFiles: directory must be the path of a folder")
    supplied: dict[str, Any] = {}
    if args.get("suppliesInstanceId", True):
        supplied["InstanceId"] = UNKNOWN
    if args.get("suppliesTarget", True):
        supplied["ContactFlowId"] = UNKNOWN
    found = load_folder(f"readTaskFiles ({directory})", Path(directory), supplied=supplied)
    tasks = []
    for key, (path, definition) in found.items():
        task: dict[str, Any] = {
            "key": key,
            "file": str(path),
            "inputs": from_core_type("TaskDefinition", definition_inputs(definition)),
            "namesTarget": any(target in definition for target in TARGETS),
        }
        for member in (*LINK_MEMBERS, *SCHEDULE_MEMBERS):
            if member in definition:
                task[camel(member)] = definition[member]
        tasks.append(task)
    return {"tasks": tasks}
