"""Start the provider plugin as Pulumi's language host does, and speak to it as the engine.

The plugin runs as ``python <repo>/provider <engine address>`` from a program's folder, in
an environment holding only PATH, the fake credentials, the emulator's endpoint and
``AWS_REGION`` (nothing from the test's own process: no PYTHONPATH). Properties go over the
wire as the engine sends them: JSON values in a protobuf Struct, a secret as Pulumi's
secret object, an unknown as the wire's unknown string.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import provider_pb2

from bench.plugin_seeding import PluginProcess
from tests.emulator_support import CREDENTIALS

REPO = Path(__file__).resolve().parents[2]
TASK = "connect-tasks:index:Task"
TEMPLATE = "connect-tasks:index:TaskTemplate"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
_SIG = "4dabf18193072939515e22adb298388d"
_SECRET = "1b47061264138c4ac30d75fd1eb44270"


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


class Plugin(PluginProcess):
    """A running plugin process (bench's, which drains its output) and the engine's calls."""

    def __init__(self, program_dir: Path, env: dict[str, str], python: Path | None = None) -> None:
        self.program_dir = program_dir
        log = program_dir / f"plugin-{uuid.uuid4().hex[:8]}.log"
        super().__init__(program_dir, env, log, python or sys.executable)

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

    def diff(
        self, name: str, id_: str, olds: Any, news: Any, token: str = TASK, old_inputs: Any = None
    ):
        return self.stub.Diff(
            provider_pb2.DiffRequest(
                urn=urn(name, token),
                id=id_,
                olds=_as_struct(olds),
                news=_as_struct(news),
                old_inputs=_as_struct(old_inputs or {}),
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

    def update(
        self, name: str, id_: str, olds: Any, news: Any, token: str = TASK, old_inputs: Any = None
    ):
        return self.stub.Update(
            provider_pb2.UpdateRequest(
                urn=urn(name, token),
                id=id_,
                olds=_as_struct(olds),
                news=_as_struct(news),
                old_inputs=_as_struct(old_inputs or {}),
            )
        )

    def delete(self, name: str, id_: str, properties: Any, token: str = TASK):
        return self.stub.Delete(
            provider_pb2.DeleteRequest(
                urn=urn(name, token), id=id_, properties=_as_struct(properties)
            )
        )

    def invoke(self, token: str, args: dict[str, Any], timeout: float | None = None):
        return self.stub.Invoke(
            provider_pb2.InvokeRequest(tok=token, args=struct(args)), timeout=timeout
        )


def _as_struct(value: Any) -> struct_pb2.Struct:
    return value if isinstance(value, struct_pb2.Struct) else struct(value)


class Resource:
    """One resource of a stack, driven through the plugin in the engine's order.

    ``inputs``/``outputs`` are what the state holds (Structs, as the engine keeps them);
    each step records the RPCs it made in ``calls``.
    """

    def __init__(self, plugin: Plugin, name: str, token: str = TASK) -> None:
        self.plugin, self.name, self.token = plugin, name, token
        self.id: str | None = None
        self.inputs: struct_pb2.Struct | None = None
        self.outputs: struct_pb2.Struct | None = None
        self.calls: list[str] = []
        self.last_diff: Any = None

    def _check(self, news: dict[str, Any], olds: struct_pb2.Struct | None) -> struct_pb2.Struct:
        self.calls.append("Check")
        response = self.plugin.stub.Check(
            provider_pb2.CheckRequest(
                urn=urn(self.name, self.token), olds=olds or struct({}), news=struct(news)
            )
        )
        if response.failures:
            raise CheckFailed([(f.property, f.reason) for f in response.failures])
        return response.inputs

    def preview(self, news: dict[str, Any]) -> str:
        """What `pulumi preview` shows: create, same, update or replace; no Create, no Update."""
        self.calls = []
        checked = self._check(news, self.inputs)
        if self.id is None:
            return "create"
        self.calls.append("Diff")
        self.last_diff = self.plugin.diff(
            self.name, self.id, self.outputs, checked, self.token, self.inputs
        )
        return _step(self.last_diff)

    def up(self, news: dict[str, Any]) -> str:
        """`pulumi up` of this resource: created, same, updated or replaced."""
        self.calls = []
        checked = self._check(news, self.inputs)
        if self.id is None:
            self._create(checked)
            return "created"
        self.calls.append("Diff")
        diff = self.last_diff = self.plugin.diff(
            self.name, self.id, self.outputs, checked, self.token, self.inputs
        )
        step = _step(diff)
        if step == "same":
            self.inputs = checked
        elif step == "update":
            self.calls.append("Update")
            response = self.plugin.update(
                self.name, self.id, self.outputs, checked, self.token, self.inputs
            )
            self.inputs, self.outputs = checked, response.properties
        else:
            old_id, old_outputs = self.id, self.outputs
            if diff.deleteBeforeReplace:
                self.calls.append("Delete")
                self.plugin.delete(self.name, old_id, old_outputs, self.token)
            fresh = self._check(news, None)
            self._create(fresh)
            if not diff.deleteBeforeReplace:
                self.calls.append("Delete")
                self.plugin.delete(self.name, old_id, old_outputs, self.token)
        return {"same": "same", "update": "updated", "replace": "replaced"}[step]

    def _create(self, checked: struct_pb2.Struct) -> None:
        self.calls.append("Create")
        response = self.plugin.create(self.name, checked, self.token)
        self.id, self.inputs, self.outputs = response.id, checked, response.properties

    def refresh(self) -> str:
        """`pulumi refresh`: Read with the state; "gone" drops the resource."""
        assert self.id is not None
        response = self.plugin.read(self.name, self.id, self.outputs, self.inputs, self.token)
        if not response.id:
            self.id = self.inputs = self.outputs = None
            return "gone"
        changed = response.properties != self.outputs
        self.inputs, self.outputs = response.inputs, response.properties
        return "updated" if changed else "same"

    def import_(self, id_: str) -> None:
        """`pulumi import TOKEN NAME ID`: Read with the id alone; refused without inputs."""
        response = self.plugin.read(self.name, id_, token=self.token)
        if not response.id or not response.HasField("properties"):
            raise LookupError(f"resource '{id_}' does not exist")
        if not response.HasField("inputs") or not response.inputs.fields:
            raise LookupError("provider does not support importing resources")
        self.id, self.inputs, self.outputs = response.id, response.inputs, response.properties

    def destroy(self) -> None:
        assert self.id is not None
        self.plugin.delete(self.name, self.id, self.outputs, self.token)
        self.id = self.inputs = self.outputs = None

    @property
    def state(self) -> dict[str, Any]:
        return unwrap(self.outputs)[0] if self.outputs is not None else {}


class CheckFailed(Exception):
    def __init__(self, failures: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{p}: {r}" for p, r in failures))
        self.failures = failures


def _step(diff: Any) -> str:
    if diff.changes != provider_pb2.DiffResponse.DIFF_SOME:
        return "same"
    return "replace" if diff.replaces else "update"


def detailed(diff: Any) -> dict[str, str]:
    """A DiffResponse's detailed diff as {property: kind name}."""
    names = provider_pb2.PropertyDiff.Kind.Name
    return {k: names(v.kind) for k, v in diff.detailedDiff.items()}
