"""__main__.py under pulumi.runtime.set_mocks: what the example stack declares."""

import json
import runpy
from pathlib import Path

import pulumi
import pytest

PROGRAM = Path(__file__).resolve().parents[2] / "__main__.py"
TASK_TYPE = "pulumi-python:dynamic/connect:Task"
SCHEDULE_TYPE = "aws:scheduler/schedule:Schedule"
ONE_OFF = ["seed-holiday-hours-review", "seed-onboarding-checklist", "seed-verify-queue-routing"]


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
        """pulumi-aws's lookups: the flow a recurring task names, who and where the stack is."""
        if args.token == "aws:connect/getContactFlow:getContactFlow":
            assert args.args["name"] == "Task intake"
            return {"contactFlowId": "flow-by-name", "instanceId": args.args["instanceId"]}
        return {
            "aws:index/getCallerIdentity:getCallerIdentity": {"accountId": "123456789012"},
            "aws:index/getRegion:getRegion": {"region": "us-east-1"},
            "aws:index/getPartition:getPartition": {"partition": "aws"},
        }.get(args.token, {})


def schedule_request(mocks) -> dict:
    """The StartTaskContact request the weekly review's schedule sends."""
    [schedule] = [r for r in mocks.resources if r.typ == SCHEDULE_TYPE]
    assert schedule.name == "seed-weekly-access-review"
    assert schedule.inputs["scheduleExpression"] == "cron(0 9 ? * MON *)"
    assert schedule.inputs["scheduleExpressionTimezone"] == "Europe/London"
    return json.loads(schedule.inputs["target"]["input"])


def settled(namespace):
    """Every task's and the schedule's URN: the checks run once all are registered."""
    seeded = namespace["seeded"]
    return pulumi.Output.all(
        *[task.urn for task in seeded.tasks.values()],
        *[task.schedule.urn for task in seeded.recurring.values()],
    )


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
        assert sorted(r.name for r in tasks) == ONE_OFF
        for task in tasks:
            assert task.inputs["instance_id"] == "inst-existing"
            # The YAML files name their flow; the JSON one (the weekly review, recurring)
            # takes the config's.
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
        request = schedule_request(mocks)
        assert (request["InstanceId"], request["ContactFlowId"]) == (
            "inst-existing",
            "flow-existing",
        )
        assert request["Attributes"] == {"cadence": "weekly", "environment": "dev"}
        assert request["ClientToken"] == (
            "default/connect-tasks-dev-seed-weekly-access-review/<aws.scheduler.scheduled-time>"
        )

    return settled(namespace).apply(check)


@pulumi.runtime.test
def test_example_stack_creates_instance_and_flow_when_asked():
    mocks, namespace = run_program({"createInstance": "true"})

    def check(_):
        types = sorted(r.typ for r in mocks.resources)
        assert types.count("aws:connect/instance:Instance") == 1
        assert types.count("aws:connect/contactFlow:ContactFlow") == 1
        tasks = [r for r in mocks.resources if r.typ == TASK_TYPE]
        assert len(tasks) == 3
        assert {t.inputs["instance_id"] for t in tasks} == {
            "inst-1234"
        }  # the flow's: they wait for it
        assert {t.inputs["contact_flow_name"] for t in tasks} == {"Task intake"}
        assert not any("contact_flow_id" in t.inputs for t in tasks)
        [flow] = [r for r in mocks.resources if r.typ == "aws:connect/contactFlow:ContactFlow"]
        assert flow.inputs["name"] == "Task intake"
        # The recurring task's flow, by name, is looked up in the new instance.
        request = schedule_request(mocks)
        assert (request["InstanceId"], request["ContactFlowId"]) == ("inst-1234", "flow-by-name")

    return settled(namespace).apply(check)


@pulumi.runtime.test
def test_example_stack_without_a_flow_id_gives_the_flow_by_name():
    mocks, namespace = run_program({"instanceId": "inst-existing"})

    def check(_):
        tasks = [r for r in mocks.resources if r.typ == TASK_TYPE]
        assert len(tasks) == 3
        assert {t.inputs["contact_flow_name"] for t in tasks} == {"Task intake"}
        assert not any("contact_flow_id" in t.inputs for t in tasks)
        assert schedule_request(mocks)["ContactFlowId"] == "flow-by-name"

    return settled(namespace).apply(check)


def test_example_stack_requires_instance_config_without_create_instance():
    pulumi.runtime.set_mocks(Mocks(), project="connect-tasks", stack="dev", preview=False)
    pulumi.runtime.set_all_config({})
    with pytest.raises(pulumi.ConfigMissingError):
        runpy.run_path(str(PROGRAM))
