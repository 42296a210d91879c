"""Where check_file and read_definition point: the member's key, the nearest member above a
missing one, or the syntax error; 1-based lines and columns counted in characters."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.files.definitions import (
    Position,
    UnreadableDefinition,
    check_file,
    read_definition,
)

URL_RULE = "must be an absolute http or https URL (Type URL)"
TARGET_RULE = "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required"
# The same definition in both formats, and where each violation is in each.
SAME_TASK_YAML = """\
# A comment before the first member
Name: Same task in both formats
Priority: high
References:
  wiki: {Type: URL, Value: "ftp://files.example.com/runbook"}
  empty:
    Value: no type
Attachments:
  - S3Url: "s3://bucket/key"
"""
SAME_TASK_JSON = """\
{
  "Name": "Same task in both formats",
  "Priority": "high",
  "References": {
    "wiki": {"Type": "URL", "Value": "ftp://files.example.com/runbook"},
    "empty": {
      "Value": "no type"
    }
  },
  "Attachments": [
    {"S3Url": "s3://bucket/key"}
  ]
}
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def located(
    tmp_path, now, name: str, text: str, **options
) -> list[tuple[str, str, tuple[int, int]]]:
    problems, readable = check_file(write(tmp_path, name, text), now=now, **options)
    assert readable
    return [(p.path, p.message, tuple(p.position)) for p in problems]


def unreadable(tmp_path, name: str, text: str) -> UnreadableDefinition:
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(write(tmp_path, name, text))
    return caught.value


# -- violations ------------------------------------------------------------------------------
def test_yaml_violations_point_at_the_member_or_its_nearest_parent(tmp_path, now):
    assert located(tmp_path, now, "t.yaml", SAME_TASK_YAML) == [
        ("$.Attachments[0].FileName", "is required", (9, 5)),  # missing: the list item
        ("$.Priority", "is not a known member", (3, 1)),
        ("$.References.empty.Type", "is required", (6, 3)),  # missing: the reference's key
        ("$.References.wiki.Value", URL_RULE, (5, 21)),  # inside a flow mapping
    ]


def test_json_violations_point_at_the_member_or_its_nearest_parent(tmp_path, now):
    assert located(tmp_path, now, "t.json", SAME_TASK_JSON) == [
        ("$.Attachments[0].FileName", "is required", (11, 5)),
        ("$.Priority", "is not a known member", (3, 3)),
        ("$.References.empty.Type", "is required", (6, 5)),
        ("$.References.wiki.Value", URL_RULE, (5, 29)),
    ]


def test_a_missing_top_level_member_points_at_the_document(tmp_path, now):
    text = "# comments first\n\nDescription: d\n"
    assert located(tmp_path, now, "t.yaml", text) == [("$.Name", "is required", (3, 1))]
    assert located(tmp_path, now, "t.json", '\n  {"Description": "d"}') == [
        ("$.Name", "is required", (2, 3))
    ]


def test_a_member_only_a_taskset_would_supply_points_at_the_document(tmp_path, now):
    assert located(tmp_path, now, "t.yaml", "Name: n\n", supplied={}) == [
        ("$.ContactFlowId", f"{TARGET_RULE} (found 0)", (1, 1)),
        ("$.InstanceId", "is required", (1, 1)),
    ]


def test_an_empty_yaml_file_points_at_its_start(tmp_path, now):
    assert located(tmp_path, now, "t.yaml", "# nothing\n") == [("$", "must be an object", (1, 1))]


def test_columns_count_characters_not_bytes(tmp_path, now):
    assert located(tmp_path, now, "t.json", '{"Name": "Caf\u00e9 \u2615", "Priority": 1}') == [
        ("$.Priority", "is not a known member", (1, 20)),
    ]
    assert located(tmp_path, now, "t.yaml", "{Name: Caf\u00e9 \u2615, Priority: 1}") == [
        ("$.Priority", "is not a known member", (1, 16)),
    ]


def test_windows_line_endings_count_one_line_each(tmp_path, now):
    text = "Name: n\r\nPriority: 1\r\n"
    assert located(tmp_path, now, "t.yaml", text) == [
        ("$.Priority", "is not a known member", (2, 1))
    ]
    text = '{\r\n  "Name": "n",\r\n  "Priority": 1\r\n}\r\n'
    assert located(tmp_path, now, "t.json", text) == [
        ("$.Priority", "is not a known member", (3, 3))
    ]


def test_a_byte_order_mark_is_not_a_column(tmp_path, now):
    path = tmp_path / "t.json"
    path.write_bytes(b'\xef\xbb\xbf{"Name": "n", "Priority": 1}')
    [problem], _ = check_file(path, now=now)
    assert problem.position == Position(1, 15)


def test_merged_members_point_at_the_anchor_and_an_alias_at_its_member(tmp_path, now):
    text = (
        "Name: n\n"
        "References:\n"
        '  first: &link {Type: URL, Value: "ftp://files.example.com"}\n'
        "  merged:\n"
        "    <<: *link\n"
        "    Type: URL\n"
        "  again: *link\n"
    )
    assert located(tmp_path, now, "t.yaml", text) == [
        ("$.References.again.Value", URL_RULE, (7, 3)),  # the node is walked once, at its anchor
        ("$.References.first.Value", URL_RULE, (3, 28)),
        ("$.References.merged.Value", URL_RULE, (3, 28)),  # the member merged from the anchor
    ]


def test_a_key_with_punctuation_is_located(tmp_path, now):
    text = 'Name: n\nAttributes:\n  "ticket id": T-1\n  ok: fine\n'
    assert located(tmp_path, now, "t.yaml", text) == [
        ("$.Attributes['ticket id']", "key may contain only letters, digits, '-' and '_'", (3, 3)),
    ]


# -- files that cannot be parsed ---------------------------------------------------------------
def test_unclosed_quote_names_where_it_opened(tmp_path):
    error = unreadable(
        tmp_path, "t.yaml", 'Name: n\nDescription: "Call Ms Example\nfoo: bar\nbaz: 1\n'
    )
    assert str(error) == (
        "is not valid YAML: found unexpected end of stream (line 5, column 1), "
        "while scanning a quoted scalar that started at line 2, column 14"
    )
    assert error.position == Position(2, 14)  # the end of the file has no line to annotate
    assert "Ms Example" not in str(error)


def test_unclosed_flow_mapping_names_where_it_opened(tmp_path):
    error = unreadable(tmp_path, "t.yaml", "Name: n\nReferences: {wiki: {Type: URL}\n")
    assert str(error) == (
        "is not valid YAML: expected ',' or '}', but got '<stream end>' (line 3, column 1), "
        "while parsing a flow mapping that started at line 2, column 13"
    )
    assert error.position == Position(2, 13)


def test_a_bad_indent_points_at_itself_and_names_the_mapping(tmp_path):
    error = unreadable(tmp_path, "t.yaml", "Name: n\nReferences:\n  x: 1\n y: 2\n")
    assert str(error) == (
        "is not valid YAML: expected <block end>, but found '<block mapping start>' (line 4, column 2), "
        "while parsing a block mapping that started at line 1, column 1"
    )
    assert error.position == Position(4, 2)


def test_a_duplicate_anchor_names_both_occurrences(tmp_path):
    error = unreadable(tmp_path, "t.yaml", "a: &x 1\nb: &x 2\n")
    assert str(error) == (
        "is not valid YAML: second occurrence (line 2, column 4), "
        "found duplicate anchor; first occurrence (line 1, column 4)"
    )
    assert error.position == Position(2, 4)


def test_a_context_at_the_same_place_is_not_repeated(tmp_path):
    error = unreadable(tmp_path, "t.yaml", "Name: Unclosed [bracket\nReferences: [\n")
    assert (
        str(error)
        == "is not valid YAML: expected the node content, but found '<stream end>' (line 3, column 1)"
    )
    assert error.position == Position(3, 1)


def test_yaml_duplicate_key_has_its_position(tmp_path):
    error = unreadable(tmp_path, "t.yaml", "Name: first\nAttributes:\n  env: a\n  env: b\n")
    assert str(error) == "is not valid YAML: the key 'env' appears twice (line 4, column 3)"
    assert error.position == Position(4, 3)


def test_json_duplicate_key_is_the_first_in_text_order_with_its_position(tmp_path):
    # json.loads meets the inner object's duplicate first (it closes first); the file's
    # reader names the one a person reading from the top meets first.
    text = '{"Name": "a", "Attributes": {"k": "1"}, "Name": "b", "Description": {"k": 1, "k": 2}}'
    error = unreadable(tmp_path, "t.json", text)
    assert str(error) == "is not valid JSON: the key 'Name' appears twice (line 1, column 41)"
    assert error.position == Position(1, 41)


def test_json_duplicate_key_before_a_syntax_error(tmp_path):
    error = unreadable(tmp_path, "t.json", '{"a": {"k": 1, "k": 2}, "b": }')
    assert str(error) == "is not valid JSON: the key 'k' appears twice (line 1, column 16)"
    assert error.position == Position(1, 16)


def test_json_syntax_error_has_its_position(tmp_path):
    error = unreadable(tmp_path, "t.json", '{"Name": "n",\n "Description": "open')
    assert (str(error), error.position) == (
        "is not valid JSON: Unterminated string starting at (line 2, column 17)",
        Position(2, 17),
    )


def test_not_utf8_has_the_position_of_the_bad_byte(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes(b"Name: n\nDescription: caf\xe9\n")
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(path)
    assert (str(caught.value), caught.value.position) == (
        "is not UTF-8 text (byte 25)",
        Position(2, 17),
    )


def test_a_file_that_cannot_be_read_has_no_position(tmp_path, now):
    problems, readable = check_file(tmp_path / "none.yaml", now=now)
    assert readable is False
    assert [(p.message, p.position) for p in problems] == [
        ("cannot be read: No such file or directory", None)
    ]
