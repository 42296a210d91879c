"""The template provider is pickled into state: small, by reference, loadable in a fresh
process; and ConnectTaskTemplate declares what the provider expects (under mocks)."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pulumi
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_connect_tasks.template.provider import ConnectTaskTemplateProvider
from pulumi_connect_tasks.template.resource import ConnectTaskTemplate, ConnectTaskTemplateArgs

pytestmark = pytest.mark.slow

TEMPLATE_TYPE = "pulumi-python:dynamic/connect:TaskTemplate"


def test_template_provider_pickles_small_and_by_reference():
    raw = base64.b64decode(serialize_provider(ConnectTaskTemplateProvider()))
    assert len(raw) < 512
    assert b"pulumi_connect_tasks.template.provider" in raw
    assert b"ConnectTaskTemplateProvider" in raw
    assert b"co_code" not in raw and b"_create_code" not in raw


def test_template_provider_is_not_stored_as_a_secret():
    assert ConnectTaskTemplateProvider.serialize_as_secret_always is False


def test_template_provider_holds_no_credentials(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing-fake-access-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "very-secret-value-xyz")
    raw = base64.b64decode(serialize_provider(ConnectTaskTemplateProvider()))
    for secret in (b"testing-fake-access-key-id", b"very-secret-value-xyz", b"testing"):
        assert secret not in raw


def test_template_provider_unpickles_in_a_fresh_process(tmp_path):
    code = (
        "import base64, sys, dill\n"
        "p = dill.loads(base64.b64decode(sys.argv[1]))\n"
        "print(type(p).__module__, type(p).__name__, sorted(vars(p)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, serialize_provider(ConnectTaskTemplateProvider())],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ},
        check=True,
    )
    assert (
        done.stdout.strip()
        == "pulumi_connect_tasks.template.provider ConnectTaskTemplateProvider []"
    )


def test_template_modules_build_no_client_at_import():
    code = (
        "import boto3, pulumi_connect_tasks.common.aws as aws\n"
        "import pulumi_connect_tasks.template.resource, pulumi_connect_tasks.task.template_fit\n"
        "print(len(aws._clients), boto3.DEFAULT_SESSION)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0 None"


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.resources: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args):
        self.resources.append(args)
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args):
        return {}


@pulumi.runtime.test
def test_template_resource_declares_inputs_outputs_and_a_default_key():
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project="connect-tasks", stack="dev", preview=False)
    template = ConnectTaskTemplate(
        "incident",
        ConnectTaskTemplateArgs(
            instance_id="inst-1",
            name="Incident",
            contact_flow_id="flow-1",
            fields=[{"id": {"name": "Title"}, "type": "NAME"}],
            constraints={"required_fields": [{"id": {"name": "Title"}}]},
        ),
    )

    def check(_):
        [resource] = mocks.resources
        assert resource.typ == TEMPLATE_TYPE
        assert resource.inputs["idempotency_key"] == "connect-tasks/dev/incident"
        assert resource.inputs["fields"] == [{"id": {"name": "Title"}, "type": "NAME"}]
        assert "__provider" in resource.inputs
        assert "description" not in resource.inputs

    return template.urn.apply(check)
