"""TaskSet's PreviousTask and RelatedTask under pulumi.runtime.set_mocks: inputs, order, errors."""

from __future__ import annotations

import pulumi
import pytest

from pulumi_connect_tasks.files.taskset import TaskDefinitionError, TaskSet

TASK_TYPE = "pulumi-python:dynamic/connect:Task"

CHAIN_RULE = "there can be a maximum of 12 linked task contacts in a chain"


def write(folder, files: dict[str, str]):
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def tasks_of(mocks) -> dict:
    return {r.name: r for r in mocks.resources if r.typ == TASK_TYPE}


def after(task_set: TaskSet, check):
    return pulumi.Output.all(*[t.contact_id for t in task_set.tasks.values()]).apply(
        lambda _: check()
    )


@pulumi.runtime.test
def test_taskset_links_become_contact_ids_of_the_named_tasks(mocks, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {
            "a-close.yaml": "Name: Close\nPreviousTask: b-review\n",
            "b-review.yaml": "Name: Review\nPreviousTask: c-open\n",
            "c-open.yaml": "Name: Open\n",
            "d-notes.yaml": "Name: Notes\nRelatedTask: c-open\n",
        },
    )
    task_set = TaskSet("ops", directory=folder, instance_id="inst-1", contact_flow_id="flow-1")

    def check():
        tasks = tasks_of(mocks)
        assert tasks["ops-b-review"].inputs["previous_contact_id"] == "ops-c-open-contact"
        assert tasks["ops-a-close"].inputs["previous_contact_id"] == "ops-b-review-contact"
        assert tasks["ops-d-notes"].inputs["related_contact_id"] == "ops-c-open-contact"
        assert "previous_contact_id" not in tasks["ops-d-notes"].inputs
        assert not {"previous_contact_id", "related_contact_id"} & set(tasks["ops-c-open"].inputs)
        assert all(
            "PreviousTask" not in t.inputs and "previous_task" not in t.inputs
            for t in tasks.values()
        )
        # Declared in the order they can be created: a named task before the task naming it;
        # each registers once the contact_id it takes is known.
        assert list(task_set.tasks) == ["c-open", "b-review", "a-close", "d-notes"]
        registered = [r.name for r in mocks.resources if r.typ == TASK_TYPE]
        assert (
            registered.index("ops-c-open")
            < registered.index("ops-b-review")
            < registered.index("ops-a-close")
        )
        assert registered.index("ops-c-open") < registered.index("ops-d-notes")

    return after(task_set, check)


@pulumi.runtime.test
def test_taskset_a_files_own_link_wins_over_default_links(mocks, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {
            "a.yaml": "Name: A\n",
            "b.yaml": "Name: B\nRelatedTask: a\n",
            "c.yaml": "Name: C\nPreviousContactId: outside-1\n",
        },
    )
    task_set = TaskSet(
        "ops",
        directory=folder,
        instance_id="inst-1",
        contact_flow_id="flow-1",
        defaults={"related_contact_id": "case-7"},
    )

    def check():
        tasks = tasks_of(mocks)
        assert tasks["ops-a"].inputs["related_contact_id"] == "case-7"
        assert tasks["ops-b"].inputs["related_contact_id"] == "ops-a-contact"
        assert tasks["ops-c"].inputs["previous_contact_id"] == "outside-1"
        assert "related_contact_id" not in tasks["ops-c"].inputs

    return after(task_set, check)


def test_taskset_refuses_a_cycle_naming_every_file_before_declaring_anything(mocks, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {
            "a.yaml": "Name: Secret name A\nPreviousTask: c\n",
            "b.yaml": "Name: Secret name B\nPreviousTask: a\n",
            "c.yaml": "Name: Secret name C\nPreviousTask: b\n",
            "d.yaml": "Name: D\n",
        },
    )
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("ops", directory=folder, instance_id="inst-1", contact_flow_id="flow-1")
    a, b, c = (f"{folder}/{name}.yaml" for name in "abc")
    assert str(caught.value).splitlines() == [
        f"TaskSet 'ops' ({folder}): 1 problem in task definitions:",
        f"  {a}::$.PreviousTask: is part of a cycle of 3 files, so none of them can be started: "
        f"{a} waits for {c} (PreviousTask); {c} waits for {b} (PreviousTask); {b} waits for {a} (PreviousTask)",
    ]
    assert "Secret name" not in str(caught.value)
    assert mocks.resources == []


def test_taskset_refuses_missing_keys_double_links_and_long_chains_in_one_error(mocks, tmp_path):
    files = {"t01.yaml": "Name: T\n"}
    files.update({f"t{i:02d}.yaml": f"Name: T\nPreviousTask: t{i - 1:02d}\n" for i in range(2, 14)})
    files["x.yaml"] = "Name: X\nRelatedTask: t99\n"
    files["y.yaml"] = "Name: Y\nPreviousTask: t01\nRelatedContactId: outside-1\n"
    folder = write(tmp_path / "tasks", files)
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("ops", directory=folder, instance_id="inst-1", contact_flow_id="flow-1")
    chain = [f"{folder}/t{i:02d}.yaml" for i in range(1, 14)] + [f"{folder}/y.yaml"]
    assert [problem.line() for problem in caught.value.problems] == [
        f"{folder}/y.yaml::$.RelatedContactId: cannot be given beside PreviousTask: a task links to one other task "
        "(PreviousContactId and RelatedContactId are mutually exclusive)",
        f"{folder}/x.yaml::$.RelatedTask: names the key 't99', which no file of the folder has",
        f"{folder}/t01.yaml::$: starts a chain of 14 linked tasks ({', '.join(chain[:-1])} and {chain[-1]}); {CHAIN_RULE}",
    ]
    assert mocks.resources == []


def test_taskset_counts_a_default_previous_contact_in_the_chain(mocks, tmp_path):
    files = {"t01.yaml": "Name: T\n"}
    files.update({f"t{i:02d}.yaml": f"Name: T\nPreviousTask: t{i - 1:02d}\n" for i in range(2, 13)})
    folder = write(tmp_path / "tasks", files)
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet(
            "ops",
            directory=folder,
            instance_id="inst-1",
            contact_flow_id="flow-1",
            defaults={"previous_contact_id": "outside-1"},
        )
    assert [(p.file, p.path) for p in caught.value.problems] == [
        (f"{folder}/t01.yaml", "$.PreviousContactId")
    ]
    assert caught.value.problems[0].message.endswith(f"at least 13 linked tasks, and {CHAIN_RULE}")


def test_taskset_a_link_to_a_broken_file_is_not_a_missing_key(mocks, tmp_path):
    folder = write(
        tmp_path / "tasks",
        {"a.yaml": "Name: A\nPriority: high\n", "b.yaml": "Name: B\nPreviousTask: a\n"},
    )
    with pytest.raises(TaskDefinitionError) as caught:
        TaskSet("ops", directory=folder, instance_id="inst-1", contact_flow_id="flow-1")
    assert [problem.line() for problem in caught.value.problems] == [
        f"{folder}/a.yaml::$.Priority: is not a known member"
    ]
