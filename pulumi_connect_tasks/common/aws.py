"""The Amazon Connect calls the provider makes, one small function each.

Every function takes the boto3 client as its first argument, so tests can hand in a
client wrapped in botocore's Stubber, and translates AWS errors through
:func:`pulumi_connect_tasks.common.errors.translate`. :func:`client_for` builds (and reuses) the
client in the Region :func:`resolve_region` finds, and every call it makes waits for the
account's quota and is retried until a deadline (:mod:`pulumi_connect_tasks.common.pacing`,
:mod:`pulumi_connect_tasks.common.retrying`); nothing here runs at import time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import boto3
import botocore.session
from botocore.client import BaseClient
from botocore.config import Config
from botocore.credentials import RefreshableCredentials
from botocore.exceptions import BotoCoreError, ClientError, NoRegionError

from . import pacing, retrying
from .errors import AwsCallError, error_code, translate

__all__ = [
    "resolve_region",
    "client_for",
    "start_task_contact",
    "describe_contact",
    "get_contact_attributes",
    "list_contact_references",
    "update_contact",
    "update_contact_attributes",
    "update_contact_schedule",
    "stop_contact",
    "list_contact_flows",
    "list_quick_connects",
    "list_task_templates",
    "REFERENCE_TYPES",
]

# Reference types a task carries; ListContactReferences takes at most 6 per call.
REFERENCE_TYPES = ("URL", "NUMBER", "STRING", "DATE", "EMAIL")
# ReferenceSummary member name -> reference type.
_SUMMARY_TYPES = {
    "Url": "URL",
    "Number": "NUMBER",
    "String": "STRING",
    "Date": "DATE",
    "Email": "EMAIL",
}

_clients: dict[tuple, BaseClient] = {}
_clients_lock = threading.Lock()

# botocore waits 60 s for a TCP connection by default, ten times over. 5 s still lets the
# kernel resend a lost SYN twice (at 1 s and 3 s) before giving up on an endpoint.
CONNECT_TIMEOUT_SECONDS = 5


def _client_config() -> Config:
    # botocore's standard mode, whatever AWS_RETRY_MODE says: its retry decisions are
    # overruled by :mod:`pulumi_connect_tasks.common.retrying`, and adaptive mode would stack a second
    # rate limiter on the pacer.
    return Config(
        retries={"mode": "standard"},
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        user_agent_extra="pulumi-connect-tasks",
    )


def _account(session: boto3.session.Session, profile: str | None) -> str:
    """What names the account whose quota the calls spend, without a call to STS.

    Static credentials: the access key id (one key belongs to one account). Credentials
    that refresh (SSO, assumed roles) change keys, so the profile stands for them.
    """
    credentials = session.get_credentials()
    if credentials is not None and not isinstance(credentials, RefreshableCredentials):
        return credentials.access_key
    return f"profile:{profile or os.environ.get('AWS_PROFILE') or 'default'}"


def resolve_region(region: str | None, profile: str | None) -> str | None:
    """The Region to call, in pulumi-aws's order; None when nothing names one.

    ``region`` is what the caller was told (the resource's region input or the stack's
    aws:region, or the CLI's --region). Then AWS_REGION (pulumi-aws, the AWS CLI v2 and
    Lambda set it; boto3 does not read it), AWS_DEFAULT_REGION, and last the profile's
    region in the AWS config file.
    """
    for candidate in (region, os.environ.get("AWS_REGION"), os.environ.get("AWS_DEFAULT_REGION")):
        if candidate:
            return candidate
    return botocore.session.Session(profile=profile).get_config_variable("region") or None


def client_for(
    region: str | None, profile: str | None, advice: Mapping[str, str] | None = None
) -> BaseClient:
    """A Connect client for this region and profile, built once per process.

    The region is resolved by :func:`resolve_region`, so ``client.meta.region_name`` is the
    Region the calls go to. ``advice`` overrides what the errors of building the client
    tell the user to do (the CLI has --region, not stack config). The cache key includes
    the endpoint variables so a test or the emulator that sets ``AWS_ENDPOINT_URL_CONNECT``
    later still gets a client that honours it.
    """
    try:
        region = resolve_region(region, profile)
        if region is None:
            raise NoRegionError()
    except BotoCoreError as error:
        raise translate("CreateClient", error, advice=advice) from None
    try:
        pacing.current_settings()  # a bad setting is said now, before any call
    except ValueError as error:
        raise AwsCallError(
            "CreateClient", "InvalidSetting", f"cannot call Amazon Connect: {error}"
        ) from None
    key = (
        region,
        profile,
        os.environ.get("AWS_ENDPOINT_URL_CONNECT"),
        os.environ.get("AWS_ENDPOINT_URL"),
        os.environ.get("AWS_ACCESS_KEY_ID"),
    )
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            try:
                session = boto3.session.Session(profile_name=profile, region_name=region)
                client = session.client("connect", config=_client_config())
                account = _account(session, profile)
            except BotoCoreError as error:
                raise translate("CreateClient", error, advice=advice) from None
            retrying.install(client, (account, region, client.meta.endpoint_url))
            _clients[key] = client
        return client


def _call(client: BaseClient, operation: str, method: str, sensitive=(), **params: Any) -> dict:
    try:
        return getattr(client, method)(**params)
    except (ClientError, BotoCoreError) as error:
        raise translate(operation, error, sensitive, region=client.meta.region_name) from None


def _sensitive(request: dict) -> list[str]:
    values = [request.get("Name") or "", request.get("Description") or ""]
    values += [v for v in (request.get("Attributes") or {}).values() if isinstance(v, str)]
    return values


def start_task_contact(client: BaseClient, request: dict) -> str:
    """StartTaskContact with a ready request (AWS shape, as it is sent: names resolved, DATE
    references in epoch form; :func:`pulumi_connect_tasks.task.requests.sendable`); returns
    the ContactId."""
    return _call(client, "StartTaskContact", "start_task_contact", _sensitive(request), **request)[
        "ContactId"
    ]


def describe_contact(client: BaseClient, instance_id: str, contact_id: str) -> dict | None:
    """The Contact of DescribeContact, or None when the contact does not exist."""
    try:
        return client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return None
        raise translate("DescribeContact", error) from None
    except BotoCoreError as error:
        raise translate("DescribeContact", error, region=client.meta.region_name) from None


def get_contact_attributes(client: BaseClient, instance_id: str, contact_id: str) -> dict[str, str]:
    response = _call(
        client,
        "GetContactAttributes",
        "get_contact_attributes",
        InstanceId=instance_id,
        InitialContactId=contact_id,
    )
    return dict(response.get("Attributes") or {})


def list_contact_references(
    client: BaseClient, instance_id: str, contact_id: str
) -> dict[str, dict]:
    """The task's references as ``{name: {"type": T, "value": V}}``, every page."""
    references: dict[str, dict] = {}
    params: dict[str, Any] = {
        "InstanceId": instance_id,
        "ContactId": contact_id,
        "ReferenceTypes": list(REFERENCE_TYPES),
    }
    while True:
        page = _call(client, "ListContactReferences", "list_contact_references", **params)
        for summary in page.get("ReferenceSummaryList", []):
            for member, ref_type in _SUMMARY_TYPES.items():
                if member in summary:
                    item = summary[member]
                    references[item["Name"]] = {"type": ref_type, "value": item.get("Value", "")}
        if not page.get("NextToken"):
            return references
        params["NextToken"] = page["NextToken"]


def update_contact(client: BaseClient, instance_id: str, contact_id: str, changes: dict) -> None:
    """UpdateContact with the given members (Name, Description, References, SegmentAttributes),
    as they are sent (DATE references in epoch form)."""
    _call(
        client,
        "UpdateContact",
        "update_contact",
        _sensitive(changes),
        InstanceId=instance_id,
        ContactId=contact_id,
        **changes,
    )


def update_contact_attributes(
    client: BaseClient, instance_id: str, contact_id: str, attributes: dict[str, str]
) -> None:
    """UpdateContactAttributes; a key set to "" clears it."""
    _call(
        client,
        "UpdateContactAttributes",
        "update_contact_attributes",
        _sensitive({"Attributes": attributes}),
        InstanceId=instance_id,
        InitialContactId=contact_id,
        Attributes=attributes,
    )


def update_contact_schedule(
    client: BaseClient, instance_id: str, contact_id: str, when: datetime
) -> None:
    _call(
        client,
        "UpdateContactSchedule",
        "update_contact_schedule",
        InstanceId=instance_id,
        ContactId=contact_id,
        ScheduledTime=when,
    )


def stop_contact(client: BaseClient, instance_id: str, contact_id: str) -> bool:
    """Stop a task. Returns False when it had already ended or no longer exists.

    AWS does not document the error for stopping an ended task, so a 400 is taken as
    "already ended" only after DescribeContact confirms the task ended or is gone.
    """
    try:
        client.stop_contact(InstanceId=instance_id, ContactId=contact_id)
        return True
    except ClientError as error:
        code = error_code(error)
        if code in ("ResourceNotFoundException", "ContactNotFoundException"):
            return False
        if code in ("InvalidRequestException", "InvalidParameterException"):
            contact = describe_contact(client, instance_id, contact_id)
            if contact is None or contact.get("DisconnectTimestamp"):
                return False
        raise translate("StopContact", error) from None
    except BotoCoreError as error:
        raise translate("StopContact", error, region=client.meta.region_name) from None


def _every_page(
    client: BaseClient, operation: str, method: str, member: str, **params: Any
) -> list[dict]:
    """The items under ``member`` of every page, following NextToken. No MaxResults is
    sent: AWS's default page (100 for ListContactFlows and ListQuickConnects) is used."""
    items: list[dict] = []
    while True:
        page = _call(client, operation, method, **params)
        items += page.get(member) or []
        if not page.get("NextToken"):
            return items
        params["NextToken"] = page["NextToken"]


def list_contact_flows(client: BaseClient, instance_id: str) -> list[dict]:
    """Every ContactFlowSummary (Id, Arn, Name, ...) of the instance, every page."""
    return _every_page(
        client,
        "ListContactFlows",
        "list_contact_flows",
        "ContactFlowSummaryList",
        InstanceId=instance_id,
    )


def list_quick_connects(client: BaseClient, instance_id: str) -> list[dict]:
    """Every QuickConnectSummary (Id, Arn, Name, ...) of the instance, every page."""
    return _every_page(
        client,
        "ListQuickConnects",
        "list_quick_connects",
        "QuickConnectSummaryList",
        InstanceId=instance_id,
    )


def list_task_templates(client: BaseClient, instance_id: str) -> list[dict]:
    """Every TaskTemplateMetadata (Id, Arn, Name, Status, ...) of the instance, in one call.

    Not paged: botocore documents its NextToken as "always null", so none is followed
    (a token sent back would be refused).
    """
    page = _call(client, "ListTaskTemplates", "list_task_templates", InstanceId=instance_id)
    return list(page.get("TaskTemplates") or [])
