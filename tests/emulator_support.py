"""What the tests of several folders need from a running emulator: a boto3 client for it, its
``/_emulator`` endpoints over HTTP, and an instance with a task flow in it.

One copy here, imported by the folders' conftests and support modules (``tests/conftest.py``
builds the ``instance_id`` and ``flow_id`` fixtures from :func:`new_instance` and
:func:`new_flow`).
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import boto3

__all__ = [
    "CREDENTIALS",
    "FLOW_CONTENT",
    "FLOW_NAME",
    "connect_client",
    "emulator_get",
    "emulator_post",
    "instance_and_flow",
    "new_flow",
    "new_instance",
]

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
"""Fake credentials, for a process whose environment a test builds (the emulator takes any)."""

FLOW_CONTENT = json.dumps(
    {
        "Version": "2019-10-30",
        "StartAction": "end",
        "Actions": [
            {
                "Identifier": "end",
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            }
        ],
    }
)
"""A flow that ends the contact: the smallest content the emulator and AWS accept."""

FLOW_NAME = "task flow"
"""The name of the flow :func:`instance_and_flow` creates."""

# A hang guard, not a speed figure: the emulator answers on loopback in milliseconds.
_HTTP_TIMEOUT = 10


def connect_client(url: str, region: str = "us-east-1") -> Any:
    """A Connect client of the emulator at ``url``, with the fake credentials."""
    return boto3.client(
        "connect",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def emulator_get(url: str, path: str) -> Any:
    """GET one of the emulator's ``/_emulator`` endpoints; its JSON."""
    with urllib.request.urlopen(url + path, timeout=_HTTP_TIMEOUT) as response:
        return json.loads(response.read())


def emulator_post(url: str, path: str, body: Any) -> Any:
    """POST ``body`` as JSON to one of the emulator's ``/_emulator`` endpoints; its JSON."""
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=_HTTP_TIMEOUT) as response:
        return json.loads(response.read())


def new_instance(client: Any, alias: str) -> str:
    """A new instance called ``alias``: its id."""
    return client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=alias,
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )["Id"]


def new_flow(client: Any, instance_id: str) -> str:
    """A new CONTACT_FLOW called :data:`FLOW_NAME`, of :data:`FLOW_CONTENT`: its id."""
    return client.create_contact_flow(
        InstanceId=instance_id, Name=FLOW_NAME, Type="CONTACT_FLOW", Content=FLOW_CONTENT
    )["ContactFlowId"]


def instance_and_flow(client: Any, alias: str) -> tuple[str, str]:
    """A new instance called ``alias`` and a flow in it: ``(instance id, flow id)``."""
    instance_id = new_instance(client, alias)
    return instance_id, new_flow(client, instance_id)
