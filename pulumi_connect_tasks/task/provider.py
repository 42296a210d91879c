"""ConnectTaskProvider: the dynamic provider behind :class:`ConnectTask`.

A thin adapter: Pulumi's dynamic-provider calls in, :mod:`.lifecycle` does the work, its
results go back as Pulumi's result types. The object is pickled into the stack's state by
reference (module path and class name are a stable API: moving them breaks existing
stacks). It holds plain data only; the region and profile it learns in ``configure`` are
set in the provider server's process.
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from ..common.base import ConnectProvider
from . import lifecycle
from .lifecycle import MAX_GENERATIONS

__all__ = ["ConnectTaskProvider", "MAX_GENERATIONS"]


class ConnectTaskProvider(ConnectProvider):
    """Starts, reads, updates and stops one Amazon Connect task."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = lifecycle.check(olds, news)
        return CheckResult(inputs, [CheckFailure(p, reason) for p, reason in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        found = lifecycle.diff(_id, olds, news, self.settings)
        return DiffResult(
            changes=bool(found.changed),
            replaces=found.replaces,
            delete_before_replace=found.delete_before_replace,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """If create fails, no task was started, or the error names it."""
        return CreateResult(*lifecycle.create(props, self.settings))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """A task that no longer exists reads as id ""."""
        found = lifecycle.read(id_, props, self.settings)
        return ReadResult("", {}) if found is None else ReadResult(*found)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """On failure the error lists what was already applied."""
        return UpdateResult(lifecycle.update(id_, olds, news, self.settings))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        lifecycle.delete(id_, props, self.settings)
