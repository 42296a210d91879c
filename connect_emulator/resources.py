"""Instances, flows, quick connects and task templates: the resources a task names.

Plain records with the AWS-shaped views their Describe/Get operations return.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .contacts import ACCOUNT_ID

__all__ = [
    "ContactFlow",
    "Instance",
    "QuickConnect",
    "TaskTemplate",
    "TEMPLATE_CONTENT",
    "instance_arn",
]


def instance_arn(region: str, instance_id: str) -> str:
    """``arn:aws:connect:REGION:123456789012:instance/ID``."""
    return f"arn:aws:connect:{region}:{ACCOUNT_ID}:instance/{instance_id}"


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


@dataclass
class Instance:
    """An Amazon Connect instance; ACTIVE as soon as it is created."""

    id: str
    region: str
    identity_management_type: str
    inbound_calls_enabled: bool
    outbound_calls_enabled: bool
    created: float
    alias: str | None = None
    directory_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return instance_arn(self.region, self.id)

    def summary(self) -> dict[str, Any]:
        """The InstanceSummary shape (ListInstances)."""
        return _drop_none(
            {
                "Id": self.id,
                "Arn": self.arn,
                "IdentityManagementType": self.identity_management_type,
                "InstanceAlias": self.alias,
                "CreatedTime": self.created,
                "ServiceRole": f"arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect",
                "InstanceStatus": "ACTIVE",
                "InboundCallsEnabled": self.inbound_calls_enabled,
                "OutboundCallsEnabled": self.outbound_calls_enabled,
                "InstanceAccessUrl": f"https://{self.alias or self.id}.my.connect.aws",
            }
        )

    def describe(self) -> dict[str, Any]:
        """The Instance shape (DescribeInstance)."""
        data = self.summary()
        if self.tags:
            data["Tags"] = dict(self.tags)
        return data

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ContactFlow:
    """A flow in an instance."""

    id: str
    region: str
    instance_id: str
    name: str
    flow_type: str
    content: str
    content_sha256: str
    status: str
    created: float
    description: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"{instance_arn(self.region, self.instance_id)}/contact-flow/{self.id}"

    def summary(self) -> dict[str, Any]:
        """The ContactFlowSummary shape (ListContactFlows)."""
        return {
            "Id": self.id,
            "Arn": self.arn,
            "Name": self.name,
            "ContactFlowType": self.flow_type,
            "ContactFlowState": "ACTIVE",
            "ContactFlowStatus": self.status,
        }

    def describe(self) -> dict[str, Any]:
        """The ContactFlow shape (DescribeContactFlow)."""
        return _drop_none(
            {
                "Arn": self.arn,
                "Id": self.id,
                "Name": self.name,
                "Type": self.flow_type,
                "State": "ACTIVE",
                "Status": self.status,
                "Description": self.description,
                "Content": self.content,
                "Tags": dict(self.tags) or None,
                "FlowContentSha256": self.content_sha256,
                "LastModifiedTime": self.created,
                "LastModifiedRegion": self.region,
            }
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class QuickConnect:
    """A quick connect in an instance; ``config`` is the QuickConnectConfig as sent."""

    id: str
    region: str
    instance_id: str
    name: str
    config: dict[str, Any]
    created: float
    description: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"{instance_arn(self.region, self.instance_id)}/transfer-destination/{self.id}"

    @property
    def quick_connect_type(self) -> str:
        return self.config["QuickConnectType"]

    def summary(self) -> dict[str, Any]:
        """The QuickConnectSummary shape (ListQuickConnects); never modified, so last modified when created."""
        return {
            "Id": self.id,
            "Arn": self.arn,
            "Name": self.name,
            "QuickConnectType": self.quick_connect_type,
            "LastModifiedTime": self.created,
            "LastModifiedRegion": self.region,
        }

    def flow_id(self) -> str | None:
        """The flow a task started through this quick connect runs."""
        for key in ("UserConfig", "QueueConfig", "FlowConfig"):
            if key in self.config:
                return self.config[key].get("ContactFlowId")
        return None

    def queue_id(self) -> str | None:
        """The queue a QUEUE quick connect routes to."""
        return (self.config.get("QueueConfig") or {}).get("QueueId")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


TEMPLATE_CONTENT = (
    "Name",
    "Description",
    "ContactFlowId",
    "SelfAssignFlowId",
    "ContactHooks",
    "Constraints",
    "Defaults",
    "Status",
    "Fields",
)
"""The members of a task template that CreateTaskTemplate sets and UpdateTaskTemplate replaces."""


@dataclass
class TaskTemplate:
    """A task template; ``content`` holds its TEMPLATE_CONTENT members in AWS shape, as sent."""

    id: str
    region: str
    instance_id: str
    content: dict[str, Any]
    created: float
    last_modified: float

    @property
    def arn(self) -> str:
        return f"{instance_arn(self.region, self.instance_id)}/task-template/{self.id}"

    @property
    def name(self) -> str:
        return self.content["Name"]

    @property
    def status(self) -> str:
        return self.content.get("Status", "ACTIVE")

    def fields(self) -> list[dict[str, Any]]:
        return list(self.content.get("Fields") or [])

    def describe(self) -> dict[str, Any]:
        """The GetTaskTemplate (and UpdateTaskTemplate) response."""
        data = {
            key: self.content[key] for key in TEMPLATE_CONTENT if self.content.get(key) is not None
        }
        data["Status"] = self.status
        return {
            "InstanceId": self.instance_id,
            "Id": self.id,
            "Arn": self.arn,
            **data,
            "LastModifiedTime": self.last_modified,
            "CreatedTime": self.created,
        }

    def summary(self) -> dict[str, Any]:
        """The TaskTemplateMetadata shape (ListTaskTemplates)."""
        return _drop_none(
            {
                "Id": self.id,
                "Arn": self.arn,
                "Name": self.name,
                "Description": self.content.get("Description"),
                "Status": self.status,
                "LastModifiedTime": self.last_modified,
                "CreatedTime": self.created,
            }
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
