"""read_definition: YAML read as JSON would be, and parse errors that show no content."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.files.definitions import (
    Position,
    Problem,
    UnreadableDefinition,
    check_file,
    definition_files,
    read_definition,
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_yaml_keeps_timestamps_and_dates_as_strings(tmp_path):
    path = write(
        tmp_path,
        "t.yaml",
        "ScheduledTime: 2026-11-26T08:00:00Z\nReferences:\n  due: {Type: DATE, Value: 2026-12-24}\n",
    )
    assert read_definition(path) == {
        "ScheduledTime": "2026-11-26T08:00:00Z",
        "References": {"due": {"Type": "DATE", "Value": "2026-12-24"}},
    }


def test_read_yaml_keeps_numbers_and_booleans(tmp_path):
    path = write(
        tmp_path,
        "t.yml",
        "SegmentAttributes:\n  connect:ContactExpiry: {ValueInteger: 120}\nflag: true\n",
    )
    assert read_definition(path) == {
        "SegmentAttributes": {"connect:ContactExpiry": {"ValueInteger": 120}},
        "flag": True,
    }


def test_read_json_with_byte_order_mark(tmp_path):
    path = tmp_path / "t.json"
    path.write_bytes(b'\xef\xbb\xbf{"Name": "n"}')
    assert read_definition(path) == {"Name": "n"}


def test_read_empty_yaml_is_none(tmp_path):
    assert read_definition(write(tmp_path, "t.yaml", "# nothing\n")) is None


def test_read_yaml_duplicate_key_is_an_error(tmp_path):
    path = write(tmp_path, "t.yaml", "Name: first\nAttributes:\n  env: a\n  env: b\n")
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(path)
    assert str(caught.value) == "is not valid YAML: the key 'env' appears twice (line 4, column 3)"


def test_read_yaml_merge_key_is_not_a_duplicate(tmp_path):
    path = write(
        tmp_path,
        "t.yaml",
        "base: &base {Type: URL}\nReferences:\n  wiki:\n    <<: *base\n    Value: https://x.example\n",
    )
    assert read_definition(path)["References"] == {
        "wiki": {"Type": "URL", "Value": "https://x.example"}
    }


def test_read_yaml_unhashable_key_is_an_error(tmp_path):
    path = write(tmp_path, "t.yaml", "? [a, b]\n: c\n")
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(path)
    assert (
        str(caught.value)
        == "is not valid YAML: found a key that is not a string (quote it) (line 1, column 3)"
    )


def test_read_yaml_two_documents_is_an_error(tmp_path):
    path = write(tmp_path, "t.yaml", "Name: one\n---\nName: two\n")
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(path)
    assert str(caught.value) == (
        "is not valid YAML: expected a single document in the stream, but found another document (line 2, column 1)"
    )


def test_read_yaml_unsafe_tag_is_an_error(tmp_path):
    path = write(tmp_path, "t.yaml", "Name: !!python/object:os.system ls\n")
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(path)
    assert str(caught.value) == (
        "is not valid YAML: found a tag definition files do not take (only strings, numbers, true, false, "
        "null, lists and mappings) (line 1, column 7)"
    )


def test_read_json_error_gives_position_only(tmp_path):
    path = write(tmp_path, "t.json", '{"Name": "Call Ms Example",\n "Description": }\n')
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(path)
    assert str(caught.value) == "is not valid JSON: Expecting value (line 2, column 17)"


def test_read_missing_file(tmp_path):
    with pytest.raises(UnreadableDefinition) as caught:
        read_definition(tmp_path / "none.yaml")
    assert str(caught.value) == "cannot be read: No such file or directory"


def test_check_file_reports_violations_as_problems(tmp_path, now):
    path = write(tmp_path, "t.yaml", "Description: d\n")
    assert check_file(path, now=now, name="tasks/t.yaml") == (
        [Problem("tasks/t.yaml", "$.Name", "is required", Position(1, 1))],
        True,
    )


def test_check_file_reports_an_unparsable_file(tmp_path, now):
    path = write(tmp_path, "t.json", "{")
    problems, readable = check_file(path, now=now)
    assert readable is False
    assert problems == [
        Problem(
            str(path),
            None,
            "is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)",
            Position(1, 2),
        )
    ]
    assert (
        problems[0].line()
        == f"{path}: is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"
    )


def test_problem_line_and_dict():
    problem = Problem(
        "tasks/a.yaml",
        "$.References.wiki.Value",
        "must be an absolute http or https URL (Type URL)",
    )
    assert (
        problem.line()
        == "tasks/a.yaml::$.References.wiki.Value: must be an absolute http or https URL (Type URL)"
    )
    assert problem.as_dict() == {
        "file": "tasks/a.yaml",
        "path": "$.References.wiki.Value",
        "message": "must be an absolute http or https URL (Type URL)",
    }


def test_problem_dict_with_a_position_has_line_and_column():
    problem = Problem("tasks/a.yaml", "$.Name", "is required", Position(3, 7))
    assert problem.line() == "tasks/a.yaml::$.Name: is required"
    assert problem.as_dict() == {
        "file": "tasks/a.yaml",
        "path": "$.Name",
        "message": "is required",
        "line": 3,
        "column": 7,
    }


def test_definition_files_in_a_folder_and_below(tmp_path):
    for name in (
        "b.yaml",
        "a.json",
        "c.yml",
        "d.txt",
        "sub/e.yaml",
        ".hidden/f.yaml",
        ".g.yaml",
        "h.YAML",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Name: n\n")
    (tmp_path / "folder.yaml").mkdir()
    assert [
        p.relative_to(tmp_path).as_posix() for p in definition_files(tmp_path, recursive=False)
    ] == [
        "a.json",
        "b.yaml",
        "c.yml",
        "h.YAML",
    ]
    assert [
        p.relative_to(tmp_path).as_posix() for p in definition_files(tmp_path, recursive=True)
    ] == [
        "a.json",
        "b.yaml",
        "c.yml",
        "h.YAML",
        "sub/e.yaml",
    ]
