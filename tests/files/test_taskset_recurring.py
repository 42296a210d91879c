"""Definition files with a Schedule: recurring tasks in a TaskSet, and what ``connect-tasks
validate`` says of the members."""

from __future__ import annotations

import json

import pulumi
import pytest

from pulumi_connect_tasks.files.cli import main
from pulumi_connect_tasks.files.taskset import TaskDefinitionError, TaskSet

SCHEDULE_TYPE = "aws:scheduler/schedule:Schedule"
NOT_BESIDE = (
    "cannot be given beside Schedule: a recurring task starts a new task at every time of its "
    "schedule (no ScheduledTime, ClientToken, link to another contact or attachment)"
)


@pulumi.runtime.test
def test_defaults_reach_a_recurring_task_where_it_takes_them(mocks, folder):
    task_set = TaskSet(
        "ops",
        directory=folder,
        instance_id="inst-1",
        contact_flow_id="flow-1",
        defaults={
            "description": "Set by the TaskSet",  # the file has its own: it wins
            "attributes": {"environment": "prod"},
            "references": {"dashboard": {"type": "URL", "value": "https://dash.example.com"}},
            "stop_on_delete": False,  # one-off tasks only
            "scheduled_time": "PT1H",  # one-off tasks only
        },
    )
    review = task_set.recurring["weekly-access-review"]

    def check(_):
        [schedule] = [r for r in mocks.resources if r.typ == SCHEDULE_TYPE]
        request = json.loads(schedule.inputs["target"]["input"])
        assert request["Description"] == (
            "Compare security profiles with the HR roster and remove leavers."
        )
        assert request["Attributes"] == {"environment": "prod", "cadence": "weekly"}
        assert sorted(request["References"]) == ["agents", "dashboard", "roster"]
        assert "ScheduledTime" not in request
        assert schedule.inputs["scheduleExpression"] == "cron(0 9 ? * MON *)"
        assert schedule.inputs["scheduleExpressionTimezone"] == "Europe/London"

    return review.schedule.urn.apply(check)


def test_a_region_default_is_refused_when_the_folder_has_a_recurring_task(mocks, folder):
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet(
            "ops",
            directory=folder,
            instance_id="i",
            contact_flow_id="f",
            defaults={"region": "eu-west-2"},
        )
    assert str(caught.value) == (
        f"TaskSet 'ops' ({folder}): defaults sets region, which the recurring tasks "
        "(weekly-access-review) do not take: their schedules start them in the aws provider's "
        "Region; give the TaskSet an aws provider for that Region instead"
    )
    assert mocks.resources == []


def test_adopting_a_recurring_task_is_refused(mocks, folder):
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet(
            "ops",
            directory=folder,
            instance_id="i",
            contact_flow_id="f",
            adopt={"weekly-access-review": "c-1"},
        )
    assert "adopt names 'weekly-access-review', a recurring task (Schedule)" in str(caught.value)
    assert mocks.resources == []


def test_a_link_to_a_recurring_task_is_refused_with_the_folders_problems(mocks, folder):
    (folder / "follow-up.yaml").write_text("Name: Follow up\nPreviousTask: weekly-access-review\n")
    (folder / "late.yaml").write_text(
        "Name: Late\nSchedule: cron(0 9 ? * MON *)\nScheduledTime: PT1H\nRelatedTask: follow-up\n"
    )
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("ops", directory=folder, instance_id="i", contact_flow_id="f")
    lines = str(caught.value).splitlines()
    assert lines[0] == f"TaskSet 'ops' ({folder}): 3 problems in task definitions:"
    assert sorted(lines[1:]) == sorted(
        [
            f"  {folder}/follow-up.yaml::$.PreviousTask: names the key 'weekly-access-review', a "
            f"recurring task ({folder}/weekly-access-review.json has a Schedule): each of its "
            "runs is a new task, there is no one task to link to",
            f"  {folder}/late.yaml::$.RelatedTask: {NOT_BESIDE}",
            f"  {folder}/late.yaml::$.ScheduledTime: {NOT_BESIDE}",
        ]
    )
    assert mocks.resources == []


def test_validate_names_each_schedule_rule(capsys, tmp_path):
    (tmp_path / "weekly.yaml").write_text(
        "Name: Review\nContactFlowName: Task intake\nInstanceId: inst-1\n"
        "Schedule: cron(0 9 * * MON *)\nScheduleTimezone: Mars/Olympus\n"
    )
    (tmp_path / "zone.yaml").write_text(
        "Name: Review\nContactFlowName: Task intake\nInstanceId: inst-1\nScheduleTimezone: UTC\n"
    )
    (tmp_path / "fine.yaml").write_text(
        "Name: Review\nContactFlowName: Task intake\nInstanceId: inst-1\n"
        "Schedule: rate(7 days)\nScheduleTimezone: Europe/London\n"
    )
    status = main(["validate", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == [
        f"{tmp_path}/weekly.yaml::$.Schedule: cron day-of-month and day-of-week: exactly one "
        "must be ? (neither is)",
        f"{tmp_path}/weekly.yaml::$.ScheduleTimezone: must be an IANA time zone name such as "
        "America/New_York or UTC",
        f"{tmp_path}/zone.yaml::$.ScheduleTimezone: is given without Schedule, which it is the "
        "time zone of",
    ]
    assert "3 violations in 2 of 3 files" in err
