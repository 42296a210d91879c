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
    config = {
        "QuickConnectType": "QUEUE",
        "QueueConfig": {"QueueId": "queue-7", "ContactFlowId": flow_id},
    }
    return client.create_quick_connect(
        InstanceId=instance_id, Name="qc", QuickConnectConfig=config
    )["QuickConnectId"]


def _refused(caught: Any, server: Any, message: str, request: dict[str, Any]) -> None:
    """The error has ``message`` and none of the request's values; nothing was created."""
    error = caught.value.response["Error"]
    assert (caught.value.response["ResponseMetadata"]["HTTPStatusCode"], error["Message"]) == (
        400,
        message,
    )
    for value in request.values():
        assert value not in error["Message"]
    assert stored_contacts(server.url) == []


@pytest.fixture
def targets(flow_id: str, quick_connect_id: str, make_template: Any) -> dict[str, str]:
    """An id for each target member; "flowless" is a template without a flow of its own."""
    return {
        "ContactFlowId": flow_id,
        "QuickConnectId": quick_connect_id,
        "TaskTemplateId": make_template(ContactFlowId=flow_id),
        "flowless": make_template(),
    }


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ((), EXACTLY_ONE + "none"),
        (("ContactFlowId", "QuickConnectId"), EXACTLY_ONE + "ContactFlowId, QuickConnectId"),
        (("ContactFlowId", "TaskTemplateId"), EXACTLY_ONE + "ContactFlowId, TaskTemplateId"),
        # The request's flow does not stand in for the template's: more than one member is an error.
        (
            ("ContactFlowId", "TaskTemplateId=flowless"),
            EXACTLY_ONE + "ContactFlowId, TaskTemplateId",
        ),
        (("QuickConnectId", "TaskTemplateId"), EXACTLY_ONE + "QuickConnectId, TaskTemplateId"),
        (
            ("ContactFlowId", "QuickConnectId", "TaskTemplateId"),
            EXACTLY_ONE + "ContactFlowId, QuickConnectId, TaskTemplateId",
        ),
        (("TaskTemplateId=flowless",), NO_FLOW),
    ],
)
def test_start_task_contact_targets_other_than_exactly_one_with_a_flow_are_invalid_request(
    client: Any,
    server: Any,
    instance_id: str,
    targets: dict[str, str],
    members: tuple[str, ...],
    message: str,
) -> None:
    request: dict[str, Any] = {"InstanceId": instance_id, "Name": "Call back"}
    for member in members:
        name, _, which = member.partition("=")
        request[name] = targets[which or name]
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.start_task_contact(**request)
    _refused(caught, server, message, request)


@pytest.mark.parametrize("member", ["ContactFlowId", "QuickConnectId", "TaskTemplateId"])
def test_start_task_contact_each_target_alone_runs_one_flow(
    client: Any,
    server: Any,
    instance_id: str,
    flow_id: str,
    quick_connect_id: str,
    make_template: Any,
    member: str,
) -> None:
    target = {"ContactFlowId": flow_id, "QuickConnectId": quick_connect_id}.get(
        member
    ) or make_template(ContactFlowId=flow_id)
    contact_id = client.start_task_contact(
        InstanceId=instance_id, Name="Call back", **{member: target}
    )["ContactId"]
    [stored] = stored_contacts(server.url)
    assert (stored["id"], stored["contact_flow_id"]) == (contact_id, flow_id)
