"""Start the provider plugin as Pulumi's language host does, and speak to it as the engine.

The plugin runs as ``python <repo>/provider <engine address>`` from a program's folder, in
an environment holding only PATH, the fake credentials, the emulator's endpoint and
``AWS_REGION`` (nothing from the test's own process: no PYTHONPATH). Properties go over the
wire as the engine sends them: JSON values in a protobuf Struct, a secret as Pulumi's
secret object, an unknown as the wire's unknown string.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from tests.emulator_support import CREDENTIALS

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "provider"
TASK = "connect-tasks:index:Task"
TEMPLATE = "connect-tasks:index:TaskTemplate"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
_SIG = "4dabf18193072939515e22adb298388d"
_SECRET = "1b47061264138c4ac30d75fd1eb44270"
_START_TIMEOUT = 60  # a hang guard: the plugin starts in about a second


class Secret:
    """A value the engine sends as a secret."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _wire(value: Any) -> Any:
    if isinstance(value, Secret):
        return {_SIG: _SECRET, "value": _wire(value.value)}
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value


def struct(props: dict[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(_wire(props))
    return message


def unwrap(props: Any) -> tuple[Any, set[str]]:
    """Plain data of a response's Struct (or dict), and its top-level keys that were secret."""
    data = json_format.MessageToDict(props) if isinstance(props, struct_pb2.Struct) else props
    secrets = {k for k, v in data.items() if isinstance(v, dict) and v.get(_SIG) == _SECRET}

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            if value.get(_SIG) == _SECRET:
                return plain(value["value"])
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(data), secrets


def urn(name: str, token: str = TASK, project: str = "proj", stack: str = "dev") -> str:
    return f"urn:pulumi:{stack}::{project}::{token}::{name}"


def clean_environment(endpoint: str, **extra: str) -> dict[str, str]:
    """What a user's shell gives the plugin: PATH, credentials, the endpoint, AWS_REGION."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **CREDENTIALS,
        "AWS_ENDPOINT_URL_CONNECT": endpoint,
        "AWS_REGION": "us-east-1",
        **extra,
    }


class Plugin:
    """A running plugin process and a stub of its gRPC service, in the engine's words."""

    def __init__(self, program_dir: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(PLUGIN), "127.0.0.1:1"],
            cwd=program_dir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode().strip()
        if not line.isdigit():
            self.process.kill()
            raise RuntimeError(
                f"the plugin did not print its port: {line!r} {self.process.stderr.read()!r}"
            )  # type: ignore[union-attr]
        self.port = int(line)
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        grpc.channel_ready_future(self.channel).result(timeout=_START_TIMEOUT)
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def close(self) -> None:
        self.channel.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Plugin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the engine's calls --------------------------------------------------------------------
    def configure(
        self, args: dict[str, Any] | None = None, variables: dict[str, str] | None = None
    ):
        return self.stub.Configure(
            provider_pb2.ConfigureRequest(
                args=struct(args or {}),
                variables=variables or {},
                acceptSecrets=True,
                acceptResources=True,
            )
        )

    def check_config(self, news: dict[str, Any]):
        return self.stub.CheckConfig(
            provider_pb2.CheckRequest(
                urn=urn("default", "pulumi:providers:connect-tasks"),
                olds=struct({}),
                news=struct(news),
            )
        )

    def check(
        self, name: str, news: dict[str, Any], olds: dict[str, Any] | None = None, token: str = TASK
    ):
        return self.stub.Check(
            provider_pb2.CheckRequest(
                urn=urn(name, token), olds=struct(olds or {}), news=struct(news)
            )
        )

    def diff(self, name: str, id_: str, olds: Any, news: Any, token: str = TASK):
        return self.stub.Diff(
            provider_pb2.DiffRequest(
                urn=urn(name, token), id=id_, olds=_as_struct(olds), news=_as_struct(news)
            )
        )

    def create(self, name: str, properties: Any, token: str = TASK):
        return self.stub.Create(
            provider_pb2.CreateRequest(urn=urn(name, token), properties=_as_struct(properties))
        )

    def read(
        self, name: str, id_: str, properties: Any = None, inputs: Any = None, token: str = TASK
    ):
        return self.stub.Read(
            provider_pb2.ReadRequest(
                urn=urn(name, token),
                id=id_,
                properties=_as_struct(properties or {}),
                inputs=_as_struct(inputs or {}),
            )
        )

    def update(self, name: str, id_: str, olds: Any, news: Any, token: str = TASK):
        return self.stub.Update(
            provider_pb2.UpdateRequest(
                urn=urn(name, token), id=id_, olds=_as_struct(olds), news=_as_struct(news)
            )
        )

    def delete(self, name: str, id_: str, properties: Any, token: str = TASK):
        return self.stub.Delete(
            provider_pb2.DeleteRequest(
                urn=urn(name, token), id=id_, properties=_as_struct(properties)
            )
        )

    def invoke(self, token: str, args: dict[str, Any]):
        return self.stub.Invoke(provider_pb2.InvokeRequest(tok=token, args=struct(args)))


def _as_struct(value: Any) -> struct_pb2.Struct:
    return value if isinstance(value, struct_pb2.Struct) else struct(value)
