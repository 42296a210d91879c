"""A client for the real dynamic provider server, ``python -m pulumi.dynamic``.

The server is started and called the way the Pulumi engine does it: the process runs in
the program directory with ``PULUMI_PROJECT`` set, the port is read from the first line
of its stdout, ``GetPluginInfo`` and ``Configure`` (the whole stack config, namespaced
keys, string values) are sent before any resource call, and properties are serialized
with ``pulumi.runtime.rpc.serialize_properties`` from plain values (no secret wrappers;
an unknown value is the ``rpc.UNKNOWN`` string).

Every method takes and returns plain dicts. A failed call raises ``ProviderError``.

The server never outlives its engine: see ``_SERVE``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2
from pulumi.runtime.proto.provider_pb2_grpc import ResourceProviderStub

from .values import from_struct, to_struct

__all__ = ["CheckOutcome", "DiffOutcome", "ProviderError", "ProviderServer", "exception_text"]

_START_TIMEOUT_SECONDS = 30.0
_STDERR_TAIL_CHARS = 16_000

# The server process runs this (``python -u -c _SERVE``): the real ``pulumi.dynamic`` server,
# its ``__main__`` run as ``python -m pulumi.dynamic`` runs it (the program directory first on
# sys.path), plus a thread that ends the process once its stdin reaches end of file. The
# engine holds the other end of that pipe and never writes to it; when the engine ends,
# however it ends (SIGKILL included), the kernel closes the pipe and the server goes too.
# prctl(PR_SET_DEATHSIG) would not do: it fires when the *thread* that started the child
# ends, and the server is started from the program's worker threads, which end before the
# run does (the deletions after the program still need the server).
_SERVE = """\
import os, runpy, sys, threading
sys.path[0] = os.getcwd()
def _watch_engine():
    sys.stdin.buffer.read()
    os._exit(0)
threading.Thread(target=_watch_engine, name="engine-watch", daemon=True).start()
runpy.run_module("pulumi.dynamic", run_name="__main__", alter_sys=True)
"""


class ProviderError(Exception):
    """A provider call failed (the provider raised, or the server is unreachable).

    ``message`` is the provider's exception text: the last exception of the traceback the
    server aborts with (e.g. ``"RuntimeError: quota exceeded"``); ``traceback`` is the
    server's full text; ``code`` the gRPC status code name.
    """

    def __init__(self, operation: str, message: str, traceback: str = "", code: str = "") -> None:
        super().__init__(f"{operation} failed: {message}")
        self.operation = operation
        self.message = message
        self.traceback = traceback or message
        self.code = code


@dataclass(frozen=True)
class CheckOutcome:
    """The result of Check: the inputs to use and the failures as (property, reason)."""

    inputs: dict[str, Any]
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class DiffOutcome:
    """The result of Diff. ``changes`` is None when the provider did not say (DIFF_UNKNOWN)."""

    changes: bool | None
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False


def exception_text(traceback_text: str) -> str:
    """The final exception of a Python traceback: the lines after its last indented line."""
    lines = traceback_text.rstrip().splitlines()
    if not lines:
        return ""
    last_indented = max((i for i, line in enumerate(lines) if line[:1].isspace()), default=-1)
    tail = lines[last_indented + 1 :]
    return "\n".join(tail) if tail else lines[-1]


def _name_and_type(urn: str) -> tuple[str, str]:
    parts = urn.split("::")
    if len(parts) < 4:
        return "", ""
    return parts[3], parts[2].split("$")[-1]


class ProviderServer:
    """One running ``python -m pulumi.dynamic`` process and a gRPC client for it.

    Starts and configures the server on construction. Thread-safe: calls may be made
    concurrently (the server itself runs 4 at once). Use as a context manager or call
    ``close()``; ``kill()`` sends SIGKILL to simulate a crash.
    """

    def __init__(
        self,
        program_dir: str | os.PathLike[str],
        project: str,
        config: Mapping[str, str],
        env: Mapping[str, str] | None = None,
        start_timeout: float = _START_TIMEOUT_SECONDS,
    ) -> None:
        self.program_dir = os.fspath(program_dir)
        self.project = project
        self.config = dict(config)
        self._stderr: deque[str] = deque()
        self._stderr_chars = 0
        self._stderr_lock = threading.Lock()
        self._channel: grpc.Channel | None = None
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-c", _SERVE],
            cwd=self.program_dir,
            env=self._environment(env),
            stdin=subprocess.PIPE,  # its lifeline: see _SERVE
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            self.port = self._read_port(start_timeout)
            self._channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
            self.stub = ResourceProviderStub(self._channel)
            self._call("GetPluginInfo", self.stub.GetPluginInfo, empty_pb2.Empty())
            self._configure()
        except BaseException:
            self.kill()
            if self._channel is not None:
                self._channel.close()
            raise

    # -- process management ---------------------------------------------------------

    def _environment(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        """This process's environment and ``extra``, with ``PULUMI_PROJECT`` and the
        program directory first on ``PYTHONPATH`` (where the provider's module lives)."""
        env = {**os.environ, **(extra or {})}
        env["PULUMI_PROJECT"] = self.project
        paths = [self.program_dir] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        env["PYTHONPATH"] = os.pathsep.join(paths)
        return env

    def _read_port(self, timeout: float) -> int:
        assert self.process.stdout is not None and self.process.stderr is not None
        first_line: list[str] = []
        got_line = threading.Event()

        def read_stdout() -> None:
            stream = self.process.stdout
            assert stream is not None
            first_line.append(stream.readline())
            got_line.set()
            for _ in stream:  # drain: the provider's prints must never block it
                pass

        def read_stderr() -> None:
            stream = self.process.stderr
            assert stream is not None
            for line in stream:
                with self._stderr_lock:
                    self._stderr.append(line)
                    self._stderr_chars += len(line)
                    while self._stderr_chars > _STDERR_TAIL_CHARS and len(self._stderr) > 1:
                        self._stderr_chars -= len(self._stderr.popleft())

        threading.Thread(target=read_stdout, daemon=True, name="provider-stdout").start()
        stderr_reader = threading.Thread(target=read_stderr, daemon=True, name="provider-stderr")
        stderr_reader.start()
        if not got_line.wait(timeout):
            raise ProviderError(
                "start", f"the provider server printed no port within {timeout:g} s"
            )
        text = first_line[0].strip()
        if not text.isdigit():
            self.process.wait(timeout=5)
            stderr_reader.join(timeout=5)  # so the message holds all it wrote
            raise ProviderError(
                "start", f"the provider server did not start: {self.stderr_tail() or 'no output'}"
            )
        return int(text)

    def stderr_tail(self) -> str:
        """The last lines the server wrote to stderr (at most ~16 KB)."""
        with self._stderr_lock:
            return "".join(self._stderr).strip()

    def kill(self) -> None:
        """Sends SIGKILL to the server (a crash); later calls raise ProviderError."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close_lifeline()

    def _close_lifeline(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()

    def close(self) -> None:
        """Stops the server and closes the channel. Safe to call twice or after kill()."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
        else:
            self.process.wait()
        self._close_lifeline()

    def __enter__(self) -> ProviderServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- calls ----------------------------------------------------------------------

    def _call(self, operation: str, method: Any, request: Any) -> Any:
        try:
            return method(request)
        except grpc.RpcError as exn:
            code = exn.code()
            details = exn.details() or ""
            if code == grpc.StatusCode.UNKNOWN:
                message = exception_text(details)
            else:
                message = f"provider server {code.name}: {details}".rstrip(": ")
            raise ProviderError(operation, message, details, code.name) from None

    def _configure(self) -> None:
        request = provider_pb2.ConfigureRequest(
            args=to_struct(self.config),
            acceptSecrets=True,
            acceptResources=True,
            sends_old_inputs=True,
            sends_old_inputs_to_delete=True,
        )
        self._call("Configure", self.stub.Configure, request)

    def check(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], *, urn: str = ""
    ) -> CheckOutcome:
        """Check(olds, news); the returned inputs keep unknowns as ``rpc.UNKNOWN``."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.CheckRequest(
            urn=urn, name=name, type=type_, olds=to_struct(olds), news=to_struct(news)
        )
        response = self._call("Check", self.stub.Check, request)
        failures = [(f.property, f.reason) for f in response.failures]
        return CheckOutcome(from_struct(response.inputs, keep_unknowns=True), failures)

    def diff(
        self,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any] | None = None,
        *,
        urn: str = "",
    ) -> DiffOutcome:
        """Diff(id, olds = old outputs, news = checked inputs)."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.DiffRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            olds=to_struct(olds),
            news=to_struct(news),
            old_inputs=to_struct(old_inputs or {}),
        )
        response = self._call("Diff", self.stub.Diff, request)
        changes = {
            provider_pb2.DiffResponse.DIFF_SOME: True,
            provider_pb2.DiffResponse.DIFF_NONE: False,
        }.get(response.changes)
        return DiffOutcome(changes, list(response.replaces), bool(response.deleteBeforeReplace))

    def create(self, properties: Mapping[str, Any], *, urn: str = "") -> tuple[str, dict[str, Any]]:
        """Create(properties) -> (id, outputs)."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.CreateRequest(
            urn=urn, name=name, type=type_, properties=to_struct(properties)
        )
        response = self._call("Create", self.stub.Create, request)
        return response.id, from_struct(response.properties)

    def read(
        self, id_: str, properties: Mapping[str, Any], inputs: Mapping[str, Any], *, urn: str = ""
    ) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
        """Read(id, old outputs, old inputs) -> (id, outputs, inputs or None). id "" means gone."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.ReadRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            properties=to_struct(properties),
            inputs=to_struct(inputs),
        )
        response = self._call("Read", self.stub.Read, request)
        new_inputs = from_struct(response.inputs) if response.HasField("inputs") else None
        return response.id, from_struct(response.properties), new_inputs

    def update(
        self,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any] | None = None,
        *,
        urn: str = "",
    ) -> dict[str, Any]:
        """Update(id, olds = old outputs, news) -> the new outputs (they replace the old ones)."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.UpdateRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            olds=to_struct(olds),
            news=to_struct(news),
            old_inputs=to_struct(old_inputs or {}),
        )
        response = self._call("Update", self.stub.Update, request)
        return from_struct(response.properties)

    def delete(
        self,
        id_: str,
        properties: Mapping[str, Any],
        old_inputs: Mapping[str, Any] | None = None,
        *,
        urn: str = "",
    ) -> None:
        """Delete(id, properties = old outputs)."""
        name, type_ = _name_and_type(urn)
        request = provider_pb2.DeleteRequest(
            id=id_,
            urn=urn,
            name=name,
            type=type_,
            properties=to_struct(properties),
            old_inputs=to_struct(old_inputs or {}),
        )
        self._call("Delete", self.stub.Delete, request)
