"""Amazon Connect tasks as Pulumi resources.

Importing the package has no side effects: no AWS client, no config or file read. The
names below load their modules on first use, so ``connect-tasks validate`` does not pay
for importing Pulumi.
"""

from importlib import import_module
from typing import Any

__all__ = [
    "ConnectTask",
    "ConnectTaskArgs",
    "ConnectTaskTemplate",
    "ConnectTaskTemplateArgs",
    "TaskSet",
    "RecurringConnectTask",
    "RecurringConnectTaskArgs",
]

_MODULES = {
    "ConnectTask": ".task.resource",
    "ConnectTaskArgs": ".task.resource",
    "ConnectTaskTemplate": ".template.resource",
    "ConnectTaskTemplateArgs": ".template.resource",
    "TaskSet": ".files.taskset",
    "RecurringConnectTask": ".recurring.resource",
    "RecurringConnectTaskArgs": ".recurring.resource",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_MODULES[name], __name__), name)
