"""A file's problems: each violation or read failure, located in the text, as one line.

:func:`check_file` runs a file through :mod:`pulumi_connect_tasks.files.parsing` and gives
each problem a :class:`Position` (line and column) for editors and CI annotations: a
violation points at its member's key in the file, or at the nearest member above it when
the member is missing; a syntax error at where it is. :func:`document_problems` does the
same for a file already read, from the positions its parse kept (nothing is read twice).
How problems are printed (text, JSON, GitHub annotations) is
:mod:`pulumi_connect_tasks.files.reporters`' concern; a problem never holds a value of the
file, only where and which rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..common.errors import UnreadableDefinition
from ..common.violations import Violation
from .definition_format import TASKSET_SUPPLIES
from .parsing import read_document, validate_definition
from .positions import Position, Positions, locate
from .reading import Document

__all__ = [
    "Position",
    "Problem",
    "printable",
    "plural",
    "summary",
    "unreadable_problem",
    "check_file",
    "document_problems",
    "located_problems",
]

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators would
# break one line per problem (or move a terminal's cursor); a lone surrogate (JSON's
# "\\ud800" in a key) cannot be printed as UTF-8 at all.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` on one line: each control character (a newline in a file name, a key) as
    Python writes it in a string ("\\n", "\\x1b"); everything else as it is."""
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: a violation, or why the file could not be read."""

    file: str
    """The file as the user named it (or as found in a folder they named)."""
    path: str | None
    """Where in the file, in AWS shape: "$.References.runbook.Value"; None if unreadable."""
    message: str
    """The rule, or why the file could not be read or parsed; never a value of the file."""
    position: Position | None = None
    """Where in the text: the member's key, or the nearest member above a missing one, or
    the syntax error; None when not known (a file that cannot be read, or not located)."""

    def line(self) -> str:
        """``file::$.path: message``, or ``file: message`` for an unreadable file; one line,
        whatever the file's name holds (see :func:`printable`)."""
        if self.path is None:
            return f"{printable(self.file)}: {self.message}"
        return f"{printable(self.file)}::{printable(self.path)}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """file, path and message; line and column too when the position is known."""
        out: dict[str, Any] = {"file": self.file, "path": self.path, "message": self.message}
        if self.position is not None:
            out.update(line=self.position.line, column=self.position.column)
        return out


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(files: int, problems: Sequence[Problem], unreadable: int) -> str:
    """One line on what ``problems`` (of ``files`` files, ``unreadable`` of them not read or
    parsed) come to: "2 violations in 1 of 3 files", or with the unreadable ones first."""
    violations = [p for p in problems if p.path is not None]
    broken = len({p.file for p in violations})
    text = f"{plural(len(violations), 'violation')} in {broken} of {plural(files, 'file')}"
    if not unreadable:
        return text
    head = f"{unreadable} of {plural(files, 'file')} could not be read or parsed"
    return head + (
        f"; {plural(len(violations), 'violation')} in {plural(broken, 'other file')}"
        if violations
        else ""
    )


def unreadable_problem(file: str, error: UnreadableDefinition) -> Problem:
    """The problem of a file that could not be read or parsed, where the text stops being
    valid when that is known."""
    position = None if error.position is None else Position(*error.position)
    return Problem(file, None, str(error), position)


def check_file(
    path: Path,
    *,
    now: datetime,
    supplied: Mapping[str, Any] = TASKSET_SUPPLIES,
    name: str | None = None,
) -> tuple[list[Problem], bool]:
    """Every problem of one file, each with its position, and whether it could be read and parsed.

    ``name`` is how the file is shown (default ``str(path)``).
    """
    shown = str(path) if name is None else name
    try:
        document = read_document(path)
    except UnreadableDefinition as error:
        return [unreadable_problem(shown, error)], False
    return document_problems(path, document, now=now, supplied=supplied, name=shown), True


def document_problems(
    path: Path,
    document: Document,
    *,
    now: datetime,
    supplied: Mapping[str, Any] = TASKSET_SUPPLIES,
    name: str | None = None,
) -> list[Problem]:
    """Every violation of a file already read (:func:`read_document`), each with its position."""
    violations = validate_definition(document.data, now=now, supplied=supplied, file=path)
    return located_problems(path, violations, name, document.positions)


def located_problems(
    path: Path,
    violations: list[Violation],
    shown: str | None = None,
    positions: Positions | None = None,
) -> list[Problem]:
    """The violations of a file that parsed, as Problems with the line and column of each.

    ``positions`` are the file's (its :class:`Document`'s) when the caller has them; else
    the file is read and parsed again, which happens only when there is something to report.
    """
    if not violations:
        return []
    if positions is None:
        positions = read_document(path).positions
    shown = str(path) if shown is None else shown
    return [Problem(shown, v.json_path(), v.message, locate(positions, v.path)) for v in violations]
