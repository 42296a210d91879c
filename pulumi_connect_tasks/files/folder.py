"""A folder of task definition files, read as TaskSet and the plugin's readTaskFiles read it.

Every ``*.yaml``, ``*.yml`` or ``*.json`` file directly in the folder is read and checked
with the command line's rules; the folder's links (``PreviousTask``, ``RelatedTask``) are
checked with them (:mod:`.chains`). The definitions come back by key, a task named by
another before it; or TaskDefinitionError lists every problem at once. No Pulumi here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..common.errors import TaskDefinitionError, UnreadableDefinition
from .chains import creation_order, link_problems, linked
from .parsing import definition_files, definition_key, read_definition, validate_definition
from .problems import Problem, plural

__all__ = ["Definition", "load_folder"]

Definition = tuple[Path, dict]
"""A definition file's path and its (valid) definition."""


def load_folder(
    where: str,
    directory: Path,
    *,
    supplied: Mapping[str, Any],
    default_previous: bool = False,
) -> dict[str, Definition]:
    """Every file's definition by key, in creation order.

    ``supplied`` are the request members the caller gives every file that has none
    (``InstanceId``, a target), as UNKNOWN; ``default_previous`` says every task gets a
    previous contact unless its file names its own link. ``where`` heads the error.
    """
    if not directory.is_dir():
        raise TaskDefinitionError(f"{where}: the folder does not exist", [])
    now = datetime.now(UTC)
    problems: list[Problem] = []
    definitions: dict[str, Definition] = {}
    owners: dict[str, str] = {}
    members = []  # every file that parsed, broken or not: its key is there to be named
    for path in definition_files(directory, recursive=False):
        try:
            definition = read_definition(path)
        except UnreadableDefinition as error:
            problems.append(Problem(str(path), None, str(error)))
            continue
        members.append(
            linked(
                str(path),
                definition_key(path, definition),
                definition,
                default_previous=default_previous,
            )
        )
        violations = validate_definition(definition, now=now, supplied=supplied, file=path)
        problems += [Problem(str(path), v.json_path(), v.message) for v in violations]
        if violations:
            continue
        key = definition_key(path, definition)
        if key in owners:
            problems.append(
                Problem(
                    str(path),
                    "$.Key",
                    f"{owners[key]} has the same key {key!r}; set a different Key",
                )
            )
            continue
        owners[key] = str(path)
        definitions[key] = (path, definition)
    problems += [
        Problem(p.file, p.violation.json_path(), p.violation.message)
        for p in link_problems(members, scope="the folder")
    ]
    if problems:
        count = plural(len(problems), "problem")
        raise TaskDefinitionError(f"{where}: {count} in task definitions:", problems)
    return {key: definitions[key] for key in creation_order(members) if key in definitions}
