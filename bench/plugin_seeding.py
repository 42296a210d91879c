"""A stand-in for the Pulumi engine, seeding tasks through the provider plugin (benchmark 1e).

There is no Pulumi CLI here, so this module does what the engine does with the plugin in an
`up` of N new ``connect-tasks:index:Task`` resources, and nothing else (no program runs, no
state is saved):

1. start ``python <repository>/provider <engine address>`` from the program's folder, in a
   clean environment (PATH, the fake credentials, the emulator's endpoint, AWS_REGION),
   and read the port it prints on its first line;
2. CheckConfig with the provider's configuration, then Configure with the inputs
   CheckConfig returned (as ``args``, and as ``variables`` the way stack config comes);
3. per resource, Check (no old inputs) and then Create with the inputs Check returned,
   ``parallel`` resources in flight at once, as the engine's step executor runs them;
4. stop the plugin.

It knows gRPC and the plugin's wire format only: the emulator, the scenarios and the
measuring are bench.seeding's.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Self

import grpc
from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

__all__ = [
    "PLUGIN",
    "PLUGIN_PARALLEL",
    "PACKAGE",
    "Plugin",
    "PluginProcess",
    "TASK",
    "config_args",
    "config_variables",
    "create_all",
    "read_port",
    "seed",
    "task_inputs",
    "urn",
]

PLUGIN = Path(__file__).resolve().parents[1] / "provider"
"""The plugin folder (PulumiPlugin.yaml, __main__.py), as Pulumi's Python language host runs it."""
PACKAGE = "connect-tasks"
TASK = f"{PACKAGE}:index:Task"
PLUGIN_PARALLEL = 8
"""Resources in flight at once: the Pulumi CLI's default ``--parallel`` is 4 × CPUs, 8 on
the 2-core machine these figures are taken on."""

_ENGINE_ADDRESS = "127.0.0.1:1"
"""The plugin wants one; it calls the engine back only for Construct and Call, never here."""
_START_TIMEOUT = 60.0  # hang guards: the plugin starts in about a second, and a call gives
_CALL_TIMEOUT = 600.0  # up after its retry deadline (300 s by default)


def read_port(line: str) -> int:
    """The port in the plugin's first line of output; ValueError if that is not a port."""
    text = line.strip()
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"the plugin printed {text[:200]!r} where its port belongs")
    return int(text)


def config_args(config: Mapping[str, str], region: str) -> dict[str, Any]:
    """Stack config (``connect-tasks:startTaskContactRate``…) as the provider's inputs
    (``startTaskContactRate``…): this package's keys only, without the namespace, and the
    Region, which a plugin never sees as ``aws:region``."""
    prefix = f"{PACKAGE}:"
    args: dict[str, Any] = {
        k.removeprefix(prefix): v for k, v in config.items() if k.startswith(prefix)
    }
    return {**args, "region": region}


def config_variables(args: Mapping[str, Any]) -> dict[str, str]:
    """The provider's inputs as Configure's ``variables`` (``connect-tasks:config:<key>``)."""
    return {f"{PACKAGE}:config:{k}": v for k, v in args.items() if isinstance(v, str)}


def urn(project: str, stack: str, token: str, name: str) -> str:
    return f"urn:pulumi:{stack}::{project}::{token}::{name}"


def task_inputs(instance_id: str, flow_id: str, args: Mapping[str, Any]) -> dict[str, Any]:
    """A Task's inputs in the plugin's camelCase from a definition's ``args`` (name,
    description, attributes, references: one word each, the same in both spellings)."""
    return {"instanceId": instance_id, "contactFlowId": flow_id, **args}


def _struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(props)
    return message


def _failure(call: str, error: grpc.RpcError) -> str:
    code = error.code()
    return f"{call}: {code.name if code else 'no status'}: {error.details()}"


class PluginProcess:
    """The plugin started as Pulumi's language host starts it, and a stub of its gRPC
    service: ``python <repository>/provider <engine address>`` from ``program_dir``, its
    stderr in ``log``, its stdout drained after the port so it never blocks. Thread-safe."""

    def __init__(
        self,
        program_dir: Path,
        env: Mapping[str, str],
        log: Path,
        python: Path | str = sys.executable,
    ) -> None:
        self.log = log
        self._stderr: IO[bytes] = log.open("wb")
        self.process = subprocess.Popen(
            [str(python), str(PLUGIN), _ENGINE_ADDRESS],
            cwd=program_dir,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self.channel: grpc.Channel | None = None
        try:
            self.port = self._read_port()
            self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
            grpc.channel_ready_future(self.channel).result(timeout=_START_TIMEOUT)
            self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)
        except grpc.FutureTimeoutError:
            self.close()
            raise RuntimeError(
                f"the plugin took no connection on port {self.port} within {_START_TIMEOUT:g} s"
            ) from None
        except BaseException:
            self.close()
            raise

    def _read_port(self) -> int:
        stdout = self.process.stdout
        assert stdout is not None
        first: list[bytes] = []
        got = threading.Event()

        def drain() -> None:  # the port, then whatever else it prints: never let it block
            first.append(stdout.readline())
            got.set()
            for _ in stdout:
                pass

        threading.Thread(target=drain, daemon=True, name="plugin-stdout").start()
        if not got.wait(_START_TIMEOUT):
            raise RuntimeError(f"the plugin printed no port within {_START_TIMEOUT:g} s")
        try:
            return read_port(first[0].decode(errors="replace"))
        except ValueError as error:
            self.process.wait(timeout=5)
            tail = self.log.read_text(errors="replace")[-2000:].strip()
            raise RuntimeError(f"{error}; its stderr: {tail or 'nothing'}") from None

    def close(self) -> None:
        """Stop the plugin and close the channel; safe to call twice."""
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Plugin(PluginProcess):
    """A running plugin and the engine's side of an `up` of new Tasks. Thread-safe."""

    def __init__(
        self, program_dir: Path, env: Mapping[str, str], log: Path, project: str, stack: str
    ) -> None:
        self.project, self.stack = project, stack
        super().__init__(program_dir, env, log)

    def configure(self, args: Mapping[str, Any]) -> None:
        """CheckConfig, then Configure with what it returned; RuntimeError saying what failed."""
        provider = urn(self.project, self.stack, f"pulumi:providers:{PACKAGE}", "default")
        try:
            checked = self.stub.CheckConfig(
                provider_pb2.CheckRequest(urn=provider, olds=_struct({}), news=_struct(args)),
                timeout=_CALL_TIMEOUT,
            )
            if checked.failures:
                raise RuntimeError(
                    "CheckConfig: "
                    + "; ".join(f"{f.property} {f.reason}" for f in checked.failures)
                )
            self.stub.Configure(
                provider_pb2.ConfigureRequest(
                    args=checked.inputs,
                    variables=config_variables(args),
                    acceptSecrets=True,
                    acceptResources=True,
                ),
                timeout=_CALL_TIMEOUT,
            )
        except grpc.RpcError as error:
            raise RuntimeError(_failure("Configure", error)) from None

    def check_and_create(self, name: str, inputs: Mapping[str, Any]) -> str | None:
        """Check, then Create of the Task ``name`` with the checked inputs: None, or what failed."""
        resource_urn = urn(self.project, self.stack, TASK, name)
        try:
            checked = self.stub.Check(
                provider_pb2.CheckRequest(
                    urn=resource_urn, name=name, type=TASK, olds=_struct({}), news=_struct(inputs)
                ),
                timeout=_CALL_TIMEOUT,
            )
        except grpc.RpcError as error:
            return _failure("Check", error)
        if checked.failures:
            return "Check: " + "; ".join(f"{f.property} {f.reason}" for f in checked.failures)
        try:
            self.stub.Create(
                provider_pb2.CreateRequest(
                    urn=resource_urn, name=name, type=TASK, properties=checked.inputs
                ),
                timeout=_CALL_TIMEOUT,
            )
        except grpc.RpcError as error:
            return _failure("Create", error)
        return None


def create_all(
    plugin: Plugin, resources: Sequence[tuple[str, Mapping[str, Any]]], parallel: int
) -> list[str | None]:
    """Check + Create of every Task ``(name, inputs)``, ``parallel`` at once: what failed, per
    resource, in their order."""
    with ThreadPoolExecutor(parallel, thread_name_prefix="engine-step") as pool:
        return list(pool.map(lambda resource: plugin.check_and_create(*resource), resources))


def seed(
    program_dir: Path,
    env: Mapping[str, str],
    log: Path,
    project: str,
    stack: str,
    config: Mapping[str, Any],
    resources: Sequence[tuple[str, Mapping[str, Any]]],
    parallel: int = PLUGIN_PARALLEL,
) -> list[str | None]:
    """Steps 1 to 4 above: what failed, per resource. A plugin that does not start or refuses
    its configuration fails every resource, with the reason (its stderr is in ``log``)."""
    try:
        with Plugin(program_dir, env, log, project, stack) as plugin:
            plugin.configure(config)
            return create_all(plugin, resources, parallel)
    except RuntimeError as error:
        return [str(error)] * len(resources)
