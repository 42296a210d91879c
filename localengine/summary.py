"""What an engine operation did: one Step per resource, check failures, errors, warnings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["OPS", "CheckFailureReport", "Step", "Summary"]

OPS = ("same", "create", "update", "replace", "delete", "read", "refresh-drift")
"""Every step kind, in display order."""


@dataclass(frozen=True)
class Step:
    """One resource's step. ``ok`` is False when it failed or was skipped; ``error``
    then says why (the provider's exception text) and ``detail`` holds the traceback."""

    urn: str
    type: str
    name: str
    op: str
    ok: bool = True
    error: str = ""
    detail: str = ""


@dataclass(frozen=True)
class CheckFailureReport:
    """A provider Check failure, rendered the way Pulumi does but without the value."""

    type: str
    name: str
    property: str
    reason: str

    def __str__(self) -> str:
        return f"{self.type} resource '{self.name}': property {self.property} has a problem: {self.reason}"


@dataclass
class Summary:
    """The outcome of preview/up/refresh/destroy. ``ok`` is False if anything failed;
    ``warnings`` are worth reading but fail nothing."""

    operation: str
    stack: str
    steps: list[Step] = field(default_factory=list)
    check_failures: list[CheckFailureReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.check_failures and all(s.ok for s in self.steps)

    @property
    def counts(self) -> dict[str, int]:
        """Successful steps per op, e.g. {"create": 2, "same": 1}."""
        return dict(Counter(s.op for s in self.steps if s.ok))

    @property
    def failed(self) -> list[Step]:
        return [s for s in self.steps if not s.ok]

    def step(self, name: str) -> Step:
        """The step of the resource named ``name`` (the last one if it had several)."""
        matches = [s for s in self.steps if s.name == name]
        if not matches:
            raise KeyError(name)
        return matches[-1]
