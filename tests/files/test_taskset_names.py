"""TaskSet with targets given by name: contact_flow_name, and ContactFlowName... in files."""

from __future__ import annotations

import pulumi
import pytest

from pulumi_connect_tasks.files.taskset import TaskDefinitionError, TaskSet

TASK_TYPE = "pulumi-python:dynamic/connect:Task"
TARGET_RULE = (
    "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or "
    "TaskTemplateName is required"
)


def tasks_of(mocks) -> dict:
    return {r.name: r for r in mocks.resources if r.typ == TASK_TYPE}


def targets(inputs: dict) -> dict:
    keys = (
        "contact_flow_id",
        "contact_flow_name",
        "quick_connect_id",
        "quick_connect_name",
        "task_template_id",
        "task_template_name",
    )
    return {k: v for k, v in inputs.items() if k in keys}


def after(task_set: TaskSet, check):
    return pulumi.Output.all(*[t.urn for t in task_set.tasks.values()]).apply(lambda _: check())


@pytest.fixture
def folder(tmp_path):
    files = {
        "bare.yaml": "Name: Bare\n",
        "by-flow-name.yaml": "Name: Flow\nContactFlowName: Escalations\n",
        "by-flow-id.yaml": "Name: Flow\nContactFlowId: flow-9\n",
        "by-quick-connect-name.yaml": "Name: QC\nQuickConnectName: Duty manager\n",
        "by-template-name.yaml": "Name: Template\nTaskTemplateName: Incident\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


@pulumi.runtime.test
def test_taskset_flow_by_name_goes_only_to_files_without_a_target(mocks, folder):
    task_set = TaskSet(
        "ops", directory=folder, instance_id="inst-1", contact_flow_name="Task intake"
    )

    def check():
        tasks = tasks_of(mocks)
        assert {name: targets(task.inputs) for name, task in tasks.items()} == {
            "ops-bare": {"contact_flow_name": "Task intake"},
            "ops-by-flow-name": {"contact_flow_name": "Escalations"},
            "ops-by-flow-id": {"contact_flow_id": "flow-9"},
            "ops-by-quick-connect-name": {"quick_connect_name": "Duty manager"},
            "ops-by-template-name": {"task_template_name": "Incident"},
        }

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_flow_by_id_does_not_go_to_a_file_naming_a_target_by_name(mocks, folder):
    task_set = TaskSet("ops", directory=folder, instance_id="inst-1", contact_flow_id="flow-1")

    def check():
        tasks = tasks_of(mocks)
        assert targets(tasks["ops-bare"].inputs) == {"contact_flow_id": "flow-1"}
        assert targets(tasks["ops-by-flow-name"].inputs) == {"contact_flow_name": "Escalations"}
        assert targets(tasks["ops-by-template-name"].inputs) == {"task_template_name": "Incident"}

    return after(task_set, check)


def test_taskset_takes_one_flow_argument(mocks, folder):
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet(
            "ops",
            directory=folder,
            instance_id="inst-1",
            contact_flow_id="flow-1",
            contact_flow_name="Task intake",
        )
    assert (
        str(caught.value)
        == f"TaskSet 'ops' ({folder}): give contact_flow_id or contact_flow_name, not both"
    )
    assert mocks.resources == []


def test_taskset_without_a_flow_needs_a_target_in_each_file_and_names_count(mocks, folder):
    (folder / "two.yaml").write_text(
        "Name: Two\nContactFlowName: Escalations\nQuickConnectId: qc-1\n"
    )
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("ops", directory=folder, instance_id="inst-1")
    assert [problem.line() for problem in caught.value.problems] == [
        f"{folder}/bare.yaml::$.ContactFlowId: {TARGET_RULE} (found 0)",
        f"{folder}/two.yaml::$.ContactFlowName: {TARGET_RULE} (found 2: QuickConnectId, ContactFlowName)",
    ]
