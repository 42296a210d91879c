"""Shared pieces of the end-to-end tests: the emulator, the real provider server, and the
engine's call sequences (see shared/reference/pulumi-dynamic-providers.md)."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic.dynamic import serialize_provider

from localengine.server import ProviderServer
from pulumi_connect_tasks.task.provider import ConnectTaskProvider
from tests.emulator_support import CREDENTIALS, connect_client, emulator_get, emulator_post

__all__ = [
    "CREDENTIALS",
    "PROVIDER",
    "Stack",
    "aws_calls",
    "connect_client",
    "contacts",
    "emulator_get",
    "emulator_post",
    "start_provider_server",
]

PROVIDER = serialize_provider(ConnectTaskProvider())


def start_provider_server(program_dir, url: str) -> ProviderServer:
    """``python -m pulumi.dynamic`` pointed at the emulator, configured like a stack."""
    env = {**CREDENTIALS, "AWS_ENDPOINT_URL_CONNECT": url, "AWS_MAX_ATTEMPTS": "4"}
    return ProviderServer(program_dir, "e2e", {"aws:region": "us-east-1"}, env=env)


def aws_calls(url: str) -> int:
    """How many AWS requests the emulator has received, all operations together."""
    return sum(emulator_get(url, "/_emulator/calls")["calls"].values())


def contacts(url: str) -> list[dict]:
    return emulator_get(url, "/_emulator/contacts")["contacts"]


class Stack:
    """One ConnectTask driven as the engine drives it: the state is (id, inputs, outputs)."""

    def __init__(self, server: ProviderServer) -> None:
        self.server = server
        self.id = ""
        self.inputs: dict[str, Any] = {}
        self.outputs: dict[str, Any] = {}

    @staticmethod
    def news(inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "__provider": PROVIDER}

    def preview_new(self, inputs: dict[str, Any]):
        return self.server.check({}, self.news(inputs))

    def up(
        self,
        inputs: dict[str, Any],
        delete_before_replace: bool = False,
        force_replace: bool = False,
    ) -> str:
        """One `pulumi up` of this resource; returns the step: create, same, update, replace.

        The replacement deletes first when the diff or ``delete_before_replace`` asks for it
        (the resource option); ``force_replace`` replaces whatever the diff says, as
        `pulumi up --replace` does (create first unless asked otherwise)."""
        if not self.id:
            checked = self._check({}, inputs)
            self.id, self.outputs = self.server.create(checked)
            self.inputs = checked
            return "create"
        checked = self._check(self.inputs, inputs)
        diff = self.server.diff(self.id, self.outputs, checked)
        if not diff.changes and not force_replace:
            return "same"
        if not diff.replaces and not force_replace:
            self.outputs = self.server.update(self.id, self.outputs, checked)
            self.inputs = checked
            return "update"
        old_id, old_outputs = self.id, self.outputs
        checked = self._check({}, inputs)  # the engine checks a replacement as a new resource
        delete_before_replace = delete_before_replace or diff.delete_before_replace
        if delete_before_replace:
            self.server.delete(old_id, old_outputs)
        self.id, self.outputs = self.server.create(checked)
        self.inputs = checked
        if not delete_before_replace:
            self.server.delete(old_id, old_outputs)
        return "replace"

    def refresh(self) -> str:
        new_id, outputs, inputs = self.server.read(self.id, self.outputs, self.inputs)
        self.id, self.outputs = new_id, outputs
        if inputs is not None:
            self.inputs = inputs
        return new_id

    def destroy(self) -> None:
        self.server.delete(self.id, self.outputs)
        self.id, self.inputs, self.outputs = "", {}, {}

    def _check(self, olds: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
        outcome = self.server.check(olds, self.news(inputs))
        assert outcome.failures == [], outcome.failures
        return outcome.inputs
