"""The Amazon Connect task template calls, one small function each.

Like :mod:`pulumi_connect_tasks.common.aws`, every function takes the boto3 client first and
translates AWS errors through :func:`pulumi_connect_tasks.common.errors.translate`, here with advice
of its own for the template quota and template properties.
"""

from __future__ import annotations

from typing import Any

from botocore.client import BaseClient
from botocore.exceptions import BotoCoreError, ClientError

from ..common.errors import AwsCallError, error_code, translate

__all__ = [
    "create_task_template",
    "get_task_template",
    "update_task_template",
    "delete_task_template",
]

_TEMPLATE_ADVICE = {
    "ServiceQuotaExceededException": (
        "the instance already has 50 task templates, a quota that cannot be raised; "
        "delete templates it no longer needs"
    ),
    "PropertyValidationException": "Amazon Connect rejected the template; fix the properties it names",
}


def _template_sensitive(request: dict) -> list[str]:
    defaults = (request.get("Defaults") or {}).get("DefaultFieldValues") or []
    return [request.get("Description") or ""] + [
        d.get("DefaultValue") or "" for d in defaults if isinstance(d, dict)
    ]


def _template_error(
    client: BaseClient, operation: str, error: ClientError | BotoCoreError, sensitive=()
) -> AwsCallError:
    return translate(
        operation, error, sensitive, advice=_TEMPLATE_ADVICE, region=client.meta.region_name
    )


def _template_call(
    client: BaseClient, operation: str, method: str, sensitive=(), **params: Any
) -> dict:
    try:
        response = getattr(client, method)(**params)
    except (ClientError, BotoCoreError) as error:
        raise _template_error(client, operation, error, sensitive) from None
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def create_task_template(client: BaseClient, request: dict) -> dict:
    """CreateTaskTemplate with a request in AWS shape; returns ``{"Id", "Arn"}``."""
    return _template_call(
        client,
        "CreateTaskTemplate",
        "create_task_template",
        _template_sensitive(request),
        **request,
    )


def get_task_template(client: BaseClient, instance_id: str, template_id: str) -> dict | None:
    """GetTaskTemplate's response, or None when the template (or its instance) does not exist."""
    try:
        response = client.get_task_template(InstanceId=instance_id, TaskTemplateId=template_id)
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return None
        raise _template_error(client, "GetTaskTemplate", error) from None
    except BotoCoreError as error:
        raise _template_error(client, "GetTaskTemplate", error) from None
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def update_task_template(client: BaseClient, request: dict) -> dict:
    """UpdateTaskTemplate (a full update: send every member the template keeps); returns the template."""
    return _template_call(
        client,
        "UpdateTaskTemplate",
        "update_task_template",
        _template_sensitive(request),
        **request,
    )


def delete_task_template(client: BaseClient, instance_id: str, template_id: str) -> bool:
    """Delete a template. Returns False when it (or its instance) no longer exists."""
    try:
        client.delete_task_template(InstanceId=instance_id, TaskTemplateId=template_id)
        return True
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return False
        raise _template_error(client, "DeleteTaskTemplate", error) from None
    except BotoCoreError as error:
        raise _template_error(client, "DeleteTaskTemplate", error) from None
