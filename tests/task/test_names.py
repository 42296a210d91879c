"""A target given by name: the list calls (Stubber), resolution at create, and the diff."""

from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.stub import Stubber
from pulumi.output import Unknown

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.common.errors import AwsCallError, ConnectTaskError
from pulumi_connect_tasks.task import names
from pulumi_connect_tasks.task.contact import client_token
from pulumi_connect_tasks.task.provider import ConnectTaskProvider
from pulumi_connect_tasks.task.requests import sendable

NOW = datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)
INSTANCE = "11111111-2222-3333-4444-555555555555"
FLOW = "99999999-8888-7777-6666-555555555555"
OTHER_FLOW = "77777777-8888-7777-6666-555555555555"
C1 = "c1c1c1c1-0000-0000-0000-000000000001"
ARN = f"arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE}"

BY_ID = {
    "instance_id": INSTANCE,
    "contact_flow_id": FLOW,
    "name": "Verify queue routing",
    "scheduled_time": "PT2H",
    "idempotency_key": "proj/dev/verify",
}
BY_NAME = {
    **{k: v for k, v in BY_ID.items() if k != "contact_flow_id"},
    "contact_flow_name": "Escalation",
}


def flow(flow_id, name):
    return {
        "Id": flow_id,
        "Arn": f"{ARN}/contact-flow/{flow_id}",
        "Name": name,
        "ContactFlowType": "CONTACT_FLOW",
    }


def template(template_id, name):
    return {
        "Id": template_id,
        "Arn": f"{ARN}/task-template/{template_id}",
        "Name": name,
        "Status": "ACTIVE",
    }


def list_flows(stub, *pages):
    """One ListContactFlows response per page, each page's request carrying the token before it."""
    for number, page in enumerate(pages):
        response = {"ContactFlowSummaryList": page}
        params = {"InstanceId": INSTANCE}
        if number:
            params["NextToken"] = f"page-{number}"
        if number + 1 < len(pages):
            response["NextToken"] = f"page-{number + 1}"
        stub.add_response("list_contact_flows", response, params)


# -- the list calls ------------------------------------------------------------------------------
def test_list_contact_flows_follows_next_token_without_max_results(stubbed):
    client, stubber = stubbed
    list_flows(stubber, [flow("f1", "a")], [flow("f2", "b")], [flow("f3", "c")])
    assert [item["Id"] for item in aws.list_contact_flows(client, INSTANCE)] == ["f1", "f2", "f3"]


def test_list_quick_connects_follows_next_token(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "list_quick_connects",
        {"QuickConnectSummaryList": [{"Id": "q1", "Name": "a"}], "NextToken": "t"},
        {"InstanceId": INSTANCE},
    )
    stubber.add_response(
        "list_quick_connects",
        {"QuickConnectSummaryList": [{"Id": "q2", "Name": "b"}]},
        {"InstanceId": INSTANCE, "NextToken": "t"},
    )
    assert [item["Id"] for item in aws.list_quick_connects(client, INSTANCE)] == ["q1", "q2"]


def test_list_task_templates_is_one_call_even_if_a_token_came(stubbed):
    # botocore: ListTaskTemplates' NextToken "is always null"; one sent back would be refused.
    client, stubber = stubbed
    stubber.add_response(
        "list_task_templates",
        {"TaskTemplates": [template("t1", "a")], "NextToken": "x"},
        {"InstanceId": INSTANCE},
    )
    assert [item["Id"] for item in aws.list_task_templates(client, INSTANCE)] == ["t1"]


def test_list_calls_translate_errors(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("list_contact_flows", "AccessDeniedException", "no", 403)
    with pytest.raises(AwsCallError) as caught:
        aws.list_contact_flows(client, INSTANCE)
    assert caught.value.code == "AccessDeniedException"
    assert str(caught.value).startswith("ListContactFlows failed: AccessDeniedException: ")


def test_start_task_contact_refuses_a_name_member(stubbed):
    client, _ = stubbed
    with pytest.raises(ValueError, match="ContactFlowName must be resolved"):
        aws.start_task_contact(
            client, sendable({"InstanceId": INSTANCE, "Name": "n", "ContactFlowName": "x"})
        )


# -- resolution ----------------------------------------------------------------------------------
def test_resolve_name_matches_exactly_on_a_later_page(stubbed):
    client, stubber = stubbed
    list_flows(
        stubber, [flow("f1", "escalation"), flow("f2", "Escalation ")], [flow(FLOW, "Escalation")]
    )
    assert names.resolve_name(client, INSTANCE, "contact_flow_name", "Escalation") == FLOW


def test_resolve_name_that_matches_nothing_names_input_and_instance(stubbed):
    client, stubber = stubbed
    list_flows(stubber, [flow("f1", "escalation")])
    list_flows(stubber, [flow("f1", "escalation")])  # a name not found is looked up once more
    with pytest.raises(ConnectTaskError) as caught:
        names.resolve_name(client, INSTANCE, "contact_flow_name", "Escalation")
    assert str(caught.value) == (
        f"contact_flow_name: no contact flow named 'Escalation' in instance {INSTANCE} (names match exactly, "
        "case included); check the name and the instance, or give contact_flow_id; no task was started"
    )
    # ... but only once: the same name again costs no call (the Stubber has none queued).
    with pytest.raises(ConnectTaskError):
        names.resolve_name(client, INSTANCE, "contact_flow_name", "Escalation")


def test_each_instance_is_listed_once_per_process_and_once_more_for_a_new_name(stubbed):
    client, stubber = stubbed
    list_flows(stubber, [flow("f1", "Escalation"), flow("f2", "Intake")])
    assert names.resolve_name(client, INSTANCE, "contact_flow_name", "Escalation") == "f1"
    assert names.resolve_name(client, INSTANCE, "contact_flow_name", "Intake") == "f2"  # no call
    assert names.resolve_name(client, INSTANCE, "ContactFlowName", "Escalation") == "f1"  # no call
    # A flow created since the listing (by this deployment, say) is found by one more listing.
    list_flows(stubber, [flow("f1", "Escalation"), flow("f2", "Intake"), flow("f3", "Review")])
    assert names.resolve_name(client, INSTANCE, "contact_flow_name", "Review") == "f3"


def test_a_file_member_is_named_as_the_file_spells_it(stubbed):
    client, stubber = stubbed
    list_flows(stubber, [])
    list_flows(stubber, [])
    with pytest.raises(ConnectTaskError) as caught:
        names.resolve_name(client, INSTANCE, "ContactFlowName", "Intake")
    assert str(caught.value).startswith(
        f"ContactFlowName: no contact flow named 'Intake' in instance {INSTANCE} "
    )
    assert "or give ContactFlowId;" in str(caught.value)


def test_resolve_name_of_two_templates_is_ambiguous(stubbed):
    client, stubber = stubbed
    stubber.add_response(
        "list_task_templates",
        {"TaskTemplates": [template("t2", "Incident"), template("t1", "Incident")]},
        {"InstanceId": INSTANCE},
    )
    with pytest.raises(ConnectTaskError) as caught:
        names.resolve_name(client, INSTANCE, "task_template_name", "Incident")
    assert str(caught.value) == (
        f"task_template_name: 2 task templates are named 'Incident' in instance {INSTANCE} (t1, t2); "
        "give task_template_id instead, or rename all but one; no task was started"
    )


def test_resolve_name_list_failure_names_the_input(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("list_quick_connects", "AccessDeniedException", "no", 403)
    with pytest.raises(AwsCallError) as caught:
        names.resolve_name(client, INSTANCE, "quick_connect_name", "Billing")
    assert caught.value.code == "AccessDeniedException"
    assert str(caught.value).startswith(
        "quick_connect_name: resolving the quick connect name failed, no task was started: ListQuickConnects failed"
    )


def test_create_by_name_sends_the_id_and_the_token_of_the_id(stubber):
    list_flows(stubber, [flow(OTHER_FLOW, "Other"), flow(FLOW, "Escalation")])
    token = client_token("proj/dev/verify", BY_ID, 0)
    stubber.add_response(
        "start_task_contact",
        {"ContactId": C1},
        {
            "InstanceId": INSTANCE,
            "ContactFlowId": FLOW,
            "Name": "Verify queue routing",
            "ScheduledTime": NOW + timedelta(hours=2),
            "ClientToken": token,
        },
    )
    stubber.add_response(
        "describe_contact",
        {
            "Contact": {
                "Id": C1,
                "Arn": f"{ARN}/contact/{C1}",
                "InitiationTimestamp": NOW,
                "ScheduledTimestamp": NOW + timedelta(hours=2),
            }
        },
        {"InstanceId": INSTANCE, "ContactId": C1},
    )
    result = ConnectTaskProvider().create(dict(BY_NAME))
    assert (result.outs["contact_flow_name"], result.outs["contact_flow_id"]) == (
        "Escalation",
        FLOW,
    )


def test_create_by_a_missing_name_starts_nothing(stubber):
    list_flows(stubber, [flow(OTHER_FLOW, "Other")])
    with pytest.raises(ConnectTaskError, match="no task was started"):
        ConnectTaskProvider().create(dict(BY_NAME))


def test_create_by_template_name_checks_the_resolved_template(stubber):
    inputs = {
        **{k: v for k, v in BY_NAME.items() if k != "contact_flow_name"},
        "task_template_name": "Incident",
    }
    stubber.add_response(
        "list_task_templates",
        {"TaskTemplates": [template("t1", "Incident")]},
        {"InstanceId": INSTANCE},
    )
    stubber.add_client_error(
        "get_task_template",
        "ResourceNotFoundException",
        "",
        404,
        expected_params={"InstanceId": INSTANCE, "TaskTemplateId": "t1"},
    )
    with pytest.raises(ConnectTaskError, match="task template t1 does not exist"):
        ConnectTaskProvider().create(inputs)


def test_token_of_a_name_is_the_token_of_its_id():
    assert client_token("k", {**BY_NAME, "contact_flow_id": FLOW}, 0) == client_token("k", BY_ID, 0)


# -- read and update keep what the user wrote ----------------------------------------------------
def outputs_by_name(**extra):
    return {
        **BY_NAME,
        "contact_flow_id": FLOW,
        "contact_id": C1,
        "contact_arn": f"{ARN}/contact/{C1}",
        "created_at": "2030-01-01T12:00:00Z",
        "state": "SCHEDULED",
        "scheduled_at": "2030-01-01T14:00:00Z",
        "aws_region": "us-east-1",
        **extra,
    }


def test_read_rebuilds_the_name_input_without_the_resolved_id(stubber):
    stubber.add_response(
        "describe_contact",
        {
            "Contact": {
                "Id": C1,
                "Arn": f"{ARN}/contact/{C1}",
                "Name": "Verify queue routing",
                "InitiationTimestamp": NOW,
                "ScheduledTimestamp": NOW + timedelta(hours=2),
            }
        },
        {"InstanceId": INSTANCE, "ContactId": C1},
    )
    result = ConnectTaskProvider().read(C1, outputs_by_name())
    assert result.outs["contact_flow_id"] == FLOW
    assert result.inputs == BY_NAME


def test_update_keeps_the_resolved_id_among_the_outputs(stubber):
    stubber.add_response(
        "update_contact", {}, {"InstanceId": INSTANCE, "ContactId": C1, "Name": "Renamed"}
    )
    result = ConnectTaskProvider().update(C1, outputs_by_name(), {**BY_NAME, "name": "Renamed"})
    assert result.outs["contact_flow_id"] == FLOW
    assert result.outs["contact_flow_name"] == "Escalation"


def test_update_after_id_to_name_records_the_id_and_the_name(stubber):
    stubber.add_response(
        "update_contact", {}, {"InstanceId": INSTANCE, "ContactId": C1, "Name": "Renamed"}
    )
    olds = {k: v for k, v in outputs_by_name().items() if k != "contact_flow_name"}
    result = ConnectTaskProvider().update(C1, olds, {**BY_NAME, "name": "Renamed"})
    assert (result.outs["contact_flow_name"], result.outs["contact_flow_id"]) == (
        "Escalation",
        FLOW,
    )


# -- diff ----------------------------------------------------------------------------------------
def diff(olds, news):
    result = ConnectTaskProvider().diff(C1, olds, news)
    return result.changes, result.replaces


def test_diff_of_an_unchanged_name_makes_no_call(stubber):
    assert diff(outputs_by_name(), dict(BY_NAME)) == (False, [])


def test_diff_of_id_to_the_name_of_the_same_flow_is_no_change(stubber):
    list_flows(stubber, [flow(FLOW, "Escalation")])
    olds = {**outputs_by_name(), "contact_flow_name": None}
    assert diff({k: v for k, v in olds.items() if v is not None}, dict(BY_NAME)) == (False, [])
    # Again (the engine kept the old outputs): the listing of this process answers, no call.
    assert diff({k: v for k, v in olds.items() if v is not None}, dict(BY_NAME)) == (False, [])


def test_diff_of_name_to_the_id_of_the_same_flow_is_no_change(stubber):
    assert diff(outputs_by_name(), dict(BY_ID)) == (False, [])


def test_diff_of_name_to_another_flows_name_replaces(stubber):
    list_flows(stubber, [flow(FLOW, "Escalation"), flow(OTHER_FLOW, "Follow-up")])
    assert diff(outputs_by_name(), {**BY_NAME, "contact_flow_name": "Follow-up"}) == (
        True,
        ["contact_flow_name"],
    )


def test_diff_of_id_to_another_flows_name_replaces(stubber):
    list_flows(stubber, [flow(OTHER_FLOW, "Follow-up")])
    olds = {k: v for k, v in outputs_by_name().items() if k != "contact_flow_name"}
    assert diff(olds, {**BY_NAME, "contact_flow_name": "Follow-up"}) == (
        True,
        ["contact_flow_name", "contact_flow_id"],
    )


def test_diff_of_name_to_another_id_replaces(stubber):
    assert diff(outputs_by_name(), {**BY_ID, "contact_flow_id": OTHER_FLOW}) == (
        True,
        ["contact_flow_id", "contact_flow_name"],
    )


def test_diff_of_an_unknown_name_is_a_possible_replace_without_a_call(stubber):
    assert diff(outputs_by_name(), {**BY_NAME, "contact_flow_name": Unknown()}) == (
        True,
        ["contact_flow_name"],
    )


def test_diff_of_flow_name_to_quick_connect_name_replaces_without_a_call(stubber):
    news = {
        **{k: v for k, v in BY_NAME.items() if k != "contact_flow_name"},
        "quick_connect_name": "Billing",
    }
    assert diff(outputs_by_name(), news) == (True, ["contact_flow_name", "quick_connect_name"])


def test_diff_resolves_in_the_old_tasks_region(monkeypatch):
    seen = []
    client = boto3.client("connect", region_name="eu-west-2")
    monkeypatch.setattr(aws, "client_for", lambda region, profile: seen.append(region) or client)
    with Stubber(client) as stub:
        list_flows(stub, [flow(FLOW, "Escalation")])
        olds = {
            k: v
            for k, v in outputs_by_name(aws_region="eu-west-2").items()
            if k != "contact_flow_name"
        }
        assert diff(olds, dict(BY_NAME)) == (False, [])
    assert seen == ["eu-west-2"]
