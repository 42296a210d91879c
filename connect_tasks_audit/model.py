"""The shape of the audit: the operations it reads, the kinds of handling, one row.

A row (:class:`Rule`) quotes the sentences of botocore's documentation that state one
constraint and says how the provider, ``connect-tasks validate`` and the emulator treat
it. The rows themselves are data: :mod:`connect_tasks_audit.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AUDITED_OPERATIONS", "KINDS", "Rule"]

AUDITED_OPERATIONS = (
    "StartTaskContact",
    "DescribeContact",
    "UpdateContact",
    "UpdateContactAttributes",
    "UpdateContactSchedule",
    "StopContact",
    "GetContactAttributes",
    "ListContactReferences",
    "CreateTaskTemplate",
    "GetTaskTemplate",
    "UpdateTaskTemplate",
    "DeleteTaskTemplate",
    "ListTaskTemplates",
    "ListContactFlows",
    "ListQuickConnects",
)
"""Every operation the provider, the command line and the emulator use: the audit reads
their documentation and that of every shape their requests reach."""

KINDS = {
    "checked": "holds before anything is sent: checked at preview and by connect-tasks validate, "
    "or guaranteed by what the provider sends",
    "at create": "checked by the provider against live data it reads first, before the call",
    "left to AWS": "not checked before sending: it needs live state the provider does not read",
    "behaviour": "what AWS does; the provider relies on it and the emulator does the same",
}
"""Each kind of handling a row may have, and what it means (the table's legend)."""


@dataclass(frozen=True)
class Rule:
    """One constraint botocore's documentation states, and how it is handled."""

    id: str
    """Stable name, used by the tests that exercise the row."""
    operations: tuple[str, ...]
    """Where the sentences are: operations, or the shapes of their requests."""
    quotes: tuple[str, ...]
    """The sentences, exactly as :func:`~connect_tasks_audit.botocore_text.documented_sentences` gives them."""
    kind: str
    """A key of KINDS."""
    provider: str
    """How the provider and ``connect-tasks validate`` treat it, or why they do not."""
    emulator: str
    """How the emulator implements it."""
