"""Routing: HTTP method + path → Amazon Connect operation, from botocore's model.

Every operation of the connect model is routed, so a request for an operation
the emulator does not serve is named in its NotImplementedException. The
operations served are SUPPORTED_OPERATIONS; adding one means adding its name
here and its backend method (models.py, templates.py or tasks.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote

from .shapes import service_model

__all__ = ["Route", "SUPPORTED_OPERATIONS", "load", "match"]

SUPPORTED_OPERATIONS: frozenset[str] = frozenset(
    {
        # instances and the resources a task names
        "CreateInstance",
        "DescribeInstance",
        "ListInstances",
        "CreateContactFlow",
        "DescribeContactFlow",
        "ListContactFlows",
        "CreateQuickConnect",
        "ListQuickConnects",
        # task templates
        "CreateTaskTemplate",
        "GetTaskTemplate",
        "UpdateTaskTemplate",
        "DeleteTaskTemplate",
        "ListTaskTemplates",
        # task contacts
        "StartTaskContact",
        "DescribeContact",
        "GetContactAttributes",
        "ListContactReferences",
        "UpdateContact",
        "UpdateContactAttributes",
        "UpdateContactSchedule",
        "StopContact",
    }
)


@dataclass(frozen=True)
class Route:
    """One operation's route: compiled path pattern, its URI labels, and how specific it is."""

    operation: str
    method: str
    pattern: re.Pattern[str]
    labels: tuple[str, ...]
    literal_segments: int


def _compile(uri: str) -> tuple[re.Pattern[str], tuple[str, ...], int]:
    path = uri.split("?", 1)[0]
    labels: list[str] = []
    regex = ""
    literal = 0
    for segment in path.strip("/").split("/"):
        if not segment:
            continue
        found = re.fullmatch(r"\{(\w+)(\+?)\}", segment)
        if found:
            labels.append(found.group(1))
            regex += "/(.+)" if found.group(2) else "/([^/]+)"
        else:
            literal += 1
            regex += "/" + re.escape(segment)
    return re.compile("^" + (regex or "/") + "/?$"), tuple(labels), literal


@functools.lru_cache(maxsize=1)
def _routes() -> tuple[Route, ...]:
    model = service_model()
    routes = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        pattern, labels, literal = _compile(http["requestUri"])
        routes.append(Route(name, http["method"].upper(), pattern, labels, literal))
    # Most literal segments first, so "/contact/task" wins over "/contact/{X}".
    routes.sort(key=lambda route: (-route.literal_segments, len(route.labels)))
    return tuple(routes)


def load() -> None:
    """Build the routing table now (otherwise the first request builds it)."""
    _routes()


def match(method: str, raw_path: str) -> tuple[str, dict[str, str]] | None:
    """(operation name, URI label values percent-decoded) for a request; None if no route fits.

    ``raw_path`` is the path as sent (still percent-encoded), so an encoded "/"
    inside a label does not split it.
    """
    for route in _routes():
        if route.method != method.upper():
            continue
        found = route.pattern.match(raw_path)
        if found:
            return route.operation, {
                label: unquote(value)
                for label, value in zip(route.labels, found.groups(), strict=True)
            }
    return None
