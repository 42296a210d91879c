"""The package's old name: ``dynamic_providers`` is now :mod:`pulumi_connect_tasks`.

Stacks created before the rename pickled ``dynamic_providers.provider.ConnectTaskProvider``
(and the template provider) into their state, and programs import
``dynamic_providers.taskset.TaskSet`` and the like. Every old module path still imports:
``dynamic_providers.<old name>`` *is* the module that replaced it (the same object, so
the same classes), loaded on first use. New code imports ``pulumi_connect_tasks``: a
program that keeps its own providers in a local ``dynamic_providers/`` folder shadows
this name, never that one.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from typing import Any

import pulumi_connect_tasks

__all__ = [
    "ConnectTask",
    "ConnectTaskArgs",
    "ConnectTaskTemplate",
    "ConnectTaskTemplateArgs",
    "TaskSet",
    "MOVED",
]

MOVED = {
    "flows": "pulumi_connect_tasks.flows",
    "schemas": "pulumi_connect_tasks.schemas",
    **{
        name: f"pulumi_connect_tasks.task.{name}"
        for name in (
            "resource",
            "provider",
            "checks",
            "contact",
            "requests",
            "schedule",
            "references",
            "validation",
        )
    },
    **{
        f"template_{name}": f"pulumi_connect_tasks.template.{name}"
        for name in (
            "resource",
            "provider",
            "aws",
            "shape",
            "validation",
        )
    },
    # Whether a task fits its template is a rule of tasks now.
    "template_check": "pulumi_connect_tasks.task.template_fit",
    **{
        name: f"pulumi_connect_tasks.files.{name}"
        for name in (
            "definitions",
            "positions",
            "taskset",
            "cli",
            "cli_start",
            "progress",
        )
    },
    **{
        name: f"pulumi_connect_tasks.common.{name}"
        for name in (
            "aws",
            "pacing",
            "retrying",
            "errors",
            "base",
        )
    },
    "aws_rules": "connect_tasks_audit",
}
"""Each old module (``dynamic_providers.<key>``) and the module that is now it."""


class _MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers ``import dynamic_providers.<old name>`` with the module it moved to."""

    def __init__(self) -> None:
        self._specs: dict[str, Any] = {}

    def find_spec(self, fullname: str, path: Any = None, target: Any = None):
        prefix, _, old = fullname.partition(".")
        if prefix != __name__ or old not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        # The new module itself, not a copy: unpickling an old state finds the very class
        # that new code uses, and isinstance and monkeypatching agree across both names.
        module = importlib.import_module(MOVED[spec.name.partition(".")[2]])
        self._specs[spec.name] = module.__spec__
        return module

    def get_code(self, fullname: str):
        """``python -m dynamic_providers.<old name>`` runs the module that replaced it."""
        moved = MOVED[fullname.partition(".")[2]]
        source = f"import runpy\nrunpy.run_module({moved!r}, run_name='__main__', alter_sys=True)\n"
        return compile(source, f"<{fullname}: moved to {moved}>", "exec")

    def is_package(self, fullname: str) -> bool:
        return False

    def exec_module(self, module) -> None:
        # Nothing to run: the module was imported under its new name. The import system
        # has just set the old name's spec on it; give it back its own.
        module.__spec__ = self._specs.pop(module.__spec__.name)


if not any(isinstance(finder, _MovedFinder) for finder in sys.meta_path):
    sys.meta_path.insert(0, _MovedFinder())


def __getattr__(name: str) -> Any:
    if name in pulumi_connect_tasks.__all__:
        return getattr(pulumi_connect_tasks, name)
    if name in MOVED:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
