"""ConnectTaskTemplate's whole life against the in-process emulator: the provider's methods
called directly, then the real provider server (`python -m pulumi.dynamic`) over gRPC."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc

from connect_emulator import EmulatorServer
from localengine.server import DiffOutcome, ProviderServer
from pulumi_connect_tasks.task.template_fit import template_violations
from pulumi_connect_tasks.template import lifecycle as template_lifecycle
from pulumi_connect_tasks.template.provider import ConnectTaskTemplateProvider

pytestmark = pytest.mark.slow

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture
def connect(emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A client for the emulator, which is also where the provider's clients now go."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", emulator.url)
    monkeypatch.setattr(template_lifecycle, "READ_BACK_PAUSE_SECONDS", 0)
    return boto3.client(
        "connect",
        endpoint_url=emulator.url,
        region_name="us-east-1",
        **{
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
        },
    )


@pytest.fixture
def instance(connect: Any) -> dict[str, str]:
    created = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=f"tmpl-{uuid.uuid4().hex[:12]}",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    flow = connect.create_contact_flow(
        InstanceId=created["Id"], Name="incident flow", Type="CONTACT_FLOW", Content="{}"
    )
    return {"id": created["Id"], "arn": created["Arn"], "flow": flow["ContactFlowId"]}


def template_inputs(instance: dict[str, str], **changes: Any) -> dict[str, Any]:
    inputs = {
        "instance_id": instance["arn"],
        "name": "Incident",
        "description": "Open an incident",
        "contact_flow_id": instance["flow"],
        "constraints": {
            "required_fields": [{"id": {"name": "Title"}}, {"id": {"name": "Severity"}}]
        },
        "defaults": {
            "default_field_values": [{"id": {"name": "Area"}, "default_value": "network"}]
        },
        "fields": [
            {"id": {"name": "Title"}, "type": "NAME"},
            {"id": {"name": "Severity"}, "type": "NUMBER"},
            {
                "id": {"name": "Area"},
                "type": "SINGLE_SELECT",
                "single_select_options": ["network", "storage"],
            },
        ],
        "idempotency_key": f"templates/dev/{instance['id']}",
        **changes,
    }
    return {k: v for k, v in inputs.items() if v is not None}


# -- the provider's methods, in process ------------------------------------------------------


def checked(
    provider: ConnectTaskTemplateProvider, olds: dict[str, Any], news: dict[str, Any]
) -> dict[str, Any]:
    result = provider.check(olds, news)
    assert result.failures == []
    return result.inputs


def test_template_lifecycle_in_process(connect, instance):
    provider = ConnectTaskTemplateProvider()
    inputs = checked(provider, {}, template_inputs(instance))
    created = provider.create(inputs)
    outputs = created.outs
    assert outputs["template_id"] == created.id
    assert outputs["template_arn"] == f"{instance['arn']}/task-template/{created.id}"
    assert outputs["instance_id"] == instance["id"]
    assert outputs["aws_region"] == "us-east-1"
    live = connect.get_task_template(InstanceId=instance["id"], TaskTemplateId=created.id)
    assert (live["Name"], live["Status"], live["Fields"][1]) == (
        "Incident",
        "ACTIVE",
        {"Id": {"Name": "Severity"}, "Type": "NUMBER"},
    )

    same = provider.diff(created.id, outputs, checked(provider, inputs, template_inputs(instance)))
    assert (same.changes, same.replaces) == (False, [])

    news = checked(
        provider,
        inputs,
        template_inputs(instance, name="Major incident", description=None, status="INACTIVE"),
    )
    change = provider.diff(created.id, outputs, news)
    assert (change.changes, change.replaces) == (True, [])
    updated = provider.update(created.id, outputs, news).outs
    assert (updated["name"], updated["status"], "description" in updated) == (
        "Major incident",
        "INACTIVE",
        False,
    )
    live = connect.get_task_template(InstanceId=instance["id"], TaskTemplateId=created.id)
    assert (live["Name"], live["Status"], "Description" in live) == (
        "Major incident",
        "INACTIVE",
        False,
    )

    read = provider.read(created.id, updated)
    assert (read.id, read.outs) == (created.id, updated)
    assert provider.diff(created.id, read.outs, news).changes is False

    provider.delete(created.id, updated)
    assert provider.read(created.id, updated).id == ""
    provider.delete(created.id, updated)  # already gone: fine


def test_template_lifecycle_recreate_after_destroy_gets_a_new_template(connect, instance):
    provider = ConnectTaskTemplateProvider()
    inputs = checked(provider, {}, template_inputs(instance))
    first = provider.create(inputs)
    assert provider.create(inputs).id == first.id  # a retried create: the same template
    provider.delete(first.id, first.outs)
    second = provider.create(inputs)
    assert second.id != first.id
    listed = connect.list_task_templates(InstanceId=instance["id"])["TaskTemplates"]
    assert [t["Id"] for t in listed] == [second.id]


def test_template_lifecycle_refresh_after_out_of_band_change(connect, instance):
    provider = ConnectTaskTemplateProvider()
    inputs = checked(provider, {}, template_inputs(instance))
    created = provider.create(inputs)
    connect.update_task_template(
        InstanceId=instance["id"],
        TaskTemplateId=created.id,
        Name="Edited in the console",
        Status="ACTIVE",
        Constraints={"RequiredFields": [{"Id": {"Name": "Title"}}]},
        ContactFlowId=instance["flow"],
    )
    read = provider.read(created.id, created.outs)
    assert read.inputs["name"] == "Edited in the console"
    assert "defaults" not in read.inputs and "description" not in read.inputs
    drift = provider.diff(created.id, read.outs, inputs)
    assert (drift.changes, drift.replaces) == (True, [])


def test_template_check_agrees_with_the_emulator(connect, instance):
    provider = ConnectTaskTemplateProvider()
    template_id = provider.create(checked(provider, {}, template_inputs(instance))).id
    template = connect.get_task_template(InstanceId=instance["id"], TaskTemplateId=template_id)
    start = {"InstanceId": instance["id"], "TaskTemplateId": template_id, "Name": "Disk full"}
    assert template_violations(template, start) == [
        ("references.Severity", "is required by task template 'Incident' (field Severity, NUMBER)"),
    ]
    with pytest.raises(connect.exceptions.InvalidRequestException):
        connect.start_task_contact(**start)
    wrong = {**start, "References": {"Severity": {"Type": "STRING", "Value": "high"}}}
    assert template_violations(template, wrong) == [
        (
            "references.Severity.type",
            "must be NUMBER to fit task template 'Incident' (field Severity, NUMBER)",
        ),
    ]
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.start_task_contact(**wrong)
    good = {**start, "References": {"Severity": {"Type": "NUMBER", "Value": "4"}}}
    assert template_violations(template, good) == []
    contact_id = connect.start_task_contact(**good)["ContactId"]
    references = connect.list_contact_references(
        InstanceId=instance["id"], ContactId=contact_id, ReferenceTypes=["NUMBER", "STRING"]
    )["ReferenceSummaryList"]
    assert sorted(references, key=str) == [
        {"Number": {"Name": "Severity", "Value": "4"}},
        {"String": {"Name": "Area", "Value": "network"}},
    ]


# -- the real provider server ----------------------------------------------------------------

PROVIDER = serialize_provider(ConnectTaskTemplateProvider())


@pytest.fixture(scope="module")
def server(
    emulator: EmulatorServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ProviderServer]:
    env = {**CREDENTIALS, "AWS_ENDPOINT_URL_CONNECT": emulator.url, "AWS_MAX_ATTEMPTS": "2"}
    program = tmp_path_factory.mktemp("template-program")
    with ProviderServer(program, "templates", {"aws:region": "us-east-1"}, env=env) as running:
        yield running


def news(inputs: dict[str, Any]) -> dict[str, Any]:
    return {**inputs, "__provider": PROVIDER}


def test_template_lifecycle_through_the_provider_server(server, connect, instance):
    outcome = server.check({}, news(template_inputs(instance)))
    assert outcome.failures == []
    inputs = outcome.inputs
    id_, outputs = server.create(inputs)
    assert outputs["template_id"] == id_ and outputs["instance_id"] == instance["id"]
    assert outputs["fields"] == template_inputs(instance)["fields"]

    again = server.check(inputs, news(template_inputs(instance)))
    assert server.diff(id_, outputs, again.inputs, inputs) == DiffOutcome(False, [], False)

    changed = server.check(
        inputs, news(template_inputs(instance, name="Major incident", status="INACTIVE"))
    )
    assert server.diff(id_, outputs, changed.inputs, inputs) == DiffOutcome(True, [], False)
    updated = server.update(id_, outputs, changed.inputs, inputs)
    assert (updated["name"], updated["status"], updated["template_id"]) == (
        "Major incident",
        "INACTIVE",
        id_,
    )
    assert (
        connect.get_task_template(InstanceId=instance["id"], TaskTemplateId=id_)["Status"]
        == "INACTIVE"
    )

    read_id, read_outputs, read_inputs = server.read(id_, updated, changed.inputs)
    assert (read_id, read_outputs) == (id_, updated)
    assert read_inputs == changed.inputs

    moved = server.check(inputs, news(template_inputs(instance, region="eu-west-2")))
    assert server.diff(id_, updated, moved.inputs, changed.inputs) == DiffOutcome(
        True, ["region"], False
    )

    server.delete(id_, updated)
    gone_id, _, _ = server.read(id_, updated, changed.inputs)
    assert gone_id == ""
    server.delete(id_, updated)  # deleting what is already gone succeeds


def test_template_preview_through_the_provider_server_calls_no_aws(server, emulator, instance):
    before = sum(emulator.app.calls.describe()["calls"].values())
    outcome = server.check(
        {}, news(template_inputs(instance, instance_id=rpc.UNKNOWN, contact_flow_id=rpc.UNKNOWN))
    )
    assert outcome.failures == []
    assert outcome.inputs["instance_id"] == rpc.UNKNOWN
    bad = server.check({}, news(template_inputs(instance, constraints=None, name="n" * 101)))
    assert bad.failures == [
        (
            "constraints",
            "is required: Amazon Connect requires it although its model marks it optional",
        ),
        ("name", "must be at most 100 characters"),
    ]
    assert sum(emulator.app.calls.describe()["calls"].values()) == before
