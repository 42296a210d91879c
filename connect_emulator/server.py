"""EmulatorServer: the emulator on a loopback port, in a background thread.

    with EmulatorServer(port=0) as server:
        client = boto3.client("connect", endpoint_url=server.url, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")

A threaded Werkzeug server; every request closes its connection. Fault
injection's dropped connections are done here, in the request handler: the
socket is shut down without a byte of response. So is a client that goes away
mid-body (one debug line, no traceback). After a 413 the server lingers: it
half-closes and discards what the client still sends for up to
``LINGER_SECONDS``, so a client that writes its whole body before reading
sees the 413 rather than a connection reset (as Apache's lingering close).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .clock import Clock
from .faults import FaultInjector, FaultRule, parse_rules
from .inspection import Inspection
from .models import DEFAULT_ACTIVE_TASK_QUOTA, ConnectBackend
from .responses import UNREAD_BODY, DropConnection, EmulatorApp
from .state import StateLock, StateNotSaved, encode_state, load_state, save_state
from .throttle import Limit, Throttle
from .urls import load as load_routes

__all__ = ["EmulatorServer", "LINGER_SECONDS"]

LINGER_SECONDS = 2.0

_log = logging.getLogger("connect_emulator")


def _linger(connection: socket.socket) -> None:
    """Half-close, discard what the client still sends until it closes or LINGER_SECONDS pass, stop reading.

    Werkzeug, after every response, reads whatever the client still sends, up
    to 10 GB, 10 MB at a time; after the read side is shut down it finds nothing.
    """
    deadline = time.monotonic() + LINGER_SECONDS
    with suppress(OSError):
        connection.shutdown(socket.SHUT_WR)
        while (left := deadline - time.monotonic()) > 0:
            connection.settimeout(left)
            if not connection.recv(65536):
                break
    with suppress(OSError):
        connection.shutdown(socket.SHUT_RD)


def _then_linger(chunks: Iterable[bytes], connection: socket.socket) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    _linger(connection)


def _lingering(app: EmulatorApp) -> Callable[..., Iterable[bytes]]:
    """``app``, but a response that leaves the body unread (UNREAD_BODY) ends with ``_linger``."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        chunks = app(environ, start_response)
        if environ.get(UNREAD_BODY) and "werkzeug.socket" in environ:
            return _then_linger(chunks, environ["werkzeug.socket"])
        return chunks

    return serve


class _RequestHandler(WSGIRequestHandler):
    """Werkzeug's handler, quiet, and able to drop a connection on DropConnection."""

    def run_wsgi(self) -> None:
        try:
            super().run_wsgi()
        except DropConnection:
            self.close_connection = True
            with suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

    def log(self, type: str, message: str, *args: Any) -> None:
        _log.debug(message, *args)


def _throttle(
    value: Throttle | bool | Mapping[str, Limit | tuple[float, float]] | None,
) -> Throttle:
    if isinstance(value, Throttle):
        return value
    if value is None or value is True:
        return Throttle()
    if value is False:
        return Throttle(enabled=False)
    return Throttle(limits=value)


def _faults(
    value: FaultInjector | Iterable[Any] | Mapping[str, Any] | None, seed: int
) -> FaultInjector:
    if isinstance(value, FaultInjector):
        return value
    if value is None:
        return FaultInjector(seed=seed)
    if isinstance(value, Mapping):
        return FaultInjector(parse_rules(value), seed=seed)
    rules = list(value)  # read once: an iterator given here would be spent by the check below
    if not all(isinstance(rule, FaultRule) for rule in rules):
        return FaultInjector(parse_rules(rules), seed=seed)
    return FaultInjector(rules, seed=seed)


class EmulatorServer:
    """The Connect emulator on ``host:port`` (port 0: a free one).

    ``clock``: a Clock (default: real time). ``throttle``: None or True for AWS
    default quotas, False for none, ``{operation: (rate, burst)}`` overrides, or
    a Throttle; buckets are per access key (one account), Region and operation,
    the limits the same for all. ``faults``: rules (see faults.py) or a FaultInjector; ``seed``
    makes rate-based faults repeatable. ``active_task_quota``: active tasks per
    instance. ``state_path``: JSON file loaded by ``start()`` and saved after
    every change (a change whose save fails is undone and answered 500).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock | None = None,
        throttle: Throttle | bool | Mapping[str, Limit | tuple[float, float]] | None = None,
        faults: FaultInjector | Iterable[Any] | Mapping[str, Any] | None = None,
        seed: int = 0,
        active_task_quota: int = DEFAULT_ACTIVE_TASK_QUOTA,
        state_path: str | os.PathLike[str] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.state_path = state_path
        self.backend = ConnectBackend(clock=clock or Clock(), active_task_quota=active_task_quota)
        self._saved = ""  # the text the state file holds (state.encode_state), set by start()
        self.throttle = _throttle(throttle)
        self.faults = _faults(faults, seed)
        self.app = EmulatorApp(self.backend, self.throttle, self.faults)
        self.app.inspection = Inspection(self.app, save=self.save)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._lock: StateLock | None = None

    @property
    def clock(self) -> Clock:
        return self.backend.clock

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` once started."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        return f"http://{self.host}:{self.port}"

    def save(self) -> None:
        """Write the state file now (no-op without ``state_path``).

        If that fails, the backend goes back to what the file holds (the last state
        saved) and StateNotSaved is raised: a change is kept only once it is on disk.
        """
        if self.state_path is None:
            return
        with self.backend.lock:  # to_json shares the records' values: encode it under the lock
            try:
                self._saved = save_state(self.state_path, self.backend.to_json())
            except StateNotSaved:
                self.backend.load_json(json.loads(self._saved))
                raise

    def start(self) -> EmulatorServer:
        """Load the state file if any, bind, and serve in a daemon thread; returns self.

        Raises StateFileError (a ValueError naming the file and every problem)
        for a state file it cannot load, which it leaves untouched, or one that
        another emulator serves (see state.StateLock, held until ``stop()``).
        """
        if self._server is not None:
            raise RuntimeError("the emulator is already started")
        try:
            if self.state_path is not None:
                self._lock = StateLock(self.state_path)
                self._lock.acquire()
                saved = load_state(self.state_path)
                if saved is not None:
                    self.backend.load_json(saved)
                with self.backend.lock:
                    self._saved = encode_state(self.backend.to_json())
                self.backend.on_change = lambda _backend: self.save()
            load_routes()
            server = make_server(
                self.host,
                self.port,
                _lingering(self.app),
                threaded=True,
                request_handler=_RequestHandler,
                passthrough_errors=True,
            )
        except BaseException:
            self._release()
            raise
        self.port = server.server_port
        self._server = server
        # A short poll interval makes stop() quick (shutdown waits for the next poll).
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="connect-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release the port and the state file's lock; idempotent."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
                self._thread = None
        self._release()

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
