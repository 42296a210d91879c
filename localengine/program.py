"""Runs a Python Pulumi program in-process under Pulumi's mocks.

A ``ResourceMonitor`` stand-in turns every registration into a plain ``Registration``
and hands it to a ``Handler`` (the engine), which decides the step and returns the
resource's id and outputs. Registrations arrive concurrently, from the SDK's executor
threads, as soon as their inputs are resolved. The program runs inside a root stack
resource, as the Python language host runs it, so its exports reach the Handler.

Each run happens in a fresh thread: Pulumi's runtime settings and config are context
variables, so a new thread starts from clean ones and runs never see each other's.
"""

from __future__ import annotations

import asyncio
import os
import runpy
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime import rpc, set_all_config
from pulumi.runtime.mocks import (
    MockCallArgs,
    MockEngine,
    MockMonitor,
    MockResourceArgs,
    Mocks,
    MockSettings,
)
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.settings import SETTINGS, configure
from pulumi.runtime.stack import run_in_stack

from .project import Project
from .values import exported_values, split_secrets, to_struct

__all__ = ["Handler", "InvokeError", "Outcome", "Registration", "STACK_TYPE", "run_program"]

STACK_TYPE = "pulumi:pulumi:Stack"


@dataclass(frozen=True)
class Registration:
    """A resource the program declared. ``inputs`` are plain (secrets unwrapped, unknowns
    as ``rpc.UNKNOWN``); ``secret_names`` are the secret inputs plus additional secret
    outputs; ``parent`` is "" for children of the root stack; ``import_id`` is set for
    resources read by id (``opts.id``)."""

    urn: str
    type: str
    name: str
    custom: bool
    inputs: dict[str, Any]
    secret_names: frozenset[str] = frozenset()
    parent: str = ""
    dependencies: frozenset[str] = frozenset()
    delete_before_replace: bool = False
    import_id: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the program sees: ``id`` ("" = unknown), outputs (``rpc.UNKNOWN`` = unknown),
    which outputs are secret, and whether the step succeeded."""

    id: str
    outputs: dict[str, Any]
    secret_names: frozenset[str] = frozenset()
    ok: bool = True


class InvokeError(Exception):
    """A provider function failed (``Handler.call`` raises it): the program's invoke raises
    ``invoke of TOKEN failed: MESSAGE``, as for a provider's error under the Pulumi engine."""


class _InvokeFailed(grpc.RpcError):
    """The engine's answer to an invoke whose provider failed: an RPC error, UNKNOWN with the
    provider's message. The SDK turns it into the exception the program sees (it calls only
    ``code()`` and ``details()``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self._message = message

    def code(self) -> grpc.StatusCode:
        return grpc.StatusCode.UNKNOWN

    def details(self) -> str:
        return self._message


class Handler(Protocol):
    """The engine behind the monitor; each method may be called from several threads."""

    def register(self, registration: Registration) -> Outcome:
        """A declared resource: carry out its step, return what the program sees."""
        ...

    def read(self, registration: Registration) -> Outcome:
        """A resource read by id (``import_id``)."""
        ...

    def call(self, token: str, args: dict[str, Any]) -> dict[str, Any]:
        """A provider function (invoke): its result, or InvokeError if it failed."""
        ...

    def register_stack_outputs(self, outputs: dict[str, Any]) -> None:
        """The stack's exports, once the program has finished (secrets as ``Secret``)."""
        ...


def _qualified_type(urn: str) -> str:
    return urn.split("::")[2]


def _wrap_secrets(outcome: Outcome) -> dict[str, Any]:
    return {
        k: rpc.wrap_rpc_secret(v) if k in outcome.secret_names else v
        for k, v in outcome.outputs.items()
    }


class _NoMocks(Mocks):
    # set_mocks wants a Mocks; every call it would serve is answered by _Monitor itself.
    def call(self, args: MockCallArgs) -> tuple[dict, list[tuple[str, str]] | None]:
        raise NotImplementedError("served by _Monitor.Invoke")

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict]:
        raise NotImplementedError("served by _Monitor.RegisterResource")


class _Monitor(MockMonitor):
    """The engine side of the resource monitor protocol, backed by a Handler."""

    def __init__(self, handler: Handler, project: str, stack: str) -> None:
        super().__init__(_NoMocks())
        self.handler = handler
        self.project = project
        self.stack = stack

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        # As the engine does: the parent's whole qualified type is chained, except the root stack's.
        if parent and _qualified_type(parent) != STACK_TYPE:
            type_ = f"{_qualified_type(parent)}${type_}"
        return f"urn:pulumi:{self.stack}::{self.project}::{type_}::{name}"

    def _registration(self, request: Any, props: Any, import_id: str = "") -> Registration:
        inputs, secret = split_secrets(props)
        parent = (
            request.parent
            if request.parent and _qualified_type(request.parent) != STACK_TYPE
            else ""
        )
        dependencies = set(request.dependencies)
        for deps in getattr(request, "propertyDependencies", {}).values():
            dependencies.update(deps.urns)
        return Registration(
            urn=self.make_urn(request.parent, request.type, request.name),
            type=request.type,
            name=request.name,
            custom=bool(getattr(request, "custom", True)),
            inputs=inputs,
            secret_names=frozenset(secret | set(request.additionalSecretOutputs)),
            parent=parent,
            dependencies=frozenset(dependencies - {""}),
            delete_before_replace=bool(getattr(request, "deleteBeforeReplace", False)),
            import_id=import_id,
        )

    def RegisterResource(self, request: Any) -> Any:
        if request.type == STACK_TYPE:
            return resource_pb2.RegisterResourceResponse(
                urn=self.make_urn(request.parent, request.type, request.name)
            )
        registration = self._registration(request, request.object)
        outcome = self.handler.register(registration)
        return resource_pb2.RegisterResourceResponse(
            urn=registration.urn,
            id=outcome.id,
            object=to_struct(_wrap_secrets(outcome)),
            result=resource_pb2.Result.SUCCESS if outcome.ok else resource_pb2.Result.FAIL,
        )

    def RegisterResourceOutputs(self, request: Any) -> Any:
        # Only the root stack's outputs are kept (its exports); a component's are dropped.
        if _qualified_type(request.urn) == STACK_TYPE:
            self.handler.register_stack_outputs(exported_values(request.outputs))
        return empty_pb2.Empty()

    def Invoke(self, request: Any) -> Any:
        args, _ = split_secrets(request.args)
        try:
            result = self.handler.call(request.tok, args)
        except InvokeError as exn:
            raise _InvokeFailed(str(exn)) from None
        fields: dict[str, Any] = {"return": to_struct(result)}  # a keyword: no return=...
        return resource_pb2.ResourceInvokeResponse(**fields)

    def ReadResource(self, request: Any) -> Any:
        registration = self._registration(request, request.properties, import_id=request.id)
        outcome = self.handler.read(registration)
        if not outcome.ok:
            raise RuntimeError(f"reading {registration.type} resource '{registration.name}' failed")
        return resource_pb2.ReadResourceResponse(
            urn=registration.urn, properties=to_struct(_wrap_secrets(outcome))
        )


def _forget_other_loops(loop: asyncio.AbstractEventLoop) -> None:
    """Drop outputs and RPCs an earlier program left on another event loop.

    The SDK keeps them in process-wide settings; tasks of a loop that no longer runs can
    never finish, and waiting for them would hang this run (seen after a program under
    set_mocks raised in the same process, as tests do).
    """
    with SETTINGS.lock:
        stale = {task for task in SETTINGS.outputs if task.get_loop() is not loop}
        SETTINGS.outputs.difference_update(stale)
    rpcs = SETTINGS.rpc_manager.rpcs
    rpcs[:] = [r for r in rpcs if not isinstance(r, asyncio.Future) or r.get_loop() is loop]


def _unwind_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    """Cancels the tasks a failed program left pending and lets them end.

    The SDK raises the first failed RPC (a failed invoke, say) without waiting for the
    others; their tasks would be destroyed pending with the loop, each logged as an error
    when collected. Bounded: a task that ignores its cancellation is left after 10 s.
    """
    pending = asyncio.all_tasks(loop)
    if not pending:
        return
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.wait(pending, timeout=10))


def _configure_runtime(monitor: _Monitor, project: str, stack: str, preview: bool) -> None:
    # What set_mocks does, less the root stack it creates and finishes at once: exports
    # made after that never reach the monitor. run_in_stack creates the real one.
    features = set(monitor.GetDeploymentInfo(empty_pb2.Empty()).supportedFeatures)
    configure(
        MockSettings(
            monitor=monitor,
            monitor_features=features,
            engine=MockEngine(None),
            project=project,
            stack=stack,
            dry_run=preview,
            organization=None,
            callbacks=None,
        )
    )


def run_program(
    project: Project,
    stack: str,
    config: Mapping[str, str],
    *,
    preview: bool,
    handler: Handler,
    workers: int,
) -> None:
    """Runs the project's program to completion; re-raises the program's exception.

    The process's working directory is the program directory during the run and the
    directory is on ``sys.path`` (as with ``pulumi up``), so one run at a time per process.
    """
    failure: list[BaseException] = []

    def target() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="localengine-register"
        )
        loop.set_default_executor(executor)
        try:
            monitor = _Monitor(handler, project.name, stack)
            _configure_runtime(monitor, project.name, stack, preview)
            _forget_other_loops(loop)
            set_all_config(dict(config), [])
            main = str(project.main)

            def run_main() -> None:  # the program's globals are not wanted
                runpy.run_path(main, run_name="__main__")

            loop.run_until_complete(run_in_stack(run_main))
        except BaseException as exn:  # noqa: BLE001 handed to the caller's thread
            failure.append(exn)
        finally:
            _unwind_leftovers(loop)
            executor.shutdown(wait=True)
            loop.close()

    directory = str(project.directory)
    old_cwd = os.getcwd()
    added = directory not in sys.path
    if added:
        sys.path.insert(0, directory)
    os.chdir(directory)
    try:
        thread = threading.Thread(target=target, name="localengine-program")
        thread.start()
        thread.join()
    finally:
        os.chdir(old_cwd)
        if added and directory in sys.path:
            sys.path.remove(directory)
    if failure:
        raise failure[0]
