"""RecurringConnectTask under Pulumi's mocks: the schedule, role and policy it declares for
each kind of target, by id and by name, and the definitions it refuses before declaring
anything."""

from __future__ import annotations

import gc
import json
from typing import Any

import pulumi
import pytest

from pulumi_connect_tasks import RecurringConnectTask, RecurringConnectTaskArgs
from pulumi_connect_tasks.common.errors import ConnectTaskError, RecurringTaskError

from .conftest import ACCOUNT, QUICK_CONNECT_NAME, TEMPLATE_NAME

SCHEDULE = "aws:scheduler/schedule:Schedule"
ROLE = "aws:iam/role:Role"
POLICY = "aws:iam/rolePolicy:RolePolicy"
COMPONENT = "connect-tasks:index:RecurringTask"
TOKEN = "default/ops-dev-weekly/<aws.scheduler.scheduled-time>"
TARGET = "arn:aws:scheduler:::aws-sdk:connect:startTaskContact"


def declared(mocks, task: RecurringConnectTask, check) -> pulumi.Output:
    """Run ``check(schedule, role, policy)`` (their recorded inputs) once all three exist."""

    def run(_: Any) -> None:
        (schedule,) = mocks.of_type(SCHEDULE)
        (role,) = mocks.of_type(ROLE)
        (policy,) = mocks.of_type(POLICY)
        check(schedule.inputs, role.inputs, policy.inputs)

    return pulumi.Output.all(task.schedule.urn, task.role.urn, task.policy.urn).apply(run)


def weekly(centre: dict[str, str], **target: Any) -> RecurringConnectTask:
    return RecurringConnectTask(
        "weekly",
        RecurringConnectTaskArgs(
            instance_id=centre["instance"],
            name="Review agent access",
            description="Compare security profiles with the roster.",
            references={"roster": {"type": "URL", "value": "https://hr.example.com/roster"}},
            attributes={"cadence": "weekly"},
            schedule_expression="cron(0 9 ? * MON *)",
            schedule_expression_timezone="Europe/London",
            **target,
        ),
    )


def request(schedule: dict[str, Any]) -> dict[str, Any]:
    return json.loads(schedule["target"]["input"])


def resources(policy: dict[str, Any]) -> list[str]:
    (statement,) = json.loads(policy["policy"])["Statement"]
    assert statement["Action"] == "connect:StartTaskContact"
    return statement["Resource"]


def instance_arn(centre: dict[str, str]) -> str:
    return f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{centre['instance']}"


@pulumi.runtime.test
def test_flow_by_id_declares_the_schedule_role_and_policy(mocks, centre):
    task = weekly(centre, contact_flow_id=centre["flow"])

    def check(schedule, role, policy):
        assert schedule["name"] == "ops-dev-weekly"
        assert schedule["scheduleExpression"] == "cron(0 9 ? * MON *)"
        assert schedule["scheduleExpressionTimezone"] == "Europe/London"
        assert schedule["flexibleTimeWindow"] == {"mode": "OFF"}
        assert schedule["target"]["arn"] == TARGET
        assert schedule["target"]["roleArn"] == f"arn:aws:iam::{ACCOUNT}:role/weekly-scheduler"
        assert request(schedule) == {
            "InstanceId": centre["instance"],
            "ContactFlowId": centre["flow"],
            "Name": "Review agent access",
            "Description": "Compare security profiles with the roster.",
            "References": {"roster": {"Type": "URL", "Value": "https://hr.example.com/roster"}},
            "Attributes": {"cadence": "weekly"},
            "ClientToken": TOKEN,
        }
        trust = json.loads(role["assumeRolePolicy"])
        assert trust["Statement"] == [
            {
                "Effect": "Allow",
                "Principal": {"Service": "scheduler.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            }
        ]
        assert policy["role"] == "weekly-scheduler-id"
        assert resources(policy) == [
            f"{instance_arn(centre)}/contact/*",
            f"{instance_arn(centre)}/contact-flow/{centre['flow']}",
        ]

    return declared(mocks, task, check)


@pulumi.runtime.test
def test_flow_by_name_is_resolved_with_pulumi_aws_lookup(mocks, centre):
    task = weekly(centre, contact_flow_name="task flow")

    def check(schedule, role, policy):
        assert request(schedule)["ContactFlowId"] == centre["flow"]
        assert "ContactFlowName" not in request(schedule)
        assert resources(policy)[1] == f"{instance_arn(centre)}/contact-flow/{centre['flow']}"
        lookups = [c for c in mocks.calls if c.token == "aws:connect/getContactFlow:getContactFlow"]
        assert [c.args for c in lookups] == [
            {"instanceId": centre["instance"], "name": "task flow"}
        ]

    return declared(mocks, task, check)


@pytest.mark.parametrize("by", ["id", "name"])
@pulumi.runtime.test
def test_quick_connect_target(mocks, centre, by):
    target = (
        {"quick_connect_id": centre["quick_connect"]}
        if by == "id"
        else {"quick_connect_name": QUICK_CONNECT_NAME}
    )
    task = weekly(centre, **target)

    def check(schedule, role, policy):
        assert request(schedule)["QuickConnectId"] == centre["quick_connect"]
        assert resources(policy)[1] == (
            f"{instance_arn(centre)}/transfer-destination/{centre['quick_connect']}"
        )

    return declared(mocks, task, check)


@pytest.mark.parametrize("by", ["id", "name"])
@pulumi.runtime.test
def test_template_target(mocks, centre, by):
    target = (
        {"task_template_id": centre["template"]}
        if by == "id"
        else {"task_template_name": TEMPLATE_NAME}
    )
    task = weekly(centre, **target)

    def check(schedule, role, policy):
        assert request(schedule)["TaskTemplateId"] == centre["template"]
        assert "TaskTemplateName" not in request(schedule)
        assert resources(policy)[1] == (
            f"{instance_arn(centre)}/task-template/{centre['template']}"
        )

    return declared(mocks, task, check)


@pulumi.runtime.test
def test_date_references_are_sent_as_epoch_seconds_and_the_window_retries_and_queue_pass_on(
    mocks, centre
):
    queue = f"arn:aws:sqs:us-east-1:{ACCOUNT}:missed-tasks"
    task = RecurringConnectTask(
        "weekly",
        RecurringConnectTaskArgs(
            instance_id=centre["instance"],
            contact_flow_id=centre["flow"],
            name="Review",
            references={"due": {"type": "DATE", "value": "2027-01-04T09:00:00Z"}},
            schedule_expression="rate(7 days)",
            flexible_time_window_minutes=30,
            maximum_retry_attempts=3,
            maximum_event_age_seconds=3600,
            dead_letter_arn=queue,
            state="DISABLED",
        ),
    )

    def check(schedule, role, policy):
        assert request(schedule)["References"] == {"due": {"Type": "DATE", "Value": "1799053200"}}
        assert schedule["flexibleTimeWindow"] == {"mode": "FLEXIBLE", "maximumWindowInMinutes": 30}
        assert schedule["target"]["retryPolicy"] == {
            "maximumEventAgeInSeconds": 3600,
            "maximumRetryAttempts": 3,
        }
        assert schedule["target"]["deadLetterConfig"] == {"arn": queue}
        assert schedule["state"] == "DISABLED"
        statements = json.loads(policy["policy"])["Statement"]
        assert statements[1] == {
            "Sid": "DeliverFailedRuns",
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": queue,
        }

    return declared(mocks, task, check)


def test_a_definition_connect_task_refuses_is_refused_before_anything_is_declared(
    preview_mocks, centre
):
    with pytest.raises(RecurringTaskError) as caught:
        RecurringConnectTask(
            "weekly",
            RecurringConnectTaskArgs(
                instance_id=centre["instance"],
                contact_flow_id=centre["flow"],
                quick_connect_id=centre["quick_connect"],
                name="Secret review name",
                references={"roster": {"type": "URL", "value": "not a url"}},
                schedule_expression="cron(0 9 * * MON *)",
            ),
        )
    text = str(caught.value)
    assert (
        text.splitlines()[0] == "RecurringConnectTask 'weekly': the recurring task breaks a rule:"
    )
    assert "references.roster.value" in text
    assert "schedule_expression" in text
    assert "Secret review name" not in text and "not a url" not in text
    assert preview_mocks.resources == []


def test_an_input_from_another_resource_is_checked_once_known(preview_mocks, centre):
    """At preview an Output is not known: the rules that need it are skipped, the rest run."""
    with pytest.raises(RecurringTaskError) as caught:
        RecurringConnectTask(
            "weekly",
            RecurringConnectTaskArgs(
                instance_id=pulumi.Output.from_input(centre["instance"]),
                contact_flow_id=centre["flow"],
                name="Review",
                schedule_expression="rate(0 days)",
            ),
        )
    assert [path for path, _ in caught.value.failures] == ["schedule_expression"]


def test_a_task_its_template_refuses_fails_the_run_with_nothing_created(mocks, centre):
    """The template's required field "roster" is missing: found when the program runs, before
    the role (which waits for the checked Input), the policy and the schedule are created."""

    @pulumi.runtime.test
    def program():
        task = RecurringConnectTask(
            "weekly",
            RecurringConnectTaskArgs(
                instance_id=centre["instance"],
                task_template_name=TEMPLATE_NAME,
                name="Review",
                schedule_expression="rate(7 days)",
            ),
        )
        return task.input

    with pytest.raises(ConnectTaskError) as caught:
        program()
    # The failed run leaves asyncio tasks whose exception nobody retrieved. Collect them now:
    # collected later, their __del__ logs a traceback, and Python 3.11 formats it with
    # ast.parse, which, run by the collector in the middle of another test's ast.parse,
    # fails that one with "AST constructor recursion depth mismatch".
    gc.collect()
    assert "references.roster" in str(caught.value)
    assert str(caught.value).endswith("the schedule was not declared")
    assert [r.typ for r in mocks.resources] == [COMPONENT]
