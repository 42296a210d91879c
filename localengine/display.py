"""Pulumi-like text for a Summary: one line per step, the errors, the counts."""

from __future__ import annotations

from .summary import OPS, Summary

__all__ = ["render"]

_SYMBOLS = {
    "same": "  same",
    "create": "+ create",
    "update": "~ update",
    "replace": "+- replace",
    "delete": "- delete",
    "read": "> read",
    "refresh-drift": "~ drift",
}
_DONE = {
    "same": "unchanged",
    "create": "created",
    "update": "updated",
    "replace": "replaced",
    "delete": "deleted",
    "read": "read",
    "refresh-drift": "drifted",
}
_PLANNED = {
    **_DONE,
    "create": "to create",
    "update": "to update",
    "replace": "to replace",
    "delete": "to delete",
}
_HEADERS = {
    "preview": "Previewing update",
    "up": "Updating",
    "refresh": "Refreshing",
    "destroy": "Destroying",
}


def render(summary: Summary) -> list[str]:
    """The lines to print for ``summary`` (no values of properties, only names)."""
    lines = [f"{_HEADERS.get(summary.operation, summary.operation)} ({summary.stack})"]
    width = max((len(s.type) for s in summary.steps), default=0)
    for step in summary.steps:
        line = f"    {_SYMBOLS[step.op]:<11} {step.type:<{width}}  {step.name}"
        if not step.ok:
            line += "  **failed**"
        lines.append(line)
    diagnostics = [f"error: {failure}" for failure in summary.check_failures]
    checked = {(f.type, f.name) for f in summary.check_failures}  # already said, with the reason
    diagnostics += [
        f"error: {s.type} resource '{s.name}': {s.op} failed: {s.error}"
        for s in summary.failed
        if (s.type, s.name) not in checked
    ]
    diagnostics += [f"error: {message}" for message in summary.errors]
    diagnostics += [f"warning: {message}" for message in summary.warnings]
    if diagnostics:
        lines.append("")
        lines.extend(diagnostics)
    counts = summary.counts
    words = _PLANNED if summary.operation == "preview" else _DONE
    parts = [f"{counts[op]} {words[op]}" for op in OPS[1:] + OPS[:1] if counts.get(op)]
    if summary.failed:
        parts.append(f"{len(summary.failed)} failed")
    lines.append("")
    lines.append(f"Resources: {', '.join(parts) if parts else 'none'}")
    return lines
