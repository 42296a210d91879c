"""The WSGI application: restJson1 requests in, backend calls, JSON responses out.

Per AWS request, in this order:

1. route method + path to an operation (404 UnknownOperationException if none);
2. count the call (every received request, see ``CallCounter``) and read the
   account and Region from the SigV4 credential scope (``credential_scope``);
3. 501 NotImplementedException for an operation the emulator does not serve;
4. fault injection decides: latency, an error, or drop_before;
5. throttling by (account, Region, operation) bucket (429 ThrottlingException);
6. parse the request (URI labels, query string, JSON body) and call the backend;
7. render the result or the error; drop_after discards the response;
8. record when the request was received and answered, and its outcome (``RequestLog``).

The emulator has no IAM: one access key id is one account for throttling.
Resources are not split by key: every key sees the one account's
(123456789012) resources of the Region it signs for.

This module knows the wire protocol and no Connect rule.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from .exceptions import (
    ConnectError,
    InternalServiceException,
    NotImplementedException,
    SerializationException,
    ThrottlingException,
    UnknownOperationException,
    error_class,
)
from .faults import FaultInjector
from .models import ConnectBackend
from .shapes import operation_model
from .throttle import ANONYMOUS_ACCOUNT, Throttle
from .timings import RequestLog, RequestRecord
from .urls import SUPPORTED_OPERATIONS, match

__all__ = [
    "CallCounter",
    "DEFAULT_REGION",
    "DropConnection",
    "EmulatorApp",
    "credential_scope",
    "error_response",
    "json_response",
    "parse_params",
]

DEFAULT_REGION = "us-east-1"
_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([a-z0-9-]+)/")
_log = logging.getLogger("connect_emulator")


class DropConnection(Exception):
    """Raised out of the app to make the server close the socket without a response."""


class CallCounter:
    """Requests received per operation, and how many of them the backend completed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.succeeded: Counter[str] = Counter()

    def receive(self, operation: str) -> None:
        with self._lock:
            self.received[operation] += 1

    def succeed(self, operation: str) -> None:
        with self._lock:
            self.succeeded[operation] += 1

    def reset(self) -> None:
        with self._lock:
            self.received.clear()
            self.succeeded.clear()

    def describe(self) -> dict[str, dict[str, int]]:
        """``{"calls": {op: n}, "succeeded": {op: n}}``."""
        with self._lock:
            return {"calls": dict(sorted(self.received.items())), "succeeded": dict(sorted(self.succeeded.items()))}


def json_response(data: Any, status: int = 200) -> Response:
    """A JSON response with an x-amzn-RequestId."""
    return Response(
        json.dumps(data),
        status=status,
        content_type="application/json",
        headers={"x-amzn-RequestId": str(uuid.uuid4())},
    )


def error_response(error: ConnectError) -> Response:
    """An AWS restJson1 error: status, ``x-amzn-ErrorType`` header, ``{"message": ...}`` body."""
    response = json_response(error.body(), status=error.status)
    response.headers["x-amzn-ErrorType"] = error.code
    return response


def credential_scope(authorization: str | None) -> tuple[str, str]:
    """(access key id, Region) of a SigV4 Authorization header's credential scope.

    Without a parsable header: the anonymous account ``""`` and us-east-1.
    """
    found = _CREDENTIAL_SCOPE.search(authorization or "")
    return (found.group(1), found.group(2)) if found else (ANONYMOUS_ACCOUNT, DEFAULT_REGION)


def _query_value(shape: Any, values: list[str]) -> Any:
    if shape.type_name == "list":
        return values
    value = values[-1]
    if shape.type_name in ("integer", "long"):
        try:
            return int(value)
        except ValueError:
            raise SerializationException("A query string value is not an integer") from None
    if shape.type_name == "boolean":
        return value.lower() == "true"
    return value


def parse_params(operation: str, labels: dict[str, str], request: Request) -> dict[str, Any]:
    """The request's members by name, from URI labels, query string, headers and JSON body."""
    raw = request.get_data()
    body: Any = {}
    if raw.strip():
        try:
            body = json.loads(raw)
        except ValueError:
            raise SerializationException("The request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise SerializationException("The request body must be a JSON object")
    params: dict[str, Any] = {}
    for name, shape in operation_model(operation).input_shape.members.items():
        location = shape.serialization.get("location")
        wire_name = shape.serialization.get("name", name)
        if location == "uri":
            params[name] = labels.get(wire_name)
        elif location == "querystring":
            values = request.args.getlist(wire_name)
            if values:
                params[name] = _query_value(shape, values)
        elif location == "header":
            if wire_name in request.headers:
                params[name] = request.headers[wire_name]
        elif name in body:
            params[name] = body[name]
    return params


class EmulatorApp:
    """WSGI app serving Connect operations and, through ``inspection``, the /_emulator surface."""

    def __init__(
        self,
        backend: ConnectBackend,
        throttle: Throttle,
        faults: FaultInjector,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.backend = backend
        self.throttle = throttle
        self.faults = faults
        self.calls = CallCounter()
        self.requests = RequestLog()
        self._sleep = sleep
        self.inspection: Callable[[Request], Response] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith("/_emulator/") and self.inspection is not None:
            response = self.inspection(request)
        else:
            response = self.handle(request, environ)
        return response(environ, start_response)

    def handle(self, request: Request, environ: dict[str, Any]) -> Response:
        """Serve one AWS request (see the module docstring for the order of steps)."""
        received = self.requests.monotonic()
        raw_path = (environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.path).split("?", 1)[0]
        request.get_data()  # read the whole body first, so a dropped connection is not a reset mid-upload
        routed = match(request.method, raw_path)
        if routed is None:
            message = f"No Amazon Connect operation is routed at {request.method} {request.path}"
            return error_response(UnknownOperationException(message))
        operation, labels = routed
        self.calls.receive(operation)
        account, region = credential_scope(request.headers.get("Authorization"))

        def record(response: Response | None, outcome: str) -> None:
            status = None if response is None else response.status_code
            error = None if response is None else response.headers.get("x-amzn-ErrorType")
            answered = self.requests.monotonic()
            self.requests.add(RequestRecord(operation, account, region, received, answered, status, error, outcome))

        try:
            response, outcome = self._serve(operation, labels, request, account, region)
        except DropConnection:
            record(None, "dropped")
            raise
        record(response, outcome)
        return response

    def _serve(
        self, operation: str, labels: dict[str, str], request: Request, account: str, region: str
    ) -> tuple[Response, str]:
        """Steps 3 to 7 for a routed request: the response and its outcome (see timings.OUTCOMES)."""
        if operation not in SUPPORTED_OPERATIONS:
            message = f"The Connect emulator does not implement operation {operation}"
            return error_response(NotImplementedException(message)), "error"
        decision = self.faults.decide(operation)
        if decision.latency:
            self._sleep(decision.latency)
        if decision.kind == "drop_before":
            raise DropConnection(operation)
        if decision.kind == "error":
            return error_response(error_class(decision.code)(decision.message)), "fault"
        if not self.throttle.allow(operation, account, region):
            return error_response(ThrottlingException("Rate exceeded")), "throttled"
        outcome = "error"
        try:
            params = parse_params(operation, labels, request)
            result = self.backend.dispatch(operation, region, params)
            self.calls.succeed(operation)
            response, outcome = json_response(result), "ok"
        except ConnectError as error:
            response = error_response(error)
        except Exception:
            _log.exception("unexpected error in %s", operation)
            response = error_response(InternalServiceException(f"The emulator failed while serving {operation}"))
        if decision.kind == "drop_after":
            raise DropConnection(operation)
        return response, outcome
