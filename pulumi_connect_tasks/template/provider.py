"""ConnectTaskTemplateProvider: the dynamic provider behind :class:`ConnectTaskTemplate`.

A thin adapter over :mod:`.lifecycle`. Pickled into the stack's state by reference: the
module path and class name are a stable API. It holds plain data only; the region and
profile it learns in ``configure`` are set in the provider server's process.
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
from .lifecycle import MAX_GENERATIONS, check_template_inputs

__all__ = ["ConnectTaskTemplateProvider", "check_template_inputs", "MAX_GENERATIONS"]


class ConnectTaskTemplateProvider(ConnectProvider):
    """Creates, reads, updates and deletes one Amazon Connect task template."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = lifecycle.check(olds, news)
        return CheckResult(inputs, [CheckFailure(p, reason) for p, reason in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Changes update in place (UpdateTaskTemplate); instance_id and region replace."""
        found = lifecycle.diff(_id, olds, news)
        return DiffResult(
            changes=bool(found.changed), replaces=found.replaces, delete_before_replace=False
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """If create fails, no template was created, or the error names it."""
        return CreateResult(*lifecycle.create(props, self.settings))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """A template that no longer exists reads as id ""."""
        found = lifecycle.read(id_, props, self.settings)
        return ReadResult("", {}) if found is None else ReadResult(*found)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(lifecycle.update(id_, olds, news, self.settings))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        lifecycle.delete(id_, props, self.settings)
