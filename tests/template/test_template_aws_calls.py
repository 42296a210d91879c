"""The task template AWS calls: exact requests (Stubber) and their errors in one line."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.common.errors import AwsCallError
from pulumi_connect_tasks.template import aws as template_aws
from tests.template.template_support import (
    INSTANCE,
    REQUEST,
    TEMPLATE,
    TEMPLATE_ARN,
    template_response,
)


def test_template_aws_create_sends_the_request_as_given(stubbed):
    client, stubber = stubbed
    request = {**REQUEST, "ClientToken": "t"}
    stubber.add_response("create_task_template", {"Id": TEMPLATE, "Arn": TEMPLATE_ARN}, request)
    assert template_aws.create_task_template(client, request) == {
        "Id": TEMPLATE,
        "Arn": TEMPLATE_ARN,
    }


def test_template_aws_get_returns_the_template(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "get_task_template",
        template_response(),
        {"InstanceId": INSTANCE, "TaskTemplateId": TEMPLATE},
    )
    assert template_aws.get_task_template(client, INSTANCE, TEMPLATE) == template_response()


def test_template_aws_get_of_a_gone_template_is_none(stubbed):
    client, stubber = stubbed
    stubber.add_client_error(
        "get_task_template", "ResourceNotFoundException", "Task template not found", 404
    )
    assert template_aws.get_task_template(client, INSTANCE, TEMPLATE) is None


def test_template_aws_update_sends_the_full_template(stubbed):
    client, stubber = stubbed
    request = {**REQUEST, "TaskTemplateId": TEMPLATE, "Status": "ACTIVE"}
    stubber.add_response("update_task_template", {"Id": TEMPLATE, "Name": "Incident"}, request)
    assert template_aws.update_task_template(client, request) == {
        "Id": TEMPLATE,
        "Name": "Incident",
    }


def test_template_aws_delete_and_delete_of_a_gone_template(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "delete_task_template", {}, {"InstanceId": INSTANCE, "TaskTemplateId": TEMPLATE}
    )
    stubber.add_client_error("delete_task_template", "ResourceNotFoundException", "", 404)
    assert template_aws.delete_task_template(client, INSTANCE, TEMPLATE) is True
    assert template_aws.delete_task_template(client, INSTANCE, TEMPLATE) is False


def test_template_aws_delete_other_errors_are_raised(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("delete_task_template", "InvalidRequestException", "in use", 400)
    with pytest.raises(AwsCallError) as caught:
        template_aws.delete_task_template(client, INSTANCE, TEMPLATE)
    assert str(caught.value) == (
        "DeleteTaskTemplate failed: InvalidRequestException: Amazon Connect rejected the request; "
        "fix the input it names (AWS says: in use)"
    )


def test_template_aws_quota_error_names_the_template_quota(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("create_task_template", "ServiceQuotaExceededException", "quota", 402)
    with pytest.raises(AwsCallError) as caught:
        template_aws.create_task_template(client, {**REQUEST, "ClientToken": "t"})
    assert caught.value.code == "ServiceQuotaExceededException"
    assert str(caught.value) == (
        "CreateTaskTemplate failed: ServiceQuotaExceededException: the instance already has 50 task "
        "templates, a quota that cannot be raised; delete templates it no longer needs (AWS says: quota)"
    )


def test_template_aws_property_errors_list_paths_and_reasons_without_values(stubbed):
    client, stubber = stubbed
    request = {**REQUEST, "Description": "Confidential plan", "ClientToken": "t"}
    stubber.add_client_error(
        "create_task_template",
        "PropertyValidationException",
        "Bad value Confidential plan",
        400,
        response_meta={},
        modeled_fields={
            "Message": "Bad value Confidential plan",
            "PropertyList": [
                {
                    "PropertyPath": "Constraints.RequiredFields[1].Id.Name",
                    "Reason": "REFERENCED_RESOURCE_NOT_FOUND",
                    "Message": "Confidential plan",
                },
            ],
        },
    )
    with pytest.raises(AwsCallError) as caught:
        template_aws.create_task_template(client, request)
    assert str(caught.value) == (
        "CreateTaskTemplate failed: PropertyValidationException: Amazon Connect rejected the template; "
        "fix the properties it names (AWS says: Bad value ***; "
        "properties: Constraints.RequiredFields[1].Id.Name (REFERENCED_RESOURCE_NOT_FOUND))"
    )
