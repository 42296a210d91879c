"""ListTaskTemplates: every template in one response, never a NextToken.

botocore's model: NextToken "is not expected to be set, because the value returned in
the previous response is always null"; MaxResults: "It is not expected that you set this".
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from connect_emulator import Clock

SUMMARY_KEYS = {"Id", "Arn", "Name", "Description", "Status", "LastModifiedTime", "CreatedTime"}


def _message(caught: Any) -> str:
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return caught.value.response["Error"]["Message"]


@pytest.fixture
def fifty(instance_id: str, clock: Clock, make_template: Any) -> list[str]:
    """The instance's quota of 50 templates, oldest first (the first with a Description)."""
    ids = []
    for number in range(50):
        ids.append(make_template(Name=f"t{number}", Description="d" if number == 0 else None))
        clock.advance(1)
    return ids


def test_list_task_templates_returns_every_template_in_one_response(
    client: Any, instance_id: str, fifty: list[str]
) -> None:
    listed = client.list_task_templates(InstanceId=instance_id)
    assert [t["Id"] for t in listed["TaskTemplates"]] == fifty
    assert set(listed["TaskTemplates"][0]) == SUMMARY_KEYS
    assert "NextToken" not in listed


def test_list_task_templates_25_come_in_one_response_without_token(
    client: Any, instance_id: str, clock: Clock, make_template: Any
) -> None:
    # Unlike ListContactFlows and ListQuickConnects (paged, see test_list_flows_and_quick_connects.py),
    # ListTaskTemplates never pages, whatever the count.
    ids = []
    for number in range(25):
        ids.append(make_template(Name=f"t{number}"))
        clock.advance(1)
    listed = client.list_task_templates(InstanceId=instance_id)
    assert [t["Id"] for t in listed["TaskTemplates"]] == ids
    assert "NextToken" not in listed


@pytest.mark.parametrize("max_results", [1, 10, 100])
def test_list_task_templates_max_results_does_not_page(
    client: Any, instance_id: str, fifty: list[str], max_results: int
) -> None:
    listed = client.list_task_templates(InstanceId=instance_id, MaxResults=max_results)
    assert [t["Id"] for t in listed["TaskTemplates"]] == fifty
    assert "NextToken" not in listed


@pytest.mark.parametrize(
    ("max_results", "rule"), [(0, "greater than or equal to 1"), (101, "less than or equal to 100")]
)
def test_list_task_templates_max_results_out_of_range_is_invalid_parameter(
    raw_client: Any, instance_id: str, max_results: int, rule: str
) -> None:
    with pytest.raises(raw_client.exceptions.InvalidParameterException) as caught:
        raw_client.list_task_templates(InstanceId=instance_id, MaxResults=max_results)
    assert (
        _message(caught)
        == f"1 validation error detected: Value at 'MaxResults' failed to satisfy constraint: Member must have value {rule}"
    )


# The second token has the shape of the paging tokens ListInstances issues: no token is valid here.
@pytest.mark.parametrize(
    "token", ["forged", base64.urlsafe_b64encode(json.dumps({"offset": 10}).encode()).decode()]
)
def test_list_task_templates_next_token_is_invalid_request(
    client: Any, instance_id: str, make_template: Any, token: str
) -> None:
    make_template()
    with pytest.raises(client.exceptions.InvalidRequestException) as caught:
        client.list_task_templates(InstanceId=instance_id, NextToken=token)
    message = _message(caught)
    assert message == "NextToken is not valid"
    assert token not in message


def test_list_task_templates_filters_by_status_and_name(
    client: Any, instance_id: str, make_template: Any
) -> None:
    active = make_template(Name="a")
    inactive = make_template(Name="b", Status="INACTIVE")
    listed = client.list_task_templates(InstanceId=instance_id, Status="INACTIVE")["TaskTemplates"]
    assert [t["Id"] for t in listed] == [inactive]
    assert [
        t["Id"]
        for t in client.list_task_templates(InstanceId=instance_id, Name="a")["TaskTemplates"]
    ] == [active]


def test_list_task_templates_unknown_instance_is_resource_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_task_templates(InstanceId="missing")
