"""TaskSet under pulumi.runtime.set_mocks: one ConnectTask per file, defaults, errors."""

from __future__ import annotations

import json
import shutil

import pulumi
import pytest

from pulumi_connect_tasks.files.taskset import DEFAULTABLE_INPUTS, TaskDefinitionError, TaskSet
from pulumi_connect_tasks.recurring.resource import RecurringConnectTask
from pulumi_connect_tasks.task.resource import ConnectTask

TASK_TYPE = "pulumi-python:dynamic/connect:Task"
SCHEDULE_TYPE = "aws:scheduler/schedule:Schedule"
RECURRING_TYPE = "connect-tasks:index:RecurringTask"
SET_TYPE = "connect-tasks:index:TaskSet"
KEY_FORM = "1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"


def tasks_of(mocks) -> dict:
    return {r.name: r for r in mocks.resources if r.typ == TASK_TYPE}


def after(task_set: TaskSet, check):
    """Run ``check`` once every task of ``task_set`` is registered (a recurring one's schedule
    too); ``check`` gets the set's URN, then its tasks'."""
    schedules = [task.schedule.urn for task in task_set.recurring.values()]
    return pulumi.Output.all(
        task_set.urn, *[t.urn for t in task_set.tasks.values()], *schedules
    ).apply(lambda urns: check(urns[: 1 + len(task_set.tasks)]))


@pulumi.runtime.test
def test_taskset_creates_one_task_per_file_named_after_it(mocks, repo):
    task_set = TaskSet(
        "onboarding", directory=repo / "tasks", instance_id="inst-1", contact_flow_id="flow-1"
    )

    def check(urns):
        assert sorted(tasks_of(mocks)) == [
            "onboarding-holiday-hours-review",
            "onboarding-onboarding-checklist",
            "onboarding-verify-queue-routing",
        ]
        assert sorted(task_set.tasks) == [
            "holiday-hours-review",
            "onboarding-checklist",
            "verify-queue-routing",
        ]
        assert all(isinstance(task, ConnectTask) for task in task_set.tasks.values())
        # The weekly review has a Schedule: a recurring task, its own component.
        assert list(task_set.recurring) == ["weekly-access-review"]
        assert isinstance(task_set.recurring["weekly-access-review"], RecurringConnectTask)
        assert [(r.typ, r.name) for r in mocks.resources if not r.custom] == [
            (SET_TYPE, "onboarding"),
            (RECURRING_TYPE, "onboarding-weekly-access-review"),
        ]
        # The tasks are the TaskSet's children: its type leads theirs in their URNs.
        assert urns[0].endswith(f"{SET_TYPE}::onboarding")
        assert [urn.split("::", 2)[2] for urn in urns[1:]] == [
            f"{SET_TYPE}${TASK_TYPE}::onboarding-{key}" for key in sorted(task_set.tasks)
        ]
        # The TaskSet's flow goes to the JSON file, which names none.
        [schedule] = [r for r in mocks.resources if r.typ == SCHEDULE_TYPE]
        request = json.loads(schedule.inputs["target"]["input"])
        assert (request["InstanceId"], request["ContactFlowId"]) == ("inst-1", "flow-1")
        for name, task in tasks_of(mocks).items():
            assert task.inputs["idempotency_key"] == f"connect-tasks/dev/{name}"
            assert task.inputs["instance_id"] == "inst-1"
            # The YAML examples name their flow.
            assert (task.inputs["contact_flow_name"], "contact_flow_id" in task.inputs) == (
                "Task intake",
                False,
            )

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_passes_the_file_as_snake_case_inputs(mocks, repo):
    task_set = TaskSet(
        "onboarding", directory=repo / "tasks", instance_id="inst-1", contact_flow_id="flow-1"
    )

    def check(_):
        inputs = tasks_of(mocks)["onboarding-verify-queue-routing"].inputs
        assert {k: v for k, v in inputs.items() if k != "__provider"} == {
            "instance_id": "inst-1",
            "contact_flow_name": "Task intake",
            "name": "Verify queue routing",
            "description": "Place a test task in every queue and confirm it reaches the right agents.",
            "references": {
                "runbook": {
                    "type": "URL",
                    "value": "https://wiki.example.com/connect/queue-routing",
                }
            },
            "attributes": {"checklist": "go-live"},
            "scheduled_time": "PT2H",
            "idempotency_key": "connect-tasks/dev/onboarding-verify-queue-routing",
        }
        expiry = tasks_of(mocks)["onboarding-onboarding-checklist"].inputs["segment_attributes"]
        # Numbers cross Pulumi's wire as floats; to_request turns ValueInteger back into an int.
        assert expiry == {
            "connect:ContactExpiry": {"value_map": {"ExpiryDuration": {"value_integer": 4320.0}}}
        }

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_defaults_apply_unless_the_file_sets_them_and_maps_merge(mocks, folder):
    (folder / "weekly-access-review.json").unlink()  # recurring: region is refused for it, below
    (folder / "bare.yaml").write_text("Name: Bare task\n")
    task_set = TaskSet(
        "ops",
        directory=folder,
        instance_id="inst-1",
        contact_flow_id="flow-1",
        defaults={
            "description": "Set by the TaskSet",
            "attributes": {"environment": "dev", "checklist": "default"},
            "references": {"dashboard": {"type": "URL", "value": "https://dash.example.com"}},
            "region": "eu-west-2",
            "stop_on_delete": False,
        },
    )

    def check(_):
        tasks = tasks_of(mocks)
        verify, bare = tasks["ops-verify-queue-routing"].inputs, tasks["ops-bare"].inputs
        assert (
            verify["description"]
            == "Place a test task in every queue and confirm it reaches the right agents."
        )
        assert verify["attributes"] == {"environment": "dev", "checklist": "go-live"}
        assert verify["references"] == {
            "dashboard": {"type": "URL", "value": "https://dash.example.com"},
            "runbook": {"type": "URL", "value": "https://wiki.example.com/connect/queue-routing"},
        }
        assert bare["description"] == "Set by the TaskSet"
        assert bare["attributes"] == {"environment": "dev", "checklist": "default"}
        assert {(t.inputs["region"], t.inputs["stop_on_delete"]) for t in tasks.values()} == {
            ("eu-west-2", False)
        }

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_merges_defaults_given_as_an_output(mocks, folder):
    task_set = TaskSet(
        "ops",
        directory=folder,
        instance_id="inst-1",
        contact_flow_id="flow-1",
        defaults={
            "attributes": pulumi.Output.from_input({"environment": "prod", "checklist": "default"})
        },
    )

    def check(_):
        tasks = tasks_of(mocks)
        assert tasks["ops-verify-queue-routing"].inputs["attributes"] == {
            "environment": "prod",
            "checklist": "go-live",
        }
        assert tasks["ops-onboarding-checklist"].inputs["attributes"] == {
            "environment": "prod",
            "checklist": "default",
        }

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_instance_and_flow_only_where_the_file_names_none(mocks, tmp_path):
    (tmp_path / "plain.yaml").write_text("Name: Plain\n")
    (tmp_path / "quick.yaml").write_text("Name: Via a quick connect\nQuickConnectId: qc-1\n")
    (tmp_path / "pinned.json").write_text(
        '{"Name": "Pinned", "InstanceId": "inst-pinned", "ContactFlowId": "flow-pinned"}'
    )
    flow = pulumi.Output.from_input("flow-1")
    task_set = TaskSet(
        "t",
        directory=tmp_path,
        instance_id=pulumi.Output.from_input("inst-1"),
        contact_flow_id=flow,
    )

    def check(_):
        targets = {
            name: (
                r.inputs.get("instance_id"),
                r.inputs.get("contact_flow_id"),
                r.inputs.get("quick_connect_id"),
            )
            for name, r in tasks_of(mocks).items()
        }
        assert targets == {
            "t-plain": ("inst-1", "flow-1", None),
            "t-quick": ("inst-1", None, "qc-1"),
            "t-pinned": ("inst-pinned", "flow-pinned", None),
        }

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_key_member_names_the_task(mocks, tmp_path, repo):
    shutil.copy(repo / "tasks" / "verify-queue-routing.yaml", tmp_path / "queue-routing-check.yaml")
    with (tmp_path / "queue-routing-check.yaml").open("a") as file:
        file.write("Key: verify-queue-routing\n")
    task_set = TaskSet(
        "onboarding", directory=tmp_path, instance_id="inst-1", contact_flow_id="flow-1"
    )

    def check(_):
        assert list(tasks_of(mocks)) == ["onboarding-verify-queue-routing"]
        assert "key" not in tasks_of(mocks)["onboarding-verify-queue-routing"].inputs

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_accepts_a_past_time_of_a_task_that_may_exist(mocks, tmp_path):
    (tmp_path / "old.yaml").write_text(
        'Name: Started last year\nScheduledTime: "2025-01-01T00:00:00Z"\n'
    )
    task_set = TaskSet("t", directory=tmp_path, instance_id="inst-1", contact_flow_id="flow-1")

    def check(_):
        assert tasks_of(mocks)["t-old"].inputs["scheduled_time"] == "2025-01-01T00:00:00Z"

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_reads_no_subfolder(mocks, folder):
    (folder / "archive").mkdir()
    (folder / "archive" / "old.yaml").write_text("Name: Archived\n")
    task_set = TaskSet("t", directory=folder, instance_id="inst-1", contact_flow_id="flow-1")

    def check(_):
        assert len(tasks_of(mocks)) == 3 and "t-old" not in tasks_of(mocks)

    return after(task_set, check)


def test_taskset_broken_files_fail_with_every_violation_and_file(mocks, folder):
    (folder / "broken.yaml").write_text(
        "Name: Broken\nReferences:\n  runbook: {Type: URL, Value: not-a-url}\nScheduledTime: P9D\nPriority: 1\n"
    )
    (folder / "unparsable.json").write_text('{"Name": ')
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("onboarding", directory=folder, instance_id="inst-1", contact_flow_id="flow-1")
    assert str(caught.value) == "\n".join(
        [
            f"TaskSet 'onboarding' ({folder}): 4 problems in task definitions:",
            f"  {folder}/broken.yaml::$.Priority: is not a known member",
            f"  {folder}/broken.yaml::$.References.runbook.Value: must be an absolute http or https URL (Type URL)",
            f"  {folder}/broken.yaml::$.ScheduledTime: must be at most 6 days ahead",
            f"  {folder}/unparsable.json: is not valid JSON: Expecting value (line 1, column 10)",
        ]
    )
    assert [(p.file, p.path) for p in caught.value.problems][0] == (
        f"{folder}/broken.yaml",
        "$.Priority",
    )
    assert mocks.resources == []


def test_taskset_without_a_flow_needs_one_in_every_file(mocks, repo):
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("onboarding", directory=repo / "tasks", instance_id="inst-1")
    rule = "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required (found 0)"
    # Only the JSON example names no flow (it stays valid --cli-input-json input).
    assert [problem.line() for problem in caught.value.problems] == [
        f"{repo}/tasks/weekly-access-review.json::$.ContactFlowId: {rule}"
    ]


def test_taskset_without_an_instance_needs_one_in_every_file(mocks, tmp_path):
    (tmp_path / "a.yaml").write_text("Name: A\n")
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("t", directory=tmp_path, contact_flow_id="flow-1")
    assert [problem.line() for problem in caught.value.problems] == [
        f"{tmp_path}/a.yaml::$.InstanceId: is required"
    ]


def test_taskset_two_files_with_one_key_fail(mocks, tmp_path):
    (tmp_path / "a.yaml").write_text("Name: A\n")
    (tmp_path / "b.yaml").write_text("Name: B\nKey: a\n")
    (tmp_path / "a.json").write_text('{"Name": "A again"}')
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("t", directory=tmp_path, instance_id="inst-1", contact_flow_id="flow-1")
    assert [problem.line() for problem in caught.value.problems] == [
        f"{tmp_path}/a.yaml::$.Key: {tmp_path}/a.json has the same key 'a'; set a different Key",
        f"{tmp_path}/b.yaml::$.Key: {tmp_path}/a.json has the same key 'a'; set a different Key",
    ]


def test_taskset_file_name_that_is_not_a_key_fails(mocks, tmp_path):
    (tmp_path / "my task.yaml").write_text("Name: A\n")
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("t", directory=tmp_path, instance_id="inst-1", contact_flow_id="flow-1")
    assert [problem.line() for problem in caught.value.problems] == [
        f"{tmp_path}/my task.yaml::$.Key: is required: the file name is not a valid key ({KEY_FORM})",
    ]


@pytest.mark.parametrize(
    "key",
    [
        "client_token",
        "idempotency_key",
        "instance_id",
        "quick_connect_id",
        "contact_flow_name",
        "task_template_name",
        "colour",
    ],
)
def test_taskset_refuses_defaults_it_may_not_apply(mocks, repo, key):
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet(
            "t",
            directory=repo / "tasks",
            instance_id="inst-1",
            contact_flow_id="flow-1",
            defaults={key: "x"},
        )
    assert str(caught.value) == (
        f"TaskSet 't' ({repo}/tasks): defaults may not set {key}; allowed: {', '.join(DEFAULTABLE_INPUTS)} "
        "(instance_id and contact_flow_id or contact_flow_name are arguments of TaskSet)"
    )


def test_taskset_defaultable_inputs():
    assert DEFAULTABLE_INPUTS == (
        "previous_contact_id",
        "related_contact_id",
        "name",
        "description",
        "references",
        "attributes",
        "scheduled_time",
        "segment_attributes",
        "attachments",
        "region",
        "stop_on_delete",
    )


def test_taskset_missing_folder_fails(mocks, tmp_path):
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("t", directory=tmp_path / "nowhere", instance_id="inst-1")
    assert str(caught.value) == f"TaskSet 't' ({tmp_path}/nowhere): the folder does not exist"


def test_taskset_file_breaking_the_documented_rules_fails_with_every_line(mocks, tmp_path, repo):
    # The rules botocore states in its documentation text (connect_tasks_audit/).
    shutil.copy(
        repo / "tests" / "cli" / "invalid" / "documented-rules.yaml", tmp_path / "rules.yaml"
    )
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("t", directory=tmp_path, instance_id="inst-1", contact_flow_id="flow-1")
    where = f"{tmp_path}/rules.yaml::$"
    assert [problem.line() for problem in caught.value.problems] == [
        f"{where}.References.due.Value: must be epoch seconds or milliseconds, or an RFC 3339 timestamp from 1970 on (Type DATE)",
        f"{where}.References.evidence.Type: must be one of: URL, NUMBER, STRING, DATE, EMAIL "
        "(the reference types a task can have when it is created)",
        f"{where}.SegmentAttributes['connect:ContactExpiry']: must be a ValueMap whose ExpiryDuration has a ValueInteger (minutes)",
        f"{where}.SegmentAttributes['connect:CreatedByUser'].ValueArn: must be an ARN (arn:partition:service:region:account:resource)",
        f"{where}.SegmentAttributes.owner.ValueArn: is only supported for system-defined attributes (keys connect:<name>)",
        f"{where}.SegmentAttributes['team.name']: key may contain only letters, digits, '-' and '_', "
        "or be a system-defined key connect:<name>",
        f"{where}.TaskTemplateId: exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required "
        "(found 2: ContactFlowId, TaskTemplateId)",
    ]
    assert mocks.resources == []


@pulumi.runtime.test
def test_taskset_gives_its_flow_only_to_files_without_a_target(mocks, tmp_path):
    # "include only one of these parameters": a file that names a template gets no flow beside it.
    (tmp_path / "from-template.yaml").write_text("Name: T\nTaskTemplateId: template-1\n")
    (tmp_path / "plain.yaml").write_text("Name: P\n")
    task_set = TaskSet("t", directory=tmp_path, instance_id="inst-1", contact_flow_id="flow-1")

    def check(_urns):
        tasks = tasks_of(mocks)
        assert "contact_flow_id" not in tasks["t-from-template"].inputs
        assert tasks["t-from-template"].inputs["task_template_id"] == "template-1"
        assert tasks["t-plain"].inputs["contact_flow_id"] == "flow-1"

    return after(task_set, check)
