"""__main__.py under pulumi.runtime.set_mocks: what the example stack declares."""

import runpy
from pathlib import Path

import pulumi
import pytest

PROGRAM = Path(__file__).resolve().parents[2] / "__main__.py"
TASK_TYPE = "pulumi-python:dynamic/connect:Task"


class Mocks(pulumi.runtime.Mocks):
    def __init__(self):
        self.resources = []

    def new_resource(self, args):
        self.resources.append(args)
        outputs = dict(args.inputs)
        if args.typ == "aws:connect/instance:Instance":
            return "inst-1234", {
                **outputs,
                "arn": "arn:aws:connect:us-east-1:123456789012:instance/inst-1234",
            }
        if args.typ == "aws:connect/contactFlow:ContactFlow":
            return "inst-1234:flow-5678", {**outputs, "contact_flow_id": "flow-5678"}
        return f"{args.name}-id", outputs

    def call(self, args):
        return {}


def run_program(config):
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project="connect-tasks", stack="dev", preview=False)
    pulumi.runtime.set_all_config({f"connect-tasks:{k}": v for k, v in config.items()})
    namespace = runpy.run_path(str(PROGRAM))
    return mocks, namespace


@pulumi.runtime.test
def test_example_stack_seeds_the_tasks_folder_into_the_configured_instance():
    mocks, namespace = run_program(
        {"instanceId": "inst-existing", "contactFlowId": "flow-existing"}
    )

    def check(_):
        tasks = [r for r in mocks.resources if r.typ == TASK_TYPE]
        assert sorted(r.name for r in tasks) == [
            "seed-holiday-hours-review",
            "seed-onboarding-checklist",
            "seed-verify-queue-routing",
            "seed-weekly-access-review",
        ]
        for task in tasks:
            assert task.inputs["instance_id"] == "inst-existing"
            # The YAML files name their flow; the JSON one (plain --cli-input-json) takes the config's.
            if task.name == "seed-weekly-access-review":
                assert (task.inputs["contact_flow_id"], "contact_flow_name" in task.inputs) == (
                    "flow-existing",
                    False,
                )
            else:
                assert (task.inputs["contact_flow_name"], "contact_flow_id" in task.inputs) == (
                    "Task intake",
                    False,
                )
            assert task.inputs["idempotency_key"] == f"connect-tasks/dev/{task.name}"
            assert task.inputs["attributes"]["environment"] == "dev"
            assert "__provider" in task.inputs
        verify = next(t for t in tasks if t.name == "seed-verify-queue-routing")
        assert verify.inputs["scheduled_time"] == "PT2H"
        assert verify.inputs["attributes"] == {"environment": "dev", "checklist": "go-live"}
        assert verify.inputs["references"] == {
            "runbook": {"type": "URL", "value": "https://wiki.example.com/connect/queue-routing"}
        }

    urns = [task.urn for task in namespace["seeded"].tasks.values()]
    return pulumi.Output.all(*urns).apply(check)


@pulumi.runtime.test
def test_example_stack_creates_instance_and_flow_when_asked():
    mocks, namespace = run_program({"createInstance": "true"})

    def check(_):
        types = sorted(r.typ for r in mocks.resources)
        assert types.count("aws:connect/instance:Instance") == 1
        assert types.count("aws:connect/contactFlow:ContactFlow") == 1
        tasks = [r for r in mocks.resources if r.typ == TASK_TYPE]
        assert len(tasks) == 4
        assert {t.inputs["instance_id"] for t in tasks} == {
            "inst-1234"
        }  # the flow's: they wait for it
        assert {t.inputs["contact_flow_name"] for t in tasks} == {"Task intake"}
        assert not any("contact_flow_id" in t.inputs for t in tasks)
        [flow] = [r for r in mocks.resources if r.typ == "aws:connect/contactFlow:ContactFlow"]
        assert flow.inputs["name"] == "Task intake"

    urns = [task.urn for task in namespace["seeded"].tasks.values()]
    return pulumi.Output.all(*urns).apply(check)


@pulumi.runtime.test
def test_example_stack_without_a_flow_id_gives_the_flow_by_name():
    mocks, namespace = run_program({"instanceId": "inst-existing"})

    def check(_):
        tasks = [r for r in mocks.resources if r.typ == TASK_TYPE]
        assert len(tasks) == 4
        assert {t.inputs["contact_flow_name"] for t in tasks} == {"Task intake"}
        assert not any("contact_flow_id" in t.inputs for t in tasks)

    urns = [task.urn for task in namespace["seeded"].tasks.values()]
    return pulumi.Output.all(*urns).apply(check)


def test_example_stack_requires_instance_config_without_create_instance():
    pulumi.runtime.set_mocks(Mocks(), project="connect-tasks", stack="dev", preview=False)
    pulumi.runtime.set_all_config({})
    with pytest.raises(pulumi.ConfigMissingError):
        runpy.run_path(str(PROGRAM))
