"""pulumi-aws's Amazon Connect lookups under the local engine (localengine/lookups.py): the
exact Connect calls (botocore's Stubber), the result's wire shape, and ``ConnectLookups`` for
the arguments, the endpoint and the Region. Through the engine and the emulator:
test_localengine_lookups_emulator.py.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pulumi_aws as aws
import pytest

from localengine.lookups import (
    CONTACT_FLOW,
    QUICK_CONNECT,
    ConnectLookups,
    contact_flow_result,
    find_contact_flow,
    find_quick_connect,
    quick_connect_result,
)
from localengine.program import InvokeError
from tests.emulator_support import FLOW_CONTENT
from tests.localengine.le_helpers import NO_ENDPOINT

# The result classes through the package: importing two of pulumi_aws.connect's modules by
# their own paths leaves the lazily loaded package without the second one's functions
# (aws.connect.get_quick_connect_output missing), and the engine tests run their program in
# this process.
GetContactFlowResult = aws.connect.GetContactFlowResult
GetQuickConnectResult = aws.connect.GetQuickConnectResult

INSTANCE = "11111111-2222-3333-4444-555555555555"
AWS_ENDPOINT = "https://connect.us-east-1.amazonaws.com"  # the stubbed client's; never called
ARN = f"arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE}"


def flow_summary(name: str, flow_id: str) -> dict[str, Any]:
    return {
        "Id": flow_id,
        "Arn": f"{ARN}/contact-flow/{flow_id}",
        "Name": name,
        "ContactFlowType": "CONTACT_FLOW",
        "ContactFlowState": "ACTIVE",
        "ContactFlowStatus": "PUBLISHED",
    }


def quick_summary(name: str, quick_id: str) -> dict[str, Any]:
    return {
        "Id": quick_id,
        "Arn": f"{ARN}/transfer-destination/{quick_id}",
        "Name": name,
        "QuickConnectType": "QUEUE",
    }


DESCRIBED_FLOW = {
    "Arn": f"{ARN}/contact-flow/f-2",
    "Id": "f-2",
    "Name": "Intake",
    "Type": "CONTACT_FLOW",
    "State": "ACTIVE",
    "Status": "PUBLISHED",
    "Description": "first stop",
    "Content": FLOW_CONTENT,
    "Tags": {"team": "support"},
}
DESCRIBED_QUICK = {
    "QuickConnectARN": f"{ARN}/transfer-destination/q-1",
    "QuickConnectId": "q-1",
    "Name": "Billing",
    "Description": "to billing",
    "QuickConnectConfig": {
        "QuickConnectType": "QUEUE",
        "QueueConfig": {"QueueId": "queue-1", "ContactFlowId": "f-2"},
    },
    "Tags": {"team": "billing"},
}


# -- the Connect calls (Stubber) --------------------------------------------------------


def test_find_contact_flow_by_name_reads_every_page_then_describes(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "list_contact_flows",
        {"ContactFlowSummaryList": [flow_summary("Other", "f-1")], "NextToken": "page-2"},
        {"InstanceId": INSTANCE},
    )
    stubber.add_response(
        "list_contact_flows",
        {
            "ContactFlowSummaryList": [
                flow_summary("intake", "f-0"),
                flow_summary("Intake ", "f-9"),
                flow_summary("Intake", "f-2"),
            ]
        },
        {"InstanceId": INSTANCE, "NextToken": "page-2"},
    )
    stubber.add_response(
        "describe_contact_flow",
        {"ContactFlow": DESCRIBED_FLOW},
        {"InstanceId": INSTANCE, "ContactFlowId": "f-2"},
    )
    assert find_contact_flow(client, INSTANCE, name="Intake") == DESCRIBED_FLOW


def test_find_contact_flow_by_id_describes_without_listing(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "describe_contact_flow",
        {"ContactFlow": DESCRIBED_FLOW},
        {"InstanceId": INSTANCE, "ContactFlowId": "f-2"},
    )
    assert find_contact_flow(client, INSTANCE, flow_id="f-2") == DESCRIBED_FLOW


def test_a_contact_flow_name_matched_by_no_summary_fails(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "list_contact_flows",
        {"ContactFlowSummaryList": [flow_summary("intake", "f-0")]},
        {"InstanceId": INSTANCE},
    )
    with pytest.raises(InvokeError) as caught:
        find_contact_flow(client, INSTANCE, name="Intake")
    assert str(caught.value) == (
        f"no contact flow named 'Intake' in Amazon Connect instance {INSTANCE} "
        f"(ListContactFlows at {AWS_ENDPOINT}, us-east-1)"
    )


def test_an_aws_error_names_the_operation_endpoint_and_region(stubbed):
    client, stubber = stubbed
    stubber.add_client_error(
        "describe_contact_flow",
        service_error_code="ResourceNotFoundException",
        service_message="Contact flow not found: f-7",
        http_status_code=404,
    )
    with pytest.raises(InvokeError) as caught:
        find_contact_flow(client, INSTANCE, flow_id="f-7")
    assert str(caught.value) == (
        f"DescribeContactFlow ({AWS_ENDPOINT}, us-east-1) failed: "
        "ResourceNotFoundException: Contact flow not found: f-7"
    )


def test_find_quick_connect_by_name_describes_it(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "list_quick_connects",
        {"QuickConnectSummaryList": [quick_summary("Billing", "q-1")]},
        {"InstanceId": INSTANCE},
    )
    stubber.add_response(
        "describe_quick_connect",
        {"QuickConnect": DESCRIBED_QUICK},
        {"InstanceId": INSTANCE, "QuickConnectId": "q-1"},
    )
    assert find_quick_connect(client, INSTANCE, name="Billing") == DESCRIBED_QUICK


def test_without_describe_quick_connect_the_listing_answers(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "list_quick_connects",
        {"QuickConnectSummaryList": [quick_summary("Billing", "q-1")]},
        {"InstanceId": INSTANCE},
    )
    stubber.add_client_error(
        "describe_quick_connect",
        service_error_code="NotImplementedException",
        http_status_code=501,
        expected_params={"InstanceId": INSTANCE, "QuickConnectId": "q-1"},
    )
    assert find_quick_connect(client, INSTANCE, name="Billing") == {
        "QuickConnectARN": f"{ARN}/transfer-destination/q-1",
        "QuickConnectId": "q-1",
        "Name": "Billing",
        "QuickConnectConfig": {"QuickConnectType": "QUEUE"},
    }


def test_without_describe_quick_connect_an_id_is_found_in_the_listing(stubbed):
    client, stubber = stubbed
    for _ in range(2):
        stubber.add_client_error(
            "describe_quick_connect",
            service_error_code="NotImplementedException",
            http_status_code=501,
        )
        stubber.add_response(
            "list_quick_connects",
            {"QuickConnectSummaryList": [quick_summary("Billing", "q-1")]},
            {"InstanceId": INSTANCE},
        )
    assert find_quick_connect(client, INSTANCE, quick_connect_id="q-1")["Name"] == "Billing"
    with pytest.raises(InvokeError) as caught:
        find_quick_connect(client, INSTANCE, quick_connect_id="q-9")
    assert str(caught.value) == (
        f"no quick connect with id 'q-9' in Amazon Connect instance {INSTANCE} "
        f"(ListQuickConnects at {AWS_ENDPOINT}, us-east-1)"
    )


# -- the result on the wire --------------------------------------------------------------


def _camel(snake: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), snake)


def _result_keys(result_class: type) -> set[str]:
    """The wire keys pulumi-aws's result class reads: its constructor's arguments."""
    names = inspect.signature(result_class.__init__).parameters
    return {_camel(name) for name in names if name != "__self__"}


def test_contact_flow_result_has_pulumi_aws_keys():
    result = contact_flow_result(DESCRIBED_FLOW, INSTANCE, "eu-west-2")
    assert result.keys() == _result_keys(GetContactFlowResult)
    assert result == {
        "arn": f"{ARN}/contact-flow/f-2",
        "contactFlowId": "f-2",
        "content": FLOW_CONTENT,
        "description": "first stop",
        "id": f"{INSTANCE}:f-2",
        "instanceId": INSTANCE,
        "name": "Intake",
        "region": "eu-west-2",
        "tags": {"team": "support"},
        "type": "CONTACT_FLOW",
    }


def test_quick_connect_result_has_pulumi_aws_keys():
    result = quick_connect_result(DESCRIBED_QUICK, INSTANCE, "us-east-1")
    assert result.keys() == _result_keys(GetQuickConnectResult)
    assert result == {
        "arn": f"{ARN}/transfer-destination/q-1",
        "description": "to billing",
        "id": f"{INSTANCE}:q-1",
        "instanceId": INSTANCE,
        "name": "Billing",
        "quickConnectConfigs": [
            {
                "quickConnectType": "QUEUE",
                "queueConfigs": [{"contactFlowId": "f-2", "queueId": "queue-1"}],
                "userConfigs": [],
                "phoneConfigs": [],
            }
        ],
        "quickConnectId": "q-1",
        "region": "us-east-1",
        "tags": {"team": "billing"},
    }


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            {"QuickConnectType": "USER", "UserConfig": {"UserId": "u-1", "ContactFlowId": "f-1"}},
            {"userConfigs": [{"contactFlowId": "f-1", "userId": "u-1"}]},
        ),
        (
            {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+15555550100"}},
            {"phoneConfigs": [{"phoneNumber": "+15555550100"}]},
        ),
        # A FLOW quick connect has no place in pulumi-aws's result: its type only.
        ({"QuickConnectType": "FLOW", "FlowConfig": {"ContactFlowId": "f-1"}}, {}),
    ],
)
def test_each_quick_connect_config_is_a_list_of_at_most_one(config, expected):
    quick = {**DESCRIBED_QUICK, "QuickConnectConfig": config}
    [shown] = quick_connect_result(quick, INSTANCE, "us-east-1")["quickConnectConfigs"]
    empty = {"userConfigs": [], "queueConfigs": [], "phoneConfigs": []}
    assert shown == {"quickConnectType": config["QuickConnectType"], **empty, **expected}


# -- arguments, endpoint, Region (ConnectLookups) ------------------------------------------


class _Stop(Exception):
    """Raised by the recording client factory: the lookup got as far as building a client."""


def _recording_factory(seen: list[tuple[str, str, dict[str, str]]]) -> Any:
    def factory(endpoint: str, region: str, env: Any) -> Any:
        seen.append((endpoint, region, dict(env)))
        raise _Stop

    return factory


LOCAL = {"AWS_ENDPOINT_URL_CONNECT": "http://127.0.0.1:9"}


@pytest.mark.parametrize(
    ("token", "args", "message"),
    [
        (CONTACT_FLOW, {"name": "Intake"}, "instanceId is required"),
        (
            CONTACT_FLOW,
            {"instanceId": INSTANCE},
            "give exactly one of name and contactFlowId (neither was given)",
        ),
        (
            QUICK_CONNECT,
            {"instanceId": INSTANCE, "name": "Billing", "quickConnectId": "q-1"},
            "give exactly one of name and quickConnectId (both were given)",
        ),
    ],
)
def test_the_arguments_are_checked_before_any_call(token, args, message):
    seen: list[Any] = []
    lookups = ConnectLookups({}, LOCAL, client_factory=_recording_factory(seen))
    with pytest.raises(InvokeError) as caught:
        lookups.call(token, args)
    assert str(caught.value) == message and seen == []


def test_without_an_endpoint_no_client_is_built():
    seen: list[Any] = []
    lookups = ConnectLookups(
        {"aws:region": "us-east-1"}, {}, client_factory=_recording_factory(seen)
    )
    with pytest.raises(InvokeError) as caught:
        lookups.call(CONTACT_FLOW, {"instanceId": INSTANCE, "name": "Intake"})
    assert str(caught.value) == NO_ENDPOINT and seen == []


@pytest.mark.parametrize(
    ("args", "config", "env", "region"),
    [
        (
            {"region": "ap-south-1"},
            {"aws:region": "eu-west-2"},
            {"AWS_REGION": "us-west-2"},
            "ap-south-1",
        ),
        ({}, {"aws:region": "eu-west-2"}, {"AWS_REGION": "us-west-2"}, "eu-west-2"),
        ({}, {}, {"AWS_REGION": "us-west-2"}, "us-west-2"),
        ({}, {}, {}, "us-east-1"),  # AWS_DEFAULT_REGION, from the process (the autouse fixture)
    ],
)
def test_the_region_is_the_invokes_then_the_configs_then_the_environments(
    args, config, env, region
):
    seen: list[tuple[str, str, dict[str, str]]] = []
    lookups = ConnectLookups(config, {**LOCAL, **env}, client_factory=_recording_factory(seen))
    with pytest.raises(_Stop):
        lookups.call(QUICK_CONNECT, {"instanceId": INSTANCE, "name": "Billing", **args})
    assert [(endpoint, r) for endpoint, r, _ in seen] == [("http://127.0.0.1:9", region)]


def test_no_region_anywhere_fails(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    lookups = ConnectLookups({}, LOCAL, client_factory=_recording_factory([]))
    with pytest.raises(InvokeError) as caught:
        lookups.call(CONTACT_FLOW, {"instanceId": INSTANCE, "name": "Intake"})
    assert str(caught.value) == (
        "no Region for the Amazon Connect lookup: set the aws:region config or AWS_REGION"
    )


def test_the_deployments_environment_overrides_the_process(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", "http://127.0.0.1:1")
    seen: list[tuple[str, str, dict[str, str]]] = []
    env = {**LOCAL, "AWS_ACCESS_KEY_ID": "AKIDDEPLOYMENT"}
    lookups = ConnectLookups({}, env, client_factory=_recording_factory(seen))
    with pytest.raises(_Stop):
        lookups.call(CONTACT_FLOW, {"instanceId": INSTANCE, "name": "Intake"})
    [(endpoint, _, given)] = seen
    assert endpoint == "http://127.0.0.1:9"
    assert given["AWS_ACCESS_KEY_ID"] == "AKIDDEPLOYMENT"
    assert given["AWS_SECRET_ACCESS_KEY"] == "testing"  # not in env: the process's


def test_a_malformed_endpoint_is_an_invoke_error():
    lookups = ConnectLookups({}, {"AWS_ENDPOINT_URL_CONNECT": "not a url"})
    with pytest.raises(
        InvokeError, match=r"^cannot build the Amazon Connect client \(not a url, us-east-1\)"
    ):
        lookups.call(CONTACT_FLOW, {"instanceId": INSTANCE, "name": "Intake"})
