"""pulumi-aws's Amazon Connect lookups, answered from the deployment's local Connect endpoint.

    aws:connect/getContactFlow:getContactFlow    ListContactFlows (by name), DescribeContactFlow
    aws:connect/getQuickConnect:getQuickConnect  ListQuickConnects (by name), DescribeQuickConnect

Per invoke, in the order ``ConnectLookups.call`` runs it:

1. the arguments: ``instanceId``, and exactly one of ``name`` and the item's id
   (``contactFlowId`` / ``quickConnectId``), as pulumi-aws requires;
2. the endpoint: ``AWS_ENDPOINT_URL_CONNECT`` of the deployment's environment (the engine's
   ``env`` over this process's, as the provider server sees it). Without one the invoke
   fails: the local engine never sends a lookup to AWS;
3. the Region: the invoke's ``region``, else ``aws:region`` config, else ``AWS_REGION``, else
   ``AWS_DEFAULT_REGION``;
4. the client: one per Region, built on first use with the credentials of that environment;
5. the item: by name, every page of the listing until the first exact match; by id, directly;
6. Describe for the fields the listing lacks. An endpoint that does not serve the Describe
   operation (NotImplementedException, as the emulator answers DescribeQuickConnect) gets
   a result made from the listing: no description or tags, and of the quick connect's
   config only its type;
7. the result in the invoke's wire shape: the camelCase keys pulumi-aws's result class
   reads (``GetContactFlowResult``, ``GetQuickConnectResult``), ``id`` as pulumi-aws sets
   it (``<instanceId>:<item id>``).

A failure at any step raises ``InvokeError``: the program's invoke raises it, as it would
for pulumi-aws's error. Every AWS error is translated in ``_call``, naming the operation,
the endpoint and the Region.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .program import InvokeError

__all__ = [
    "CONTACT_FLOW",
    "ConnectLookups",
    "QUICK_CONNECT",
    "TOKENS",
    "connect_client",
    "contact_flow_result",
    "find_contact_flow",
    "find_quick_connect",
    "quick_connect_result",
]

CONTACT_FLOW = "aws:connect/getContactFlow:getContactFlow"
QUICK_CONNECT = "aws:connect/getQuickConnect:getQuickConnect"
TOKENS = frozenset({CONTACT_FLOW, QUICK_CONNECT})
"""The invokes this module answers."""

ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_CONNECT"
_NO_ENDPOINT = (
    "the local engine answers Amazon Connect lookups only from a local endpoint, and none is "
    f"configured: set {ENDPOINT_VARIABLE} (e.g. the emulator's URL) in the deployment's "
    "environment. It never sends a lookup to AWS"
)

# The endpoint is on this machine (or a container next to it): a refused connection fails
# at once, so a short connect timeout and few attempts only bound a hung endpoint.
_CLIENT_CONFIG = Config(
    connect_timeout=5,
    read_timeout=30,
    retries={"mode": "standard", "max_attempts": 3},
    user_agent_extra="localengine-lookups",
)


@dataclass(frozen=True)
class _Kind:
    """One Connect item type: its operations, members and the argument that names its id."""

    noun: str
    id_arg: str
    list_operation: str
    list_member: str
    describe_operation: str
    describe_member: str
    id_member: str


_FLOW = _Kind(
    noun="contact flow",
    id_arg="contactFlowId",
    list_operation="ListContactFlows",
    list_member="ContactFlowSummaryList",
    describe_operation="DescribeContactFlow",
    describe_member="ContactFlow",
    id_member="ContactFlowId",
)
_QUICK = _Kind(
    noun="quick connect",
    id_arg="quickConnectId",
    list_operation="ListQuickConnects",
    list_member="QuickConnectSummaryList",
    describe_operation="DescribeQuickConnect",
    describe_member="QuickConnect",
    id_member="QuickConnectId",
)
_KINDS = {CONTACT_FLOW: _FLOW, QUICK_CONNECT: _QUICK}


class _NotServed(Exception):
    """The endpoint does not implement the operation (NotImplementedException)."""


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")


def _where(client: BaseClient) -> str:
    return f"{client.meta.endpoint_url}, {client.meta.region_name}"


def _call(client: BaseClient, operation: str, **params: Any) -> dict[str, Any]:
    """One Connect call; every AWS error becomes an InvokeError that names the operation, the
    endpoint and the Region (``_NotServed`` for an operation the endpoint does not serve)."""
    try:
        return getattr(client, _snake(operation))(**params)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "")
        if code == "NotImplementedException":
            raise _NotServed(operation) from None
        raise InvokeError(f"{operation} ({_where(client)}) failed: {code}: {message}") from None
    except BotoCoreError as error:
        raise InvokeError(f"{operation} ({_where(client)}) failed: {error}") from None


def _summaries(client: BaseClient, kind: _Kind, instance_id: str) -> list[dict[str, Any]]:
    """Every summary of the instance's listing, every page (AWS's default page size)."""
    params: dict[str, Any] = {"InstanceId": instance_id}
    items: list[dict[str, Any]] = []
    while True:
        page = _call(client, kind.list_operation, **params)
        items += page.get(kind.list_member) or []
        if not page.get("NextToken"):
            return items
        params["NextToken"] = page["NextToken"]


def _by_name(client: BaseClient, kind: _Kind, instance_id: str, name: str) -> dict[str, Any]:
    """The summary whose Name is ``name`` exactly; InvokeError if there is none."""
    for summary in _summaries(client, kind, instance_id):
        if summary.get("Name") == name:
            return summary
    raise InvokeError(
        f"no {kind.noun} named {name!r} in Amazon Connect instance {instance_id} "
        f"({kind.list_operation} at {_where(client)})"
    )


def _find(
    client: BaseClient, kind: _Kind, instance_id: str, name: str | None, item_id: str | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """``(described, summary)`` of the item named ``name`` or of id ``item_id``: the Describe
    shape, or None when the endpoint does not serve Describe; then the summary (None when
    found by id and described)."""
    summary = _by_name(client, kind, instance_id, name) if name is not None else None
    wanted = summary["Id"] if summary is not None else item_id
    try:
        described = _call(
            client, kind.describe_operation, InstanceId=instance_id, **{kind.id_member: wanted}
        )
        return described[kind.describe_member], summary
    except _NotServed:
        pass
    if summary is None:
        summary = next(
            (s for s in _summaries(client, kind, instance_id) if s.get("Id") == wanted), None
        )
        if summary is None:
            raise InvokeError(
                f"no {kind.noun} with id {wanted!r} in Amazon Connect instance {instance_id} "
                f"({kind.list_operation} at {_where(client)})"
            )
    return None, summary


def find_contact_flow(
    client: BaseClient, instance_id: str, *, name: str | None = None, flow_id: str | None = None
) -> dict[str, Any]:
    """The ContactFlow (DescribeContactFlow's shape) named ``name`` or of id ``flow_id``.

    Without DescribeContactFlow at the endpoint: the ContactFlowSummary's Arn, Id, Name,
    Type (from ContactFlowType), State and Status.
    """
    described, summary = _find(client, _FLOW, instance_id, name, flow_id)
    if described is not None:
        return described
    assert summary is not None
    return {
        "Arn": summary["Arn"],
        "Id": summary["Id"],
        "Name": summary["Name"],
        "Type": summary.get("ContactFlowType"),
        "State": summary.get("ContactFlowState"),
        "Status": summary.get("ContactFlowStatus"),
    }


def find_quick_connect(
    client: BaseClient,
    instance_id: str,
    *,
    name: str | None = None,
    quick_connect_id: str | None = None,
) -> dict[str, Any]:
    """The QuickConnect (DescribeQuickConnect's shape) named ``name`` or of id
    ``quick_connect_id``.

    Without DescribeQuickConnect at the endpoint (the emulator's case): the
    QuickConnectSummary's Arn, Id, Name and, as the config, its QuickConnectType only.
    """
    described, summary = _find(client, _QUICK, instance_id, name, quick_connect_id)
    if described is not None:
        return described
    assert summary is not None
    return {
        "QuickConnectARN": summary["Arn"],
        "QuickConnectId": summary["Id"],
        "Name": summary["Name"],
        "QuickConnectConfig": {"QuickConnectType": summary.get("QuickConnectType")},
    }


def contact_flow_result(flow: Mapping[str, Any], instance_id: str, region: str) -> dict[str, Any]:
    """getContactFlow's result on the wire (``GetContactFlowResult``'s keys)."""
    return {
        "arn": flow["Arn"],
        "contactFlowId": flow["Id"],
        "content": flow.get("Content") or "",
        "description": flow.get("Description") or "",
        "id": f"{instance_id}:{flow['Id']}",
        "instanceId": instance_id,
        "name": flow["Name"],
        "region": region,
        "tags": dict(flow.get("Tags") or {}),
        "type": flow.get("Type"),
    }


def _config_result(config: Mapping[str, Any]) -> dict[str, Any]:
    """A QuickConnectConfig as ``GetQuickConnectQuickConnectConfigResult`` reads it: each
    sub-config a list of zero or one element (a FLOW config has no place there)."""
    user, queue, phone = (config.get(k) for k in ("UserConfig", "QueueConfig", "PhoneConfig"))
    return {
        "quickConnectType": config.get("QuickConnectType"),
        "userConfigs": [{"contactFlowId": user.get("ContactFlowId"), "userId": user.get("UserId")}]
        if user
        else [],
        "queueConfigs": [
            {"contactFlowId": queue.get("ContactFlowId"), "queueId": queue.get("QueueId")}
        ]
        if queue
        else [],
        "phoneConfigs": [{"phoneNumber": phone.get("PhoneNumber")}] if phone else [],
    }


def quick_connect_result(quick: Mapping[str, Any], instance_id: str, region: str) -> dict[str, Any]:
    """getQuickConnect's result on the wire (``GetQuickConnectResult``'s keys)."""
    return {
        "arn": quick["QuickConnectARN"],
        "description": quick.get("Description") or "",
        "id": f"{instance_id}:{quick['QuickConnectId']}",
        "instanceId": instance_id,
        "name": quick["Name"],
        "quickConnectConfigs": [_config_result(quick.get("QuickConnectConfig") or {})],
        "quickConnectId": quick["QuickConnectId"],
        "region": region,
        "tags": dict(quick.get("Tags") or {}),
    }


def connect_client(endpoint: str, region: str, env: Mapping[str, str]) -> BaseClient:
    """A Connect client of ``endpoint`` in ``region``, with the credentials ``env`` holds:
    its access key pair (and session token), else its AWS_PROFILE, else boto3's chain."""
    keys = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
    if all(keys):
        session = boto3.session.Session(
            aws_access_key_id=keys[0],
            aws_secret_access_key=keys[1],
            aws_session_token=env.get("AWS_SESSION_TOKEN") or None,
            region_name=region,
        )
    else:
        session = boto3.session.Session(
            profile_name=env.get("AWS_PROFILE") or None, region_name=region
        )
    return session.client("connect", endpoint_url=endpoint, config=_CLIENT_CONFIG)


ClientFactory = Callable[[str, str, Mapping[str, str]], BaseClient]


class ConnectLookups:
    """The Connect lookups of one deployment (see the module docstring for the steps).

    ``env`` is the deployment's environment (``os.environ`` under it, as the provider server
    sees it). Holds plain data and, once a lookup ran, one client per Region. Thread-safe.
    """

    def __init__(
        self,
        config: Mapping[str, str],
        env: Mapping[str, str],
        client_factory: ClientFactory = connect_client,
    ) -> None:
        self.config = dict(config)
        self.env = {**os.environ, **env}
        self._client_factory = client_factory
        self._clients: dict[str, BaseClient] = {}
        self._lock = threading.Lock()

    def call(self, token: str, args: Mapping[str, Any]) -> dict[str, Any]:
        """The result of lookup ``token`` (one of TOKENS) for ``args``; InvokeError if it fails."""
        kind = _KINDS[token]
        instance_id, name, item_id = (
            args.get(k) or None for k in ("instanceId", "name", kind.id_arg)
        )
        if instance_id is None:
            raise InvokeError("instanceId is required")
        if (name is None) == (item_id is None):
            raise InvokeError(
                f"give exactly one of name and {kind.id_arg} "
                f"({'both were' if name is not None else 'neither was'} given)"
            )
        endpoint = self.env.get(ENDPOINT_VARIABLE)
        if not endpoint:
            raise InvokeError(_NO_ENDPOINT)
        region = self._region(args.get("region"))
        client = self._client(endpoint, region)
        if kind is _FLOW:
            flow = find_contact_flow(client, instance_id, name=name, flow_id=item_id)
            return contact_flow_result(flow, instance_id, region)
        quick = find_quick_connect(client, instance_id, name=name, quick_connect_id=item_id)
        return quick_connect_result(quick, instance_id, region)

    def _region(self, asked: str | None) -> str:
        for candidate in (
            asked,
            self.config.get("aws:region"),
            self.env.get("AWS_REGION"),
            self.env.get("AWS_DEFAULT_REGION"),
        ):
            if candidate:
                return candidate
        raise InvokeError(
            "no Region for the Amazon Connect lookup: set the aws:region config or AWS_REGION"
        )

    def _client(self, endpoint: str, region: str) -> BaseClient:
        with self._lock:
            client = self._clients.get(region)
            if client is None:
                try:
                    client = self._client_factory(endpoint, region, self.env)
                except (BotoCoreError, ValueError) as error:  # ValueError: a malformed URL
                    raise InvokeError(
                        f"cannot build the Amazon Connect client ({endpoint}, {region}): {error}"
                    ) from None
                self._clients[region] = client
            return client
