"""A member the schema does not know names the known member it is nearest, at any depth."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.task.validation import (
    UNKNOWN_MEMBER,
    unknown_member_message,
    validate_start_task_contact,
)

SEGMENT_VALUES = ["ValueString", "ValueInteger", "ValueList", "ValueArn", "ValueMap"]


def found(request, now) -> list[tuple[str, str]]:
    return [(v.json_path(), v.message) for v in validate_start_task_contact(request, now=now)]


def test_a_misspelt_member_at_the_top(make_request, now):
    assert found(make_request(Descripton="d"), now) == [
        ("$.Descripton", "is not a known member; did you mean Description?"),
    ]


def test_a_misspelt_member_of_a_reference(make_request, now):
    request = make_request(References={"wiki": {"Typ": "URL", "Value": "https://wiki.example.com"}})
    assert found(request, now) == [
        ("$.References.wiki.Typ", "is not a known member; did you mean Type?"),
        ("$.References.wiki.Type", "is required"),
    ]


def test_a_misspelt_member_of_a_segment_attribute_value_at_any_depth(make_request, now):
    request = make_request(
        SegmentAttributes={
            "team": {"ValueStr": "ops"},
            "limits": {"ValueMap": {"minutes": {"ValueInt": 5}}},
        }
    )
    assert found(request, now) == [
        (
            "$.SegmentAttributes.limits.ValueMap.minutes.ValueInt",
            "is not a known member; did you mean ValueInteger?",
        ),
        ("$.SegmentAttributes.team.ValueStr", "is not a known member; did you mean ValueString?"),
    ]


@pytest.mark.parametrize(
    ("member", "known", "suggestion"),
    [
        ("Descripton", ["Name", "Description"], "Description"),  # a letter left out
        ("NAME", ["Name", "Description"], "Name"),  # case does not count
        ("Refrences", ["References", "RelatedContactId"], "References"),
        ("Desc", ["Name", "Description"], "Description"),  # the only name it begins
        ("Priority", ["Name", "Description"], None),  # nothing near
        ("Value", SEGMENT_VALUES, None),  # it begins them all: no guess
        ("ValueFloat", SEGMENT_VALUES, None),  # about as near ValueList as anything
        ("Va", ["Value"], None),  # too short to be read as a beginning
        (7, ["Name"], None),  # a YAML key that is not a string
    ],
)
def test_suggestions_only_when_close_and_clear(member, known, suggestion):
    expected = (
        UNKNOWN_MEMBER if suggestion is None else f"{UNKNOWN_MEMBER}; did you mean {suggestion}?"
    )
    assert unknown_member_message(member, known) == expected


def test_no_suggestion_without_known_members():
    assert unknown_member_message("Name", []) == UNKNOWN_MEMBER
