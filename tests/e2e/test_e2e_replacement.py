"""Replacements never stop the task they got back (issue 17, part 1).

A definition and its revert give one ClientToken; with in-place updates in between, AWS
answers the revert's create with the old task. Each scenario runs through the real
provider server in the order the engine uses (the diff asks to delete first), and ends
with the same check: exactly one live task in the instance, the one the state names.
"""

import pytest

from localengine.server import ProviderError
from tests.e2e.e2e_support import Stack, contacts, emulator_post, start_provider_server

pytestmark = pytest.mark.slow


def base(instance, **extra):
    """A scheduled task without references, segment attributes or template."""
    return {
        "instance_id": instance["id"],
        "contact_flow_id": instance["flows"][0],
        "name": "Verify queue routing",
        "description": "Place a test task in every queue",
        "attributes": {"environment": "staging"},
        "scheduled_time": "PT2H",
        "idempotency_key": f"e2e/dev/{instance['id']}",
        **extra,
    }


REFERENCES = {"runbook": {"type": "URL", "value": "https://wiki.example.com/r"}}
SEGMENTS = {"team": {"value_string": "platform"}}


def running(url, instance):
    return [
        c["id"]
        for c in contacts(url)
        if c["instance_id"] == instance["id"] and c["state"] != "ended"
    ]


def assert_one_live_task_the_state_names(emulator, instance, stack):
    assert running(emulator.url, instance) == [stack.id]
    assert stack.refresh() == stack.id
    assert stack.outputs["state"] == "SCHEDULED"


# In-place changes whose revert needs a new task: UpdateContact cannot remove a reference
# or a segment attribute.
IN_PLACE = {
    "references": dict(references=REFERENCES),
    "references and attributes": dict(
        references=REFERENCES, attributes={"environment": "production"}
    ),
    "references and description": dict(references=REFERENCES, description="Changed in review"),
    "segment attribute and name": dict(segment_attributes=SEGMENTS, name="Verify routing again"),
}


@pytest.mark.parametrize("change", IN_PLACE.values(), ids=IN_PLACE.keys())
def test_a_revert_after_an_in_place_update_starts_a_new_task(server, emulator, instance, change):
    stack = Stack(server)
    assert stack.up(base(instance)) == "create"
    first = stack.id
    assert stack.up(base(instance, **change)) == "update"
    assert stack.id == first
    assert stack.up(base(instance)) == "replace"
    assert stack.id != first
    assert_one_live_task_the_state_names(emulator, instance, stack)
    assert stack.up(base(instance)) == "same"


def test_the_issues_reproduction_ends_with_one_live_task(server, emulator, instance):
    stack = Stack(server)
    stack.up(base(instance))
    stack.up(base(instance, references=REFERENCES))
    stack.up(base(instance))
    assert_one_live_task_the_state_names(emulator, instance, stack)


def test_removing_an_added_scheduled_time_starts_a_new_task(server, emulator, instance):
    stack = Stack(server)
    unscheduled = {k: v for k, v in base(instance).items() if k != "scheduled_time"}
    stack.up(unscheduled)
    first = stack.id
    assert stack.up(base(instance)) == "replace"  # a queued task cannot be scheduled
    assert stack.up(base(instance, references=REFERENCES)) == "update"
    assert stack.up(unscheduled) == "replace"
    assert stack.id != first
    assert running(emulator.url, instance) == [stack.id]
    assert stack.refresh() == stack.id


def test_a_flow_change_and_back_starts_a_new_task_each_time(server, emulator, instance):
    stack = Stack(server)
    stack.up(base(instance))
    seen = [stack.id]
    for flow in (1, 0, 1):
        assert stack.up(base(instance, contact_flow_id=instance["flows"][flow])) == "replace"
        seen.append(stack.id)
        assert running(emulator.url, instance) == [stack.id]
    assert len(set(seen)) == 4


def test_a_b_a_b_with_updates_in_between(server, emulator, instance):
    a, b = base(instance), base(instance, references=REFERENCES, description="B")
    stack = Stack(server)
    assert [stack.up(a), stack.up(b), stack.up(a), stack.up(b), stack.up(a)] == [
        "create",
        "update",
        "replace",
        "update",
        "replace",
    ]
    assert_one_live_task_the_state_names(emulator, instance, stack)


def test_the_diff_asks_the_engine_to_stop_the_old_task_first(server, instance):
    stack = Stack(server)
    stack.up(base(instance, references=REFERENCES))
    diff = server.diff(stack.id, stack.outputs, stack._check(stack.inputs, base(instance)))
    assert diff.replaces == ["references"]
    assert diff.delete_before_replace is True
    moved = server.diff(
        stack.id,
        stack.outputs,
        stack._check(stack.inputs, base(instance, references=REFERENCES, description="in place")),
    )
    assert (moved.replaces, moved.delete_before_replace) == ([], False)


def test_with_stop_on_delete_false_the_old_task_keeps_running_beside_a_new_one(
    server, emulator, instance
):
    stack = Stack(server)
    stack.up(base(instance, stop_on_delete=False))
    first = stack.id
    stack.up(base(instance, stop_on_delete=False, references=REFERENCES))
    assert stack.up(base(instance, stop_on_delete=False)) == "replace"
    assert stack.id != first
    assert sorted(running(emulator.url, instance)) == sorted([first, stack.id])


def test_a_forced_replacement_creating_first_stops_only_the_old_task(server, emulator, instance):
    # `pulumi up --replace`: the diff finds no change, so the engine creates before it deletes.
    stack = Stack(server)
    stack.up(base(instance))
    first = stack.id
    assert stack.up(base(instance), force_replace=True) == "replace"
    assert stack.id != first
    assert_one_live_task_the_state_names(emulator, instance, stack)


def test_a_replacement_interrupted_after_its_create_is_finished_by_the_next_run(
    emulator, instance, tmp_path
):
    for program in ("first", "second"):
        (tmp_path / program).mkdir()
    # The engine dies after Create returned and before it recorded the new task: the
    # state still holds the old one. The next run (a new provider process) replaces it
    # again and gets the task the first attempt started, not a third one.
    with start_provider_server(tmp_path / "first", emulator.url) as first_server:
        stack = Stack(first_server)
        stack.up(base(instance))
        stack.up(base(instance, references=REFERENCES))
        old_id, old_inputs, old_outputs = stack.id, stack.inputs, stack.outputs
        diff = first_server.diff(old_id, old_outputs, stack._check(old_inputs, base(instance)))
        assert diff.delete_before_replace
        first_server.delete(old_id, old_outputs)
        started, _ = first_server.create(stack._check({}, base(instance)))
    with start_provider_server(tmp_path / "second", emulator.url) as second_server:
        again = Stack(second_server)
        again.id, again.inputs, again.outputs = old_id, old_inputs, old_outputs
        assert again.up(base(instance)) == "replace"
        assert again.id == started
    assert running(emulator.url, instance) == [started]


def test_a_replacement_that_keeps_its_client_token_is_refused_at_preview(
    server, emulator, instance
):
    stack = Stack(server)
    stack.up(base(instance, client_token="review-2026-12"))
    before = running(emulator.url, instance)
    with pytest.raises(ProviderError) as caught:
        stack.up(
            base(instance, client_token="review-2026-12", contact_flow_id=instance["flows"][1])
        )
    assert (
        "client_token is unchanged and AWS answers it with the current task" in caught.value.message
    )
    assert running(emulator.url, instance) == before == [stack.id]


def test_a_failed_replacement_create_says_the_old_task_was_stopped(server, emulator, instance):
    stack = Stack(server)
    stack.up(base(instance, references=REFERENCES))
    old_id = stack.id
    emulator_post(
        emulator.url,
        "/_emulator/faults",
        {
            "operation": "StartTaskContact",
            "kind": "error",
            "calls": [1],
            "code": "InvalidParameterException",
        },
    )
    try:
        with pytest.raises(ProviderError) as caught:
            stack.up(base(instance))
    finally:
        emulator_post(emulator.url, "/_emulator/faults", [])
    assert (
        f"The task {old_id} it replaces was stopped first (delete before replace)"
        in caught.value.message
    )
    assert running(emulator.url, instance) == []


def test_destroy_then_up_still_walks_past_the_ended_tasks(server, emulator, instance):
    stack = Stack(server)
    ids = []
    for _ in range(3):
        stack.up(base(instance))
        ids.append(stack.id)
        stack.destroy()
    assert len(set(ids)) == 3
    assert running(emulator.url, instance) == []
