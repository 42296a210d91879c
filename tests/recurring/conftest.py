"""Fixtures of the recurring task tests: an emulator with an instance, a flow, a quick connect
and a template in it, and Pulumi mocks that answer pulumi-aws's lookups from that emulator as
pulumi-aws answers them from AWS."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

from connect_emulator import EmulatorServer
from tests.emulator_support import connect_client, new_flow, new_instance

ACCOUNT = "123456789012"
REGION = "us-east-1"
TEMPLATE_NAME = "Access review"
QUICK_CONNECT_NAME = "Reviews queue"


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(port=0, throttle=False) as server:
        yield server


@pytest.fixture
def connect(emulator_server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A client of the emulator, reset; AWS_ENDPOINT_URL_CONNECT points this package at it."""
    request = urllib.request.Request(
        emulator_server.url + "/_emulator/reset", data=b"{}", method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", emulator_server.url)
    monkeypatch.setenv("AWS_REGION", REGION)
    return connect_client(emulator_server.url)


@pytest.fixture
def centre(connect: Any) -> dict[str, str]:
    """An instance with a flow, a quick connect and an active template (with that flow)."""
    instance = new_instance(connect, "recurring")
    flow = new_flow(connect, instance)
    quick_connect = connect.create_quick_connect(
        InstanceId=instance,
        Name=QUICK_CONNECT_NAME,
        QuickConnectConfig={
            "QuickConnectType": "QUEUE",
            "QueueConfig": {"QueueId": "queue-7", "ContactFlowId": flow},
        },
    )["QuickConnectId"]
    template = connect.create_task_template(
        InstanceId=instance,
        Name=TEMPLATE_NAME,
        ContactFlowId=flow,
        Fields=[
            {"Id": {"Name": "Name"}, "Type": "NAME"},
            {"Id": {"Name": "roster"}, "Type": "URL"},
        ],
        Constraints={"RequiredFields": [{"Id": {"Name": "Name"}}, {"Id": {"Name": "roster"}}]},
    )["Id"]
    return {
        "instance": instance,
        "flow": flow,
        "quick_connect": quick_connect,
        "template": template,
    }


class ConnectMocks(pulumi.runtime.Mocks):
    """Records every resource; answers the AWS identity lookups, and pulumi-aws's Connect
    lookups from the emulator (ListContactFlows / ListQuickConnects by exact name)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.resources: list[pulumi.runtime.MockResourceArgs] = []
        self.calls: list[pulumi.runtime.MockCallArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.resources.append(args)
        outputs = dict(args.inputs)
        if args.typ == "aws:iam/role:Role":
            outputs["arn"] = f"arn:aws:iam::{ACCOUNT}:role/{args.name}"
        if args.typ == "aws:scheduler/schedule:Schedule":
            outputs["arn"] = (
                f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{args.inputs['name']}"
            )
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs):
        self.calls.append(args)
        token, given = args.token, args.args
        if token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": ACCOUNT,
                "arn": f"arn:aws:iam::{ACCOUNT}:user/test",
                "userId": "x",
                "id": ACCOUNT,
            }
        if token == "aws:index/getRegion:getRegion":
            return {
                "region": REGION,
                "name": REGION,
                "id": REGION,
                "description": REGION,
                "endpoint": "x",
            }
        if token == "aws:index/getPartition:getPartition":
            return {
                "partition": "aws",
                "id": "aws",
                "dnsSuffix": "amazonaws.com",
                "reverseDnsPrefix": "com.amazonaws",
            }
        if token == "aws:connect/getContactFlow:getContactFlow":
            listing = self.client.list_contact_flows(InstanceId=given["instanceId"])[
                "ContactFlowSummaryList"
            ]
            found = [f for f in listing if f["Name"] == given["name"]]
            if not found:
                raise Exception(f"no Connect Contact Flow named {given['name']}")
            return {
                "contactFlowId": found[0]["Id"],
                "arn": found[0]["Arn"],
                "name": found[0]["Name"],
                "instanceId": given["instanceId"],
            }
        if token == "aws:connect/getQuickConnect:getQuickConnect":
            listing = self.client.list_quick_connects(InstanceId=given["instanceId"])[
                "QuickConnectSummaryList"
            ]
            found = [q for q in listing if q["Name"] == given["name"]]
            if not found:
                raise Exception(f"no Connect Quick Connect named {given['name']}")
            return {
                "quickConnectId": found[0]["Id"],
                "arn": found[0]["Arn"],
                "name": found[0]["Name"],
                "instanceId": given["instanceId"],
            }
        return {}

    def of_type(self, typ: str) -> list[pulumi.runtime.MockResourceArgs]:
        return [r for r in self.resources if r.typ == typ]


@pytest.fixture
def mocks(connect: Any) -> ConnectMocks:
    recorder = ConnectMocks(connect)
    pulumi.runtime.set_mocks(recorder, project="ops", stack="dev", preview=False)
    return recorder


@pytest.fixture
def preview_mocks(connect: Any) -> ConnectMocks:
    recorder = ConnectMocks(connect)
    pulumi.runtime.set_mocks(recorder, project="ops", stack="dev", preview=True)
    return recorder
