"""What a lifecycle core's diff says: each changed input, and whether it replaces.

A front turns a :class:`Diff` into its engine's answer: the dynamic provider's
``DiffResult`` (changes, replaces, delete_before_replace), or a provider plugin's detailed
diff (each property: update or replace).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PropertyChange", "Diff"]


@dataclass(frozen=True)
class PropertyChange:
    """One input that changes, and whether the change needs a new resource."""

    key: str
    replaces: bool


@dataclass(frozen=True)
class Diff:
    """Every changed input, in the resource's input order."""

    properties: tuple[PropertyChange, ...] = ()
    delete_before_replace: bool = False
    """Delete the old resource before creating its replacement (when one is needed)."""

    @property
    def changed(self) -> list[str]:
        return [p.key for p in self.properties]

    @property
    def replaces(self) -> list[str]:
        return [p.key for p in self.properties if p.replaces]
