"""The bounds of reading a definition (files/reading.py): what each refuses, and messages that
never quote the file (an alias, anchor or tag name, a character)."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.files.definitions import Position, UnreadableDefinition, read_definition
from pulumi_connect_tasks.files.reading import MAX_ALIASED_VALUES, MAX_DEPTH, MAX_FILE_BYTES

LIMIT = "the limit for a definition file"


def unreadable(tmp_path, name: str, text: str) -> UnreadableDefinition:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(path)
    return caught.value


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "Name: *secretalias\n",
            "is not valid YAML: found an alias with no anchor before it (line 1, column 7)",
        ),
        (
            "a: &secretanchor 1\nb: &secretanchor 2\n",
            "is not valid YAML: second occurrence (line 2, column 4), found duplicate anchor; first occurrence (line 1, column 4)",
        ),
        (
            "Name: !secrettag x\n",
            "is not valid YAML: found a tag definition files do not take (only strings, numbers, true, false, null, "
            "lists and mappings) (line 1, column 7)",
        ),
        (
            "Name: !!int secretvalue\n",
            "is not valid YAML: found a value its tag does not allow (line 1, column 7)",
        ),
        (
            "Name: !!bool secretvalue\n",
            "is not valid YAML: found a value its tag does not allow (line 1, column 7)",
        ),
        (
            'Name: "secret\\q"\n',
            "is not valid YAML: found unknown escape character (line 1, column 15), "
            "while scanning a double-quoted scalar that started at line 1, column 7",
        ),
        (
            "Name: @secret\n",
            "is not valid YAML: found character that cannot start any token (line 1, column 7)",
        ),
        ("Name: a\x07b\n", "is not valid YAML: a character YAML does not allow (line 1, column 8)"),
    ],
)
def test_yaml_errors_quote_nothing_of_the_file(tmp_path, text, message):
    error = unreadable(tmp_path, "t.yaml", text)
    assert str(error) == message
    assert "secret" not in str(error)


def test_yaml_timestamps_binary_and_sets_are_not_json_types(tmp_path):
    for tagged in ("!!timestamp 2026-13-45", "!!binary aGVsbG8=", "!!set {a}", "!!omap [a: 1]"):
        error = unreadable(tmp_path, "t.yaml", f"Name: {tagged}\n")
        assert str(error).startswith(
            "is not valid YAML: found a tag definition files do not take"
        ), tagged


def test_yaml_keys_that_are_not_strings_are_refused_as_such(tmp_path):
    # 1 and true are different YAML keys, which Python calls equal: not "appears twice".
    error = unreadable(tmp_path, "t.yaml", "Name: n\nAttributes: {1: a, true: b}\n")
    assert (
        str(error)
        == "is not valid YAML: found a key that is not a string (quote it) (line 2, column 14)"
    )
    error = unreadable(tmp_path, "t.yaml", "Name: n\nAttributes: {x: a, true: b}\n")
    assert error.position == Position(2, 20)
    assert read_definition(_write(tmp_path, "q.yaml", "Attributes: {'1': a, 'true': b}\n")) == {
        "Attributes": {"1": "a", "true": "b"}
    }


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_aliases_within_the_budget_are_read(tmp_path):
    text = "base: &base {a: 1, b: 2}\nmerged:\n  <<: *base\n  c: 3\nagain: *base\n"
    assert read_definition(_write(tmp_path, "t.yaml", text)) == {
        "base": {"a": 1, "b": 2},
        "merged": {"a": 1, "b": 2, "c": 3},
        "again": {"a": 1, "b": 2},
    }


def test_yaml_aliases_past_the_budget_are_refused_where_they_pass_it(tmp_path):
    items = ", ".join(["x"] * 99)
    text = f"a: &a [{items}]\nb: [{', '.join(['*a'] * (MAX_ALIASED_VALUES // 100))}]\nc: *a\n"
    error = unreadable(tmp_path, "t.yaml", text)
    assert str(error) == f"has aliases that add more than 10,000 values, {LIMIT} (line 3, column 4)"


def test_yaml_alias_into_its_own_node_is_a_cycle(tmp_path):
    error = unreadable(tmp_path, "t.yaml", "a: &a [1, *a]\n")
    assert (
        str(error)
        == "is not valid YAML: found an alias inside the node its anchor names (a cycle) (line 1, column 11)"
    )


@pytest.mark.parametrize(
    "name, opening, closing", [("t.yaml", "[", "]"), ("t.json", "[", "]"), ("t.yaml", "{a: ", "}")]
)
def test_nesting_to_the_limit_is_read_and_past_it_refused(tmp_path, name, opening, closing):
    def document(levels: int) -> str:  # the document is one level, the value the rest
        return '{"v": ' + opening * (levels - 1) + closing * (levels - 1) + "}"

    if opening == "{a: ":
        assert read_definition(_write(tmp_path, name, document(MAX_DEPTH))) is not None
    else:
        assert read_definition(_write(tmp_path, name, document(MAX_DEPTH))) == {
            "v": _nested(MAX_DEPTH - 1)
        }
    error = unreadable(tmp_path, name, document(MAX_DEPTH + 1))
    assert str(error).startswith(f"nests deeper than 64 levels, {LIMIT} (line 1, column ")


@pytest.mark.parametrize("name", ["t.yaml", "t.json"])
def test_depth_counts_open_brackets_not_all_brackets(tmp_path, name):
    # Many siblings, each one level deep: more brackets than MAX_DEPTH, never that deep.
    siblings = ", ".join(["[[]]"] * (MAX_DEPTH * 2))
    assert read_definition(_write(tmp_path, name, '{"v": [' + siblings + "]}")) == {
        "v": [[[]]] * (MAX_DEPTH * 2)
    }


def _nested(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_json_brackets_inside_strings_do_not_count(tmp_path):
    text = '{"Name": "' + "[" * 200 + '", "Description": "\\"[[[["}'
    assert read_definition(_write(tmp_path, "t.json", text))["Name"] == "[" * 200


def test_numbers_to_the_limit_are_read_and_past_it_refused(tmp_path):
    assert read_definition(_write(tmp_path, "t.json", '{"n": ' + "9" * 4300 + "}"))["n"] == int(
        "9" * 4300
    )
    assert read_definition(_write(tmp_path, "t.yaml", "n: " + "9" * 4300 + "\n"))["n"] == int(
        "9" * 4300
    )
    for name, text in (
        ("t.json", '{"n": ' + "9" * 4301 + "}"),
        ("t.yaml", "n: " + "9" * 4301 + "\n"),
        ("t.yaml", "n: 0x" + "f" * 4000 + "\n"),
    ):
        error = unreadable(tmp_path, name, text)
        assert str(error).startswith(
            f"has a number of more than 4,300 digits, {LIMIT} (line 1, column "
        ), name


def test_a_file_of_the_size_limit_is_read_and_one_byte_more_refused(tmp_path):
    text = "Name: n\n"
    assert read_definition(
        _write(tmp_path, "t.yaml", text + "#" * (MAX_FILE_BYTES - len(text)))
    ) == {"Name": "n"}
    error = unreadable(tmp_path, "t.yaml", text + "#" * (MAX_FILE_BYTES - len(text) + 1))
    assert str(error) == f"is larger than 1 MiB (1,048,576 bytes), {LIMIT}"
    assert error.position is None


def test_a_folder_named_like_a_definition_is_not_a_regular_file(tmp_path):
    (tmp_path / "x.yaml").mkdir()
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(tmp_path / "x.yaml")
    assert str(caught.value) == "cannot be read: a folder, not a regular file"
