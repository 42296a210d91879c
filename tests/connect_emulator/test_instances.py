"""CreateInstance, DescribeInstance, ListInstances, CreateContactFlow, DescribeContactFlow, CreateQuickConnect."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from .conftest import FLOW_CONTENT, make_client

ARN_PREFIX = "arn:aws:connect:us-east-1:123456789012:instance/"


def _create_instance(client: Any, alias: str) -> dict[str, Any]:
    return client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=alias,
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )


def test_create_instance_returns_id_and_arn(client: Any) -> None:
    created = _create_instance(client, "alpha")
    assert created["Arn"] == ARN_PREFIX + created["Id"]
    assert len(created["Id"]) == 36


def test_describe_instance_returns_instance_shape(client: Any) -> None:
    created = _create_instance(client, "alpha")
    instance = client.describe_instance(InstanceId=created["Id"])["Instance"]
    assert instance["Id"] == created["Id"]
    assert instance["Arn"] == created["Arn"]
    assert instance["InstanceAlias"] == "alpha"
    assert instance["IdentityManagementType"] == "CONNECT_MANAGED"
    assert instance["InstanceStatus"] == "ACTIVE"
    assert instance["InboundCallsEnabled"] is True
    assert instance["OutboundCallsEnabled"] is False
    assert instance["InstanceAccessUrl"] == "https://alpha.my.connect.aws"


def test_describe_instance_unknown_is_resource_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.describe_instance(InstanceId="00000000-0000-0000-0000-000000000000")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert (
        caught.value.response["Error"]["Message"]
        == "Instance not found: 00000000-0000-0000-0000-000000000000"
    )


def test_describe_instance_other_region_is_resource_not_found(client: Any, server: Any) -> None:
    created = _create_instance(client, "alpha")
    west = make_client(server.url, region="us-west-2")
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.describe_instance(InstanceId=created["Id"])


def test_create_instance_region_comes_from_signature(server: Any) -> None:
    west = make_client(server.url, region="eu-west-2")
    created = _create_instance(west, "alpha")
    assert created["Arn"] == f"arn:aws:connect:eu-west-2:123456789012:instance/{created['Id']}"


def test_create_instance_alias_required_for_connect_managed(client: Any) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
    assert (
        caught.value.response["Error"]["Message"]
        == "InstanceAlias is required when IdentityManagementType is CONNECT_MANAGED"
    )


def test_create_instance_directory_required_for_existing_directory(client: Any) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.create_instance(
            IdentityManagementType="EXISTING_DIRECTORY",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
    assert (
        caught.value.response["Error"]["Message"]
        == "DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY"
    )


def test_create_instance_duplicate_alias_is_invalid_request(client: Any) -> None:
    _create_instance(client, "alpha")
    with pytest.raises(client.exceptions.InvalidRequestException):
        _create_instance(client, "alpha")


def test_create_instance_bad_alias_pattern_is_invalid_request(client: Any) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        _create_instance(client, "d-not-allowed")
    message = caught.value.response["Error"]["Message"]
    assert message.startswith(
        "1 validation error detected: Value at 'InstanceAlias' failed to satisfy constraint: Member must satisfy regular expression pattern"
    )
    assert "d-not-allowed" not in message


def test_create_instance_bad_enum_is_invalid_request(raw_client: Any) -> None:
    with pytest.raises(raw_client.exceptions.InvalidRequestException) as caught:
        raw_client.create_instance(
            IdentityManagementType="LDAP",
            InstanceAlias="a",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
    assert caught.value.response["Error"]["Message"] == (
        "1 validation error detected: Value at 'IdentityManagementType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SAML, CONNECT_MANAGED, EXISTING_DIRECTORY]"
    )


def test_list_instances_pages_by_max_results(client: Any) -> None:
    ids = [_create_instance(client, f"alias{n}")["Id"] for n in range(3)]
    first = client.list_instances(MaxResults=2)
    second = client.list_instances(MaxResults=2, NextToken=first["NextToken"])
    assert [i["Id"] for i in first["InstanceSummaryList"]] == ids[:2]
    assert [i["Id"] for i in second["InstanceSummaryList"]] == ids[2:]
    assert "NextToken" not in second


def test_list_instances_max_results_above_ten_is_invalid_request(client: Any) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.list_instances(MaxResults=11)
    assert caught.value.response["Error"]["Message"] == (
        "1 validation error detected: Value at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 10"
    )


def test_list_instances_bad_token_is_invalid_request(client: Any) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.list_instances(NextToken="not-a-token")
    assert caught.value.response["Error"]["Message"] == "NextToken is not valid"


def test_create_contact_flow_returns_id_arn_and_sha(client: Any, instance_id: str) -> None:
    created = client.create_contact_flow(
        InstanceId=instance_id, Name="flow", Type="CONTACT_FLOW", Content=FLOW_CONTENT
    )
    assert (
        created["ContactFlowArn"]
        == f"{ARN_PREFIX}{instance_id}/contact-flow/{created['ContactFlowId']}"
    )
    assert created["FlowContentSha256"] == hashlib.sha256(FLOW_CONTENT.encode()).hexdigest()


def test_create_contact_flow_unknown_instance_is_resource_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.create_contact_flow(
            InstanceId="missing", Name="flow", Type="CONTACT_FLOW", Content=FLOW_CONTENT
        )


def test_create_contact_flow_content_not_json_is_invalid_contact_flow(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.InvalidContactFlowException) as caught:
        client.create_contact_flow(
            InstanceId=instance_id, Name="flow", Type="CONTACT_FLOW", Content="not json"
        )
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert caught.value.response["problems"] == [
        {"message": "Content must be a flow in Amazon Connect Flow language (a JSON object)"}
    ]


def test_create_contact_flow_duplicate_name_is_duplicate_resource(
    client: Any, instance_id: str
) -> None:
    client.create_contact_flow(
        InstanceId=instance_id, Name="flow", Type="CONTACT_FLOW", Content=FLOW_CONTENT
    )
    with pytest.raises(client.exceptions.DuplicateResourceException) as caught:
        client.create_contact_flow(
            InstanceId=instance_id, Name="flow", Type="CONTACT_FLOW", Content=FLOW_CONTENT
        )
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


def test_create_contact_flow_bad_type_is_invalid_parameter(
    raw_client: Any, instance_id: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException):
        raw_client.create_contact_flow(
            InstanceId=instance_id, Name="flow", Type="TASK", Content=FLOW_CONTENT
        )


def test_describe_contact_flow_returns_flow(client: Any, instance_id: str, flow_id: str) -> None:
    flow = client.describe_contact_flow(InstanceId=instance_id, ContactFlowId=flow_id)[
        "ContactFlow"
    ]
    assert flow["Id"] == flow_id
    assert flow["Arn"] == f"{ARN_PREFIX}{instance_id}/contact-flow/{flow_id}"
    assert flow["Name"] == "task flow"
    assert flow["Type"] == "CONTACT_FLOW"
    assert flow["State"] == "ACTIVE"
    assert flow["Status"] == "PUBLISHED"
    assert flow["Content"] == FLOW_CONTENT


def test_describe_contact_flow_unknown_is_resource_not_found(client: Any, instance_id: str) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.describe_contact_flow(InstanceId=instance_id, ContactFlowId="missing-flow")
    assert caught.value.response["Error"]["Message"] == "Contact flow not found: missing-flow"


def test_create_quick_connect_returns_id_and_arn(
    client: Any, instance_id: str, flow_id: str
) -> None:
    created = client.create_quick_connect(
        InstanceId=instance_id,
        Name="queue qc",
        QuickConnectConfig={
            "QuickConnectType": "QUEUE",
            "QueueConfig": {"QueueId": "q-1", "ContactFlowId": flow_id},
        },
    )
    assert (
        created["QuickConnectARN"]
        == f"{ARN_PREFIX}{instance_id}/transfer-destination/{created['QuickConnectId']}"
    )


def test_create_quick_connect_unknown_flow_is_resource_not_found(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.create_quick_connect(
            InstanceId=instance_id,
            Name="qc",
            QuickConnectConfig={
                "QuickConnectType": "QUEUE",
                "QueueConfig": {"QueueId": "q-1", "ContactFlowId": "missing"},
            },
        )


def test_create_quick_connect_missing_config_is_invalid_request(
    client: Any, instance_id: str
) -> None:
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.create_quick_connect(
            InstanceId=instance_id, Name="qc", QuickConnectConfig={"QuickConnectType": "USER"}
        )
    assert (
        caught.value.response["Error"]["Message"]
        == "QuickConnectConfig.UserConfig is required when QuickConnectType is USER"
    )


def test_create_quick_connect_duplicate_name_is_duplicate_resource(
    client: Any, instance_id: str
) -> None:
    config = {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+15555550100"}}
    client.create_quick_connect(InstanceId=instance_id, Name="qc", QuickConnectConfig=config)
    with pytest.raises(client.exceptions.DuplicateResourceException):
        client.create_quick_connect(InstanceId=instance_id, Name="qc", QuickConnectConfig=config)


def test_create_quick_connect_name_too_long_is_invalid_parameter(
    client: Any, instance_id: str
) -> None:
    config = {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+15555550100"}}
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.create_quick_connect(
            InstanceId=instance_id, Name="q" * 128, QuickConnectConfig=config
        )
    assert caught.value.response["Error"]["Message"] == (
        "1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 127"
    )
