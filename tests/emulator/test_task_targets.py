"""StartTaskContact runs exactly one flow, named by exactly one of three members.

botocore's StartTaskContact documentation: "include only one of these parameters:
ContactFlowID, QuickConnectID, or TaskTemplateID. [...] If more than one parameter is
specified, or only the TaskTemplateID is specified but it does not have a flow
configured, the request returns an error".
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import stored_contacts

EXACTLY_ONE = "Exactly one of ContactFlowId, QuickConnectId and TaskTemplateId is required; got "
NO_FLOW = "The task template named by TaskTemplateId has no flow configured (ContactFlowId): the task has no flow to run"


@pytest.fixture
def quick_connect_id(client: Any, instance_id: str, flow_id: str) -> str:
    config = {"QuickConnectType": "QUEUE", "QueueConfig": {"QueueId": "queue-7", "ContactFlowId": flow_id}}
    return client.create_quick_connect(InstanceId=instance_id, Name="qc", QuickConnectConfig=config)["QuickConnectId"]


def _refused(caught: Any, server: Any, message: str, request: dict[str, Any]) -> None:
    """The error has ``message`` and none of the request's values; nothing was created."""
    error = caught.value.response["Error"]
    assert (caught.value.response["ResponseMetadata"]["HTTPStatusCode"], error["Message"]) == (400, message)
    for value in request.values():
        assert value not in error["Message"]
    assert stored_contacts(server.url) == []


def test_start_task_contact_no_target_is_invalid_request(client: Any, server: Any, instance_id: str) -> None:
    request = {"InstanceId": instance_id, "Name": "Call back"}
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(**request)
    _refused(caught, server, EXACTLY_ONE + "none", request)


def test_start_task_contact_flow_and_quick_connect_is_invalid_request(
    client: Any, server: Any, instance_id: str, flow_id: str, quick_connect_id: str
) -> None:
    request = {"InstanceId": instance_id, "Name": "Call back", "ContactFlowId": flow_id, "QuickConnectId": quick_connect_id}
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(**request)
    _refused(caught, server, EXACTLY_ONE + "ContactFlowId, QuickConnectId", request)


def test_start_task_contact_flow_and_template_with_a_flow_is_invalid_request(
    client: Any, server: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    template_id = make_template(ContactFlowId=flow_id)
    request = {"InstanceId": instance_id, "Name": "Call back", "ContactFlowId": flow_id, "TaskTemplateId": template_id}
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(**request)
    _refused(caught, server, EXACTLY_ONE + "ContactFlowId, TaskTemplateId", request)


def test_start_task_contact_flow_and_template_without_a_flow_is_invalid_request(
    client: Any, server: Any, instance_id: str, flow_id: str, make_template: Any
) -> None:
    # The request's flow does not stand in for the template's: more than one member is an error.
    template_id = make_template()
    request = {"InstanceId": instance_id, "Name": "Call back", "ContactFlowId": flow_id, "TaskTemplateId": template_id}
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(**request)
    _refused(caught, server, EXACTLY_ONE + "ContactFlowId, TaskTemplateId", request)


def test_start_task_contact_quick_connect_and_template_is_invalid_request(
    client: Any, server: Any, instance_id: str, flow_id: str, quick_connect_id: str, make_template: Any
) -> None:
    template_id = make_template(ContactFlowId=flow_id)
    request = {"InstanceId": instance_id, "Name": "Call back", "QuickConnectId": quick_connect_id, "TaskTemplateId": template_id}
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(**request)
    _refused(caught, server, EXACTLY_ONE + "QuickConnectId, TaskTemplateId", request)


def test_start_task_contact_all_three_targets_is_invalid_request(
    client: Any, server: Any, instance_id: str, flow_id: str, quick_connect_id: str, make_template: Any
) -> None:
    template_id = make_template(ContactFlowId=flow_id)
    request = {
        "InstanceId": instance_id, "Name": "Call back", "ContactFlowId": flow_id,
        "QuickConnectId": quick_connect_id, "TaskTemplateId": template_id,
    }
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(**request)
    _refused(caught, server, EXACTLY_ONE + "ContactFlowId, QuickConnectId, TaskTemplateId", request)


def test_start_task_contact_template_without_flow_alone_is_invalid_request(
    client: Any, server: Any, instance_id: str, make_template: Any
) -> None:
    template_id = make_template()
    request = {"InstanceId": instance_id, "Name": "Call back", "TaskTemplateId": template_id}
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(**request)
    _refused(caught, server, NO_FLOW, request)


@pytest.mark.parametrize("member", ["ContactFlowId", "QuickConnectId", "TaskTemplateId"])
def test_start_task_contact_each_target_alone_runs_one_flow(
    client: Any, server: Any, instance_id: str, flow_id: str, quick_connect_id: str, make_template: Any, member: str
) -> None:
    target = {"ContactFlowId": flow_id, "QuickConnectId": quick_connect_id}.get(member) or make_template(ContactFlowId=flow_id)
    contact_id = client.start_task_contact(InstanceId=instance_id, Name="Call back", **{member: target})["ContactId"]
    [stored] = stored_contacts(server.url)
    assert (stored["id"], stored["contact_flow_id"]) == (contact_id, flow_id)
