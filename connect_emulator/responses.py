"""The WSGI application: restJson1 requests in, backend calls, JSON responses out.

Per request, in this order (``EmulatorApp.__call__``, then ``handle``):

1. read the body, at most one byte more than ``payload.MAX_BODY_BYTES`` (if
   it is longer, or its Content-Length says so: 413
   RequestEntityTooLargeException, the rest unread); a client gone mid-body
   gets no answer and leaves one debug line;
2. /_emulator/* goes to ``inspection``, unsigned; every other request must be
   signed as SigV4 signs (403 MissingAuthenticationTokenException or
   IncompleteSignatureException, see ``auth``), which also names its account
   and Region;
3. route method + path to an operation (404 UnknownOperationException if none);
4. count the call (every routed, signed request, see ``CallCounter``);
5. 501 NotImplementedException for an operation the emulator does not serve;
6. fault injection decides: latency, an error, or drop_before;
7. throttling by (account, Region, operation) bucket (429 ThrottlingException);
8. parse the request (URI labels, query string, strict JSON body: 400
   SerializationException, see ``payload``) and call the backend;
9. render the result or the error; drop_after discards the response;
10. record when the request was received and answered, and its outcome (``RequestLog``).

The emulator has no IAM: one access key id is one account for throttling.
Resources are not split by key: every key sees the one account's
(123456789012) resources of the Region it signs for.

This module knows the wire protocol and no Connect rule.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from .auth import DEFAULT_REGION, authenticate, credential_scope
from .exceptions import (
    ConnectError,
    InternalServiceException,
    NotImplementedException,
    RequestEntityTooLargeException,
    SerializationException,
    ThrottlingException,
    UnknownOperationException,
    error_class,
)
from .faults import FaultInjector
from .models import ConnectBackend
from .payload import MAX_BODY_BYTES, PayloadError, loads
from .shapes import operation_model
from .throttle import Throttle
from .timings import RequestLog, RequestRecord
from .urls import SUPPORTED_OPERATIONS, match

__all__ = [
    "CallCounter",
    "DEFAULT_REGION",
    "DropConnection",
    "EmulatorApp",
    "UNREAD_BODY",
    "credential_scope",
    "error_response",
    "json_response",
    "parse_params",
]

# Set in the WSGI environ when the answer leaves part of the body unread (see server.py).
UNREAD_BODY = "connect_emulator.unread_body"
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
            return {
                "calls": dict(sorted(self.received.items())),
                "succeeded": dict(sorted(self.succeeded.items())),
            }


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
            body = loads(raw)
        except PayloadError as error:
            raise SerializationException(f"The request body {error}") from None
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

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        received = self.requests.monotonic()
        request = Request(environ)
        # One byte over the limit: Werkzeug stops a streamed (chunked) body at
        # max_content_length without an error, so only a longer read tells.
        request.max_content_length = MAX_BODY_BYTES + 1
        try:
            # Read the whole body first, so a dropped connection is not a reset mid-upload.
            too_large = len(request.get_data()) > MAX_BODY_BYTES
        except RequestEntityTooLarge:
            too_large = True
        except ClientDisconnected:
            _log.debug(
                "client disconnected before sending the whole body of %s %s",
                request.method,
                request.path,
            )
            raise DropConnection(request.path) from None
        if too_large:
            response = error_response(
                RequestEntityTooLargeException(
                    f"The request body is larger than {MAX_BODY_BYTES} bytes"
                )
            )
            environ[UNREAD_BODY] = True  # the server closes every connection; this one with care
        elif request.path.startswith("/_emulator/") and self.inspection is not None:
            response = self.inspection(request)
        else:
            response = self.handle(request, environ, received)
        return response(environ, start_response)

    def handle(self, request: Request, environ: dict[str, Any], received: float) -> Response:
        """Serve one AWS request whose body is read, received at monotonic ``received`` (steps 2 to 10 above)."""
        try:
            account, region = authenticate(request.headers, request.args)
        except ConnectError as error:
            return error_response(error)
        raw_path = (environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.path).split(
            "?", 1
        )[0]
        routed = match(request.method, raw_path)
        if routed is None:
            message = f"No Amazon Connect operation is routed at {request.method} {request.path}"
            return error_response(UnknownOperationException(message))
        operation, labels = routed
        self.calls.receive(operation)

        def record(response: Response | None, outcome: str) -> None:
            status = None if response is None else response.status_code
            error = None if response is None else response.headers.get("x-amzn-ErrorType")
            answered = self.requests.monotonic()
            self.requests.add(
                RequestRecord(
                    operation, account, region, received, answered, status, error, outcome
                )
            )

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
        """Steps 5 to 9 for a routed request: the response and its outcome (see timings.OUTCOMES)."""
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
            response = error_response(
                InternalServiceException(f"The emulator failed while serving {operation}")
            )
        if decision.kind == "drop_after":
            raise DropConnection(operation)
        return response, outcome
