"""Adoption (task/adopt.py): ConnectTask(adopt_contact_id=...) takes a running task; exact AWS
requests through botocore's Stubber, which also fails any call not queued (a StartTaskContact)."""

from datetime import UTC, datetime, timedelta

import pytest
from pulumi.output import Unknown

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.common.errors import ConnectTaskError, PartialFailure
from pulumi_connect_tasks.task.provider import ConnectTaskProvider

NOW = datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)
INSTANCE = "11111111-2222-3333-4444-555555555555"
FLOW = "99999999-8888-7777-6666-555555555555"
C1 = "c1c1c1c1-0000-0000-0000-000000000001"
P1 = "p1p1p1p1-0000-0000-0000-000000000001"
ARN = f"arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE}"

INPUTS = {
    "instance_id": INSTANCE,
    "contact_flow_id": FLOW,
    "name": "Verify queue routing",
    "description": "check it",
    "idempotency_key": "proj/dev/verify",
    "adopt_contact_id": C1,
}


def contact(**extra):
    return {
        "Id": C1,
        "Arn": f"{ARN}/contact/{C1}",
        "Name": "Verify queue routing",
        "Description": "check it",
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": NOW - timedelta(minutes=30),
        **extra,
    }


def describe(stub, **extra):
    stub.add_response(
        "describe_contact", {"Contact": contact(**extra)}, {"InstanceId": INSTANCE, "ContactId": C1}
    )


def attributes(stub, live):
    stub.add_response(
        "get_contact_attributes",
        {"Attributes": live},
        {"InstanceId": INSTANCE, "InitialContactId": C1},
    )


def references(stub, live):
    summaries = [{"Url": {"Name": name, "Value": value}} for name, value in live.items()]
    stub.add_response(
        "list_contact_references",
        {"ReferenceSummaryList": summaries},
        {
            "InstanceId": INSTANCE,
            "ContactId": C1,
            "ReferenceTypes": list(aws.REFERENCE_TYPES),
        },
    )


def adopt_error(inputs) -> str:
    with pytest.raises(ConnectTaskError) as caught:
        ConnectTaskProvider().create(inputs)
    return str(caught.value)


# -- check ---------------------------------------------------------------------------


def failures(**inputs):
    news = {**INPUTS, "scheduled_time": "2029-12-31T00:00:00Z", **inputs}
    return ConnectTaskProvider().check({}, news).failures


@pytest.mark.parametrize("value", ["", "x" * 257, 42])
def test_check_adopt_contact_id_must_be_a_contact_id(value):
    assert [(f.property, f.reason) for f in failures(adopt_contact_id=value)] == [
        ("adopt_contact_id", "must be a contact id: a string of 1 to 256 characters"),
    ]


@pytest.mark.parametrize("value", [C1, "x" * 256, Unknown()])
def test_check_accepts_a_contact_id_or_an_unknown_one(value):
    assert failures(adopt_contact_id=value) == []


def test_check_of_an_adopted_task_does_not_hold_its_scheduled_time_to_the_clock():
    assert failures() == []  # the time has passed: the task adopted may be queued by now
    without = {k: v for k, v in INPUTS.items() if k != "adopt_contact_id"}
    outcome = ConnectTaskProvider().check({}, {**without, "scheduled_time": "2020-01-01T00:00:00Z"})
    assert [(f.property, f.reason) for f in outcome.failures] == [
        ("scheduled_time", "must not be in the past")
    ]


def test_check_still_reports_a_malformed_scheduled_time_of_an_adopted_task():
    assert [(f.property, f.reason) for f in failures(scheduled_time="soon")][0][
        0
    ] == "scheduled_time"


# -- create: what is adopted ---------------------------------------------------------


def test_adopting_a_matching_task_changes_nothing_and_records_it(stubber):
    inputs = {
        **INPUTS,
        "attributes": {"environment": "staging"},
        "references": {"runbook": {"type": "URL", "value": "https://wiki.example.com/r"}},
    }
    describe(stubber, ScheduledTimestamp=NOW + timedelta(hours=2))
    attributes(stubber, {"environment": "staging", "added-by-flow": "x"})
    references(stubber, {"runbook": "https://wiki.example.com/r", "other": "https://e.example.com"})
    result = ConnectTaskProvider().create(dict(inputs))
    assert result.id == C1
    assert result.outs == {
        **inputs,
        "contact_id": C1,
        "contact_arn": f"{ARN}/contact/{C1}",
        "created_at": "2030-01-01T11:30:00Z",
        "state": "SCHEDULED",
        "scheduled_at": "2030-01-01T14:00:00Z",
        "aws_region": "us-east-1",
    }


def test_adopting_applies_the_inputs_that_differ_in_place(stubber):
    inputs = {
        **INPUTS,
        "name": "New name",
        "attributes": {"environment": "prod", "owner": "platform"},
        "references": {"runbook": {"type": "URL", "value": "https://wiki.example.com/2"}},
    }
    describe(stubber)
    attributes(stubber, {"environment": "staging", "untouched": "y"})
    references(stubber, {"runbook": "https://wiki.example.com/r"})
    stubber.add_response(
        "update_contact",
        {},
        {
            "InstanceId": INSTANCE,
            "ContactId": C1,
            "Name": "New name",
            "References": {"runbook": {"Type": "URL", "Value": "https://wiki.example.com/2"}},
        },
    )
    stubber.add_response(
        "update_contact_attributes",
        {},
        {
            "InstanceId": INSTANCE,
            "InitialContactId": C1,
            "Attributes": {"environment": "prod", "owner": "platform"},
        },
    )
    result = ConnectTaskProvider().create(dict(inputs))
    assert (result.id, result.outs["name"], result.outs["state"]) == (C1, "New name", "QUEUED")


def test_adopting_without_a_description_keeps_the_tasks(stubber):
    # The task's text is not the stack's to clear: no UpdateContact (the Stubber has none queued).
    describe(stubber)
    inputs = {k: v for k, v in INPUTS.items() if k != "description"}
    result = ConnectTaskProvider().create(dict(inputs))
    assert result.id == C1 and "description" not in result.outs
    # Nor does the next `pulumi up` clear it: the description is not managed until given.
    assert ConnectTaskProvider().diff(C1, result.outs, dict(inputs)).changes is False


def test_adopting_with_a_description_sets_it(stubber):
    describe(stubber)
    stubber.add_response(
        "update_contact", {}, {"InstanceId": INSTANCE, "ContactId": C1, "Description": "new text"}
    )
    assert (
        ConnectTaskProvider().create({**INPUTS, "description": "new text"}).outs["description"]
        == "new text"
    )


def test_adopting_takes_an_instance_arn(stubber):
    describe(stubber)
    assert ConnectTaskProvider().create({**INPUTS, "instance_id": ARN}).id == C1


def test_adopting_reschedules_a_task_that_is_still_scheduled(stubber):
    describe(stubber, ScheduledTimestamp=NOW + timedelta(hours=2))
    describe(stubber, ScheduledTimestamp=NOW + timedelta(hours=2))  # the update step's own look
    stubber.add_response(
        "update_contact_schedule",
        {},
        {
            "InstanceId": INSTANCE,
            "ContactId": C1,
            "ScheduledTime": NOW + timedelta(hours=5),
        },
    )
    result = ConnectTaskProvider().create({**INPUTS, "scheduled_time": "2030-01-01T17:00:00Z"})
    assert result.outs["scheduled_at"] == "2030-01-01T17:00:00Z"
    assert result.outs["scheduled_time"] == "2030-01-01T17:00:00Z"


def test_a_relative_scheduled_time_counts_from_the_tasks_start(stubber):
    # Started 30 minutes ago with PT2H: scheduled for 90 minutes from now, not two hours.
    describe(stubber, ScheduledTimestamp=NOW + timedelta(minutes=90, seconds=2))
    result = ConnectTaskProvider().create({**INPUTS, "scheduled_time": "PT2H"})
    assert (result.outs["scheduled_time"], result.outs["scheduled_at"]) == (
        "PT2H",
        "2030-01-01T13:30:02Z",
    )


def test_a_relative_scheduled_time_that_differs_moves_the_task_from_its_start(stubber):
    describe(stubber, ScheduledTimestamp=NOW + timedelta(minutes=90))
    describe(stubber, ScheduledTimestamp=NOW + timedelta(minutes=90))
    stubber.add_response(
        "update_contact_schedule",
        {},
        {
            "InstanceId": INSTANCE,
            "ContactId": C1,
            "ScheduledTime": NOW + timedelta(hours=2, minutes=30),
        },
    )
    result = ConnectTaskProvider().create({**INPUTS, "scheduled_time": "PT3H"})
    assert (result.outs["scheduled_time"], result.outs["scheduled_at"]) == (
        "PT3H",
        "2030-01-01T14:30:00Z",
    )


def test_a_matching_scheduled_time_of_a_queued_task_is_fine(stubber):
    describe(
        stubber, ScheduledTimestamp=NOW - timedelta(minutes=10), QueueInfo={"EnqueueTimestamp": NOW}
    )
    result = ConnectTaskProvider().create({**INPUTS, "scheduled_time": "PT20M"})
    assert (result.outs["state"], result.outs["scheduled_at"]) == ("QUEUED", "2030-01-01T11:50:00Z")


def test_adopting_changes_a_user_segment_attribute_alone(stubber):
    segments = {
        "connect:ContactExpiry": {"value_map": {"ExpiryDuration": {"value_integer": 4320.0}}},
        "team": {"value_string": "blue"},
    }
    describe(
        stubber,
        SegmentAttributes={
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 4320}}},
            "team": {"ValueString": "red"},
        },
    )
    stubber.add_response(
        "update_contact",
        {},
        {
            "InstanceId": INSTANCE,
            "ContactId": C1,
            "SegmentAttributes": {"team": {"ValueString": "blue"}},
        },
    )
    assert ConnectTaskProvider().create({**INPUTS, "segment_attributes": segments}).id == C1


def test_adopt_contact_id_is_recorded_but_not_sent_anywhere(stubber):
    describe(stubber)
    outs = ConnectTaskProvider().create(dict(INPUTS)).outs
    assert outs["adopt_contact_id"] == C1 and outs["contact_flow_id"] == FLOW  # the flow as given


# -- create: what is refused -----------------------------------------------------------


def test_a_contact_that_does_not_exist_in_the_instance_is_refused(stubber):
    stubber.add_client_error(
        "describe_contact", "ResourceNotFoundException", "Contact not found", 404
    )
    assert adopt_error(dict(INPUTS)) == (
        f"adopt_contact_id: contact {C1} does not exist in instance {INSTANCE} (Region us-east-1); "
        "check the contact id, instance_id and region"
    )


def test_a_contact_that_is_not_a_task_is_refused(stubber):
    describe(stubber, Channel="VOICE")
    assert adopt_error(dict(INPUTS)) == (
        f"adopt_contact_id: contact {C1} is a VOICE contact, not a task; only a task can be adopted: "
        "set adopt_contact_id to a task's contact id"
    )


def test_a_task_that_has_ended_is_refused(stubber):
    describe(stubber, DisconnectTimestamp=NOW - timedelta(minutes=5), DisconnectReason="API")
    assert adopt_error(dict(INPUTS)) == (
        f"adopt_contact_id: task {C1} has already ended (2030-01-01T11:55:00Z, API), so it cannot be adopted; "
        "remove adopt_contact_id to start a new task"
    )


def test_a_failed_read_is_named(stubber):
    stubber.add_client_error("describe_contact", "AccessDeniedException", "no", 403)
    assert adopt_error(dict(INPUTS)).startswith(
        f"adopt_contact_id: task {C1} could not be read, nothing was changed: DescribeContact failed: AccessDeniedException"
    )


def test_every_input_that_would_need_a_new_task_must_match(stubber):
    describe(
        stubber,
        PreviousContactId=P1,
        TaskTemplateInfo={"Arn": f"{ARN}/task-template/tt-1", "Name": "Checks"},
    )
    inputs = {
        **INPUTS,
        "name": "Secret new name",
        "description": "Secret text",
        "related_contact_id": "r-1",
        "task_template_id": "tt-2",
    }
    message = adopt_error(inputs)
    assert message == (
        f"adopt_contact_id: task {C1} does not match the inputs, so it was not adopted and nothing was changed: "
        "task_template_id: the task's task template is tt-1, not tt-2; "
        f"previous_contact_id: the task's PreviousContactId is {P1}; set previous_contact_id to it; "
        "related_contact_id: the task has no RelatedContactId; remove related_contact_id. These cannot change on a running task: "
        "set the inputs to what the task has, or remove adopt_contact_id to start a new task"
    )
    assert "Secret" not in message


def test_a_task_of_a_template_adopted_with_a_flow_says_to_make_the_template_the_target(stubber):
    describe(stubber, TaskTemplateInfo={"Arn": f"{ARN}/task-template/tt-1", "Name": "Checks"})
    assert (
        "task_template_id: the task was started from task template tt-1; make it the target "
        "(task_template_id or task_template_name) instead of the flow or quick connect"
        in adopt_error(dict(INPUTS))
    )


def test_a_matching_template_and_previous_contact_are_fine(stubber):
    describe(stubber, PreviousContactId=P1, TaskTemplateInfo={"Arn": f"{ARN}/task-template/tt-1"})
    inputs = {k: v for k, v in INPUTS.items() if k != "contact_flow_id"}
    result = ConnectTaskProvider().create(
        {**inputs, "task_template_id": "tt-1", "previous_contact_id": P1}
    )
    assert result.id == C1


def test_a_different_scheduled_time_of_a_task_no_longer_scheduled_is_refused(stubber):
    describe(
        stubber, ScheduledTimestamp=NOW - timedelta(minutes=10), QueueInfo={"EnqueueTimestamp": NOW}
    )
    assert (
        "scheduled_time: the task was scheduled for 2030-01-01T11:50:00Z and is QUEUED, and only a task that "
        "is still scheduled can be rescheduled; set scheduled_time to the task's time or remove it"
        in adopt_error({**INPUTS, "scheduled_time": "PT2H"})
    )


def test_a_scheduled_time_for_a_task_never_scheduled_is_refused(stubber):
    describe(stubber)
    assert "scheduled_time: the task was never scheduled and is QUEUED" in adopt_error(
        {**INPUTS, "scheduled_time": "PT2H"}
    )


def test_rescheduling_into_the_past_is_refused_before_any_change(stubber):
    describe(stubber, ScheduledTimestamp=NOW + timedelta(hours=2))
    assert (
        "scheduled_time: the task is still scheduled, but the time the input names (2030-01-01T11:00:00Z) is "
        "not between now and 6 days ahead"
        in adopt_error({**INPUTS, "scheduled_time": "2030-01-01T11:00:00Z"})
    )


def test_a_system_segment_attribute_that_differs_is_refused(stubber):
    describe(stubber, SegmentAttributes={"connect:Subtype": {"ValueString": "connect:Task"}})
    message = adopt_error(
        {**INPUTS, "segment_attributes": {"connect:Subtype": {"value_string": "connect:Other"}}}
    )
    assert (
        "segment_attributes: connect:Subtype differ from the task's, and UpdateContact changes only "
        "connect:ContactExpiry and user-defined string attributes" in message
    )


# -- create: failures part way ------------------------------------------------------------


def test_a_failure_after_a_change_says_what_was_applied_and_what_to_do(stubber):
    describe(stubber)
    attributes(stubber, {})
    stubber.add_response(
        "update_contact", {}, {"InstanceId": INSTANCE, "ContactId": C1, "Name": "New name"}
    )
    stubber.add_client_error("update_contact_attributes", "InvalidRequestException", "bad", 400)
    with pytest.raises(PartialFailure) as caught:
        ConnectTaskProvider().create(
            {**INPUTS, "name": "New name", "attributes": {"environment": "prod"}}
        )
    message = str(caught.value)
    assert message.startswith(
        f"adopt_contact_id: task {C1} was not adopted: UpdateContactAttributes failed: InvalidRequestException"
    )
    assert message.endswith(
        f". Already applied to task {C1}: UpdateContact (Name). The rest was not applied, and task {C1} is not in "
        "the stack's state: it keeps running as it is now; run `pulumi up` again to adopt it and apply the rest"
    )
    assert "New name" not in message and "prod" not in message


def test_a_failure_of_the_first_change_says_nothing_was_changed(stubber):
    describe(stubber)
    stubber.add_client_error("update_contact", "ConflictException", "busy", 409)
    assert adopt_error({**INPUTS, "name": "New name"}).startswith(
        f"adopt_contact_id: task {C1} was not adopted and nothing was changed: UpdateContact failed: ConflictException"
    )


# -- diff and delete ----------------------------------------------------------------------


def adopted_outputs(**extra):
    return {**INPUTS, "contact_id": C1, "state": "QUEUED", "aws_region": "us-east-1", **extra}


@pytest.mark.parametrize(
    "news",
    [
        {k: v for k, v in INPUTS.items() if k != "adopt_contact_id"},
        {**INPUTS, "adopt_contact_id": "another-contact"},
    ],
    ids=["removed", "changed"],
)
def test_adopt_contact_id_is_never_a_change_by_itself(news):
    diff = ConnectTaskProvider().diff(C1, adopted_outputs(), news)
    assert (diff.changes, diff.replaces) == (False, [])


def test_a_change_beside_a_removed_adopt_contact_id_is_the_usual_update():
    news = {k: v for k, v in INPUTS.items() if k != "adopt_contact_id"}
    diff = ConnectTaskProvider().diff(C1, adopted_outputs(), {**news, "name": "Other"})
    assert (diff.changes, diff.replaces) == (True, [])


def test_a_replacement_that_would_adopt_the_same_task_again_is_refused():
    with pytest.raises(ConnectTaskError) as caught:
        ConnectTaskProvider().diff(
            C1, adopted_outputs(), {**INPUTS, "contact_flow_id": "other-flow"}
        )
    assert str(caught.value) == (
        f"contact_flow_id: cannot change on a running task, so this change needs a new task, but adopt_contact_id "
        f"still names this one ({C1}); remove adopt_contact_id to start a new task (the replacement then stops "
        "this one unless stop_on_delete is false), or undo the change"
    )


def test_a_replacement_without_adopt_contact_id_starts_a_new_task():
    news = {k: v for k, v in INPUTS.items() if k != "adopt_contact_id"}
    diff = ConnectTaskProvider().diff(
        C1, adopted_outputs(), {**news, "contact_flow_id": "other-flow"}
    )
    assert diff.replaces == ["contact_flow_id"]


def test_destroy_stops_an_adopted_task(stubber):
    stubber.add_response("stop_contact", {}, {"InstanceId": INSTANCE, "ContactId": C1})
    ConnectTaskProvider().delete(C1, adopted_outputs())


def test_destroy_leaves_an_adopted_task_running_when_stop_on_delete_is_false(stubber):
    ConnectTaskProvider().delete(C1, adopted_outputs(stop_on_delete=False))
