"""The output formats of ``connect-tasks validate``: one reporter per format, chosen by name.

    text     one line per problem on stdout (``file::$.path: message``), the summary on
             stderr; a usage error on stderr as ``connect-tasks validate: error: ...``
    json     one JSON object on stdout: ``{"success": true, "data": {"files": N}}``, or
             ``{"success": false, "error": {"code", "message", "details"?}}`` whose details
             carry each problem's line and column
    github   as text, each problem (and a usage error) a GitHub Actions workflow command,
             ``::error file=F,line=L,col=C,title=T::message``, so that it annotates the file

A command finds its reporter in :data:`REPORTERS` by the name it was given (``--format``)
and tells it one outcome: a usage error, every file valid, or the problems found. What the
files hold and which problems they have are :mod:`pulumi_connect_tasks.files.problems`';
a reporter only writes them.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, TextIO

from .problems import Problem, plural

__all__ = ["Reporter", "TextReporter", "JsonReporter", "GithubReporter", "REPORTERS", "emit_json"]


def emit_json(payload: dict[str, Any], out: TextIO) -> None:
    """``payload`` as one line of JSON, non-ASCII text as it is when it can be UTF-8."""
    text = json.dumps(payload, ensure_ascii=False)
    if not _encodable(
        text
    ):  # a lone surrogate (a JSON key "\ud800"): escaped, the JSON stays valid
        text = json.dumps(payload)
    print(text, file=out)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Reporter(ABC):
    """Writes one outcome of a command in one format.

    ``command`` names the command in a usage error ("connect-tasks validate"); ``out`` and
    ``err`` are the streams (stdout and stderr). A command calls exactly one method once.
    """

    def __init__(self, command: str, out: TextIO, err: TextIO) -> None:
        self.command = command
        self.out = out
        self.err = err

    @abstractmethod
    def usage_error(self, message: str) -> None:
        """The command line names something that is not there, or not a definition file."""

    @abstractmethod
    def valid(self, files: int) -> None:
        """Every one of ``files`` files is valid."""

    @abstractmethod
    def invalid(self, problems: Sequence[Problem], summary: str, unreadable: int) -> None:
        """``problems`` were found (``unreadable`` files could not be read or parsed);
        ``summary`` is the one line that counts them."""


class TextReporter(Reporter):
    """One line per problem on ``out``; the summary and a usage error on ``err``."""

    def usage_error(self, message: str) -> None:
        print(f"{self.command}: error: {message}", file=self.err)

    def valid(self, files: int) -> None:
        print(f"ok: {plural(files, 'file')} valid", file=self.out)

    def invalid(self, problems: Sequence[Problem], summary: str, unreadable: int) -> None:
        for problem in problems:
            print(self.line(problem), file=self.out)
        print(summary, file=self.err)

    def line(self, problem: Problem) -> str:
        """How one problem is written: ``file::$.path: message``."""
        return problem.line()


def _escape_data(text: str) -> str:
    # GitHub's own escaping (actions/toolkit, command.ts): "%" first, so no escape is undone.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(message: str, title: str, problem: Problem | None = None) -> str:
    """A GitHub Actions workflow command: ``::error file=F,line=L,col=C,title=T::message``."""
    properties: list[tuple[str, str]] = []
    if problem is not None:
        properties.append(("file", problem.file))
        if problem.position is not None:
            properties += [
                ("line", str(problem.position.line)),
                ("col", str(problem.position.column)),
            ]
    properties.append(("title", title))
    listed = ",".join(f"{name}={_escape_property(value)}" for name, value in properties)
    line = f"::error {listed}::{_escape_data(message)}"
    return line.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate, as "\ud800"


class GithubReporter(TextReporter):
    """As text, but each problem and a usage error is a GitHub Actions annotation on ``out``."""

    def usage_error(self, message: str) -> None:
        print(_annotation(message, self.command), file=self.out)

    def line(self, problem: Problem) -> str:
        # The message repeats the file and path: a job's log shows only the message.
        return _annotation(problem.line(), problem.path or "cannot be read or parsed", problem)


class JsonReporter(Reporter):
    """One JSON object on ``out``, whatever the outcome; nothing on ``err``."""

    def usage_error(self, message: str) -> None:
        emit_json(_failure("USAGE_ERROR", message), self.out)

    def valid(self, files: int) -> None:
        emit_json({"success": True, "data": {"files": files}}, self.out)

    def invalid(self, problems: Sequence[Problem], summary: str, unreadable: int) -> None:
        code = "UNREADABLE_FILE" if unreadable else "VALIDATION_ERROR"
        emit_json(_failure(code, summary, problems), self.out)


def _failure(code: str, message: str, details: Sequence[Problem] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = [problem.as_dict() for problem in details]
    return {"success": False, "error": error}


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
}
"""Each output format by the name ``--format`` takes; the first is the default."""
