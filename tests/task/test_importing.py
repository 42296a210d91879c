"""An imported task's state completed for diff (task/importing.py), without AWS."""

from pulumi_connect_tasks.task.importing import IMPORTED_KEY, as_imported

IMPORTED = {
    IMPORTED_KEY: True,
    "instance_id": "i-1",
    "name": "n",
    "attributes": {"cadence": "weekly", "routedBy": "flow"},
    "segment_attributes": {"connect:ContactExpiry": {"value_map": {}}},
    "aws_region": "us-east-1",
}


def test_a_state_that_was_not_imported_is_left_as_it_is():
    olds = {**IMPORTED, IMPORTED_KEY: False}
    assert as_imported(olds, {"contact_flow_id": "f"}, {}) is olds


def test_what_cannot_be_read_comes_from_the_state_inputs_else_from_the_program():
    news = {"contact_flow_id": "f-new", "stop_on_delete": False}
    assert as_imported(IMPORTED, news, {})["contact_flow_id"] == "f-new"
    assert as_imported(IMPORTED, news, {"contact_flow_id": "f-old"})["contact_flow_id"] == "f-old"
    assert as_imported(IMPORTED, news, {})["stop_on_delete"] is False


def test_the_region_is_taken_only_where_the_task_already_is():
    assert as_imported(IMPORTED, {"region": "us-east-1"}, {})["region"] == "us-east-1"
    assert as_imported(IMPORTED, {"region": "eu-west-1"}, {}).get("region") is None
    assert as_imported({**IMPORTED, "aws_region": None}, {}, {}).get("region") is None


def test_only_the_map_keys_the_program_gives_count():
    completed = as_imported(IMPORTED, {"attributes": {"cadence": "monthly"}}, {})
    assert completed["attributes"] == {"cadence": "weekly"}
    assert completed["segment_attributes"] is None
    assert IMPORTED["attributes"] == {"cadence": "weekly", "routedBy": "flow"}  # not changed
