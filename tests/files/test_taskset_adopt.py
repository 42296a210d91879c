"""TaskSet(adopt={key: contact id}) under pulumi.runtime.set_mocks: the key's ConnectTask adopts."""

from __future__ import annotations

import pulumi
import pytest

from pulumi_connect_tasks.files.taskset import DEFAULTABLE_INPUTS, TaskDefinitionError, TaskSet

TASK_TYPE = "pulumi-python:dynamic/connect:Task"


@pulumi.runtime.test
def test_taskset_adopt_gives_that_keys_task_its_adopt_contact_id(mocks, repo):
    task_set = TaskSet(
        "onboarding",
        directory=repo / "tasks",
        instance_id="inst-1",
        contact_flow_id="flow-1",
        adopt={"verify-queue-routing": "contact-1"},
    )

    def check(_):
        adopted = {
            r.name: r.inputs.get("adopt_contact_id") for r in mocks.resources if r.typ == TASK_TYPE
        }
        assert adopted == {
            "onboarding-holiday-hours-review": None,
            "onboarding-onboarding-checklist": None,
            "onboarding-verify-queue-routing": "contact-1",
        }

    return pulumi.Output.all(*[t.urn for t in task_set.tasks.values()]).apply(check)


def test_taskset_adopt_of_a_key_not_in_the_set_is_refused_before_declaring_anything(mocks, repo):
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet(
            "onboarding",
            directory=repo / "tasks",
            instance_id="inst-1",
            contact_flow_id="flow-1",
            adopt={"verify-routing": "contact-1", "nope": "contact-2"},
        )
    assert str(caught.value) == (
        f"TaskSet 'onboarding' ({repo / 'tasks'}): adopt names 'nope', 'verify-routing', which no file of the set "
        "has; its keys: holiday-hours-review, onboarding-checklist, verify-queue-routing, weekly-access-review"
    )
    assert mocks.resources == []


def test_taskset_defaults_may_not_adopt(mocks, repo):
    assert "adopt_contact_id" not in DEFAULTABLE_INPUTS
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet(
            "onboarding",
            directory=repo / "tasks",
            instance_id="inst-1",
            defaults={"adopt_contact_id": "c"},
        )
    assert str(caught.value).startswith("TaskSet 'onboarding' (")
    assert "defaults may not set adopt_contact_id" in str(caught.value)
