"""Fire a declared schedule as EventBridge Scheduler would: take the schedule's Input, replace
its context attributes, send it with boto3 to the emulator. One task per run; a retry of a
run (the same scheduled time) gets that run's task back."""

from __future__ import annotations

import json
from typing import Any

import pulumi

from pulumi_connect_tasks import RecurringConnectTask, RecurringConnectTaskArgs
from pulumi_connect_tasks.recurring.request import replace_context

SCHEDULE = "aws:scheduler/schedule:Schedule"


def run(connect: Any, schedule_input: str, scheduled_time: str) -> str:
    """StartTaskContact as Scheduler's universal target sends it for the run at ``scheduled_time``."""
    request = json.loads(replace_context(schedule_input, scheduled_time))
    return connect.start_task_contact(**request)["ContactId"]


@pulumi.runtime.test
def test_each_run_starts_one_task_and_a_retried_run_gets_its_task_back(mocks, centre, connect):
    task = RecurringConnectTask(
        "weekly",
        RecurringConnectTaskArgs(
            instance_id=centre["instance"],
            contact_flow_name="task flow",
            name="Review agent access",
            references={"due": {"type": "DATE", "value": "2027-01-04T09:00:00Z"}},
            attributes={"cadence": "weekly"},
            schedule_expression="cron(0 9 ? * MON *)",
        ),
    )

    def fire(_: Any) -> None:
        (schedule,) = mocks.of_type(SCHEDULE)
        declared = schedule.inputs["target"]["input"]
        first = run(connect, declared, "2026-12-14T09:00:00Z")
        retried = run(connect, declared, "2026-12-14T09:00:00Z")
        next_week = run(connect, declared, "2026-12-21T09:00:00Z")
        assert first == retried
        assert next_week != first
        for contact_id in (first, next_week):
            contact = connect.describe_contact(InstanceId=centre["instance"], ContactId=contact_id)
            assert contact["Contact"]["Channel"] == "TASK"
            assert contact["Contact"]["Name"] == "Review agent access"
            attributes = connect.get_contact_attributes(
                InstanceId=centre["instance"], InitialContactId=contact_id
            )["Attributes"]
            assert attributes == {"cadence": "weekly"}

    return task.schedule.urn.apply(fire)
