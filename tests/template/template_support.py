"""Shared values of the task template tests (a unique module name: no clash with other
test folders' helpers)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)
INSTANCE = "11111111-2222-3333-4444-555555555555"
INSTANCE_ARN = f"arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE}"
FLOW = "99999999-8888-7777-6666-555555555555"
TEMPLATE = "tttttttt-0000-0000-0000-000000000001"
TEMPLATE_ARN = f"{INSTANCE_ARN}/task-template/{TEMPLATE}"

FIELDS = [
    {"id": {"name": "Title"}, "type": "NAME"},
    {"id": {"name": "Summary"}, "type": "DESCRIPTION"},
    {"id": {"name": "Severity"}, "type": "NUMBER", "description": "1 (low) to 5"},
    {
        "id": {"name": "Area"},
        "type": "SINGLE_SELECT",
        "single_select_options": ["network", "storage"],
    },
]
INPUTS: dict[str, Any] = {
    "instance_id": INSTANCE,
    "name": "Incident",
    "description": "Open an incident",
    "contact_flow_id": FLOW,
    "constraints": {"required_fields": [{"id": {"name": "Title"}}, {"id": {"name": "Severity"}}]},
    "defaults": {"default_field_values": [{"id": {"name": "Area"}, "default_value": "network"}]},
    "fields": FIELDS,
    "idempotency_key": "proj/dev/incident",
}
AWS_FIELDS = [
    {"Id": {"Name": "Title"}, "Type": "NAME"},
    {"Id": {"Name": "Summary"}, "Type": "DESCRIPTION"},
    {"Id": {"Name": "Severity"}, "Type": "NUMBER", "Description": "1 (low) to 5"},
    {
        "Id": {"Name": "Area"},
        "Type": "SINGLE_SELECT",
        "SingleSelectOptions": ["network", "storage"],
    },
]
REQUEST: dict[str, Any] = {
    "InstanceId": INSTANCE,
    "Name": "Incident",
    "Description": "Open an incident",
    "ContactFlowId": FLOW,
    "Constraints": {"RequiredFields": [{"Id": {"Name": "Title"}}, {"Id": {"Name": "Severity"}}]},
    "Defaults": {"DefaultFieldValues": [{"Id": {"Name": "Area"}, "DefaultValue": "network"}]},
    "Fields": AWS_FIELDS,
}
"""The CreateTaskTemplate request of INPUTS, without its ClientToken."""


def template_response(**changes: Any) -> dict[str, Any]:
    """A GetTaskTemplate response for REQUEST, ACTIVE, created and modified at NOW."""
    response = {
        "InstanceId": INSTANCE,
        "Id": TEMPLATE,
        "Arn": TEMPLATE_ARN,
        "Status": "ACTIVE",
        **{k: v for k, v in REQUEST.items() if k != "InstanceId"},
        "CreatedTime": NOW,
        "LastModifiedTime": NOW,
        **changes,
    }
    return {k: v for k, v in response.items() if v is not None}


def created_outputs(**changes: Any) -> dict[str, Any]:
    """The outputs of creating INPUTS."""
    return {
        **INPUTS,
        "template_id": TEMPLATE,
        "template_arn": TEMPLATE_ARN,
        "created_at": "2030-01-01T12:00:00Z",
        "last_modified_at": "2030-01-01T12:00:00Z",
        "aws_region": "us-east-1",
        **changes,
    }
