"""``connect-tasks validate`` over folders of valid, invalid and unparsable definitions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_connect_tasks.files.cli import main

KEY_FORM = "1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"
ENUM = "URL, NUMBER, STRING, DATE, EMAIL (the reference types a task can have when it is created)"
DATE_FORM = (
    "must be epoch seconds or milliseconds, or an RFC 3339 timestamp from 1970 on (Type DATE)"
)
INVALID = "tests/cli/invalid/"
TARGET_RULE = "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required"
# (file, path, message, line, column) of every violation in tests/cli/invalid, in output
# order. Line and column are those of the member's key; of the nearest member above it
# when it is missing ($.References.empty.Type, $.Name of "no name.yaml").
INVALID_VIOLATIONS = [
    ("bad-key.yaml", "$.Key", f"must be {KEY_FORM}", 1, 1),
    ("bad-references.yaml", "$.References.agents.Value", "must be a number (Type NUMBER)", 5, 26),
    ("bad-references.yaml", "$.References.due.Value", DATE_FORM, 6, 21),
    ("bad-references.yaml", "$.References.empty.Type", "is required", 8, 3),
    (
        "bad-references.yaml",
        "$.References.owner.Value",
        "must be an e-mail address (Type EMAIL)",
        4,
        24,
    ),
    ("bad-references.yaml", "$.References.phone.Type", f"must be one of: {ENUM}", 7, 11),
    (
        "bad-references.yaml",
        "$.References.wiki.Value",
        "must be an absolute http or https URL (Type URL)",
        3,
        21,
    ),
    (
        "cross-member-rules.yaml",
        "$.QuickConnectId",
        f"{TARGET_RULE} (found 2: ContactFlowId, QuickConnectId)",
        3,
        1,
    ),
    (
        "cross-member-rules.yaml",
        "$.RelatedContactId",
        "PreviousContactId and RelatedContactId are mutually exclusive",
        5,
        1,
    ),
    # The rules botocore states in its documentation text (connect_tasks_audit/).
    ("documented-rules.yaml", "$.References.due.Value", DATE_FORM, 7, 21),
    ("documented-rules.yaml", "$.References.evidence.Type", f"must be one of: {ENUM}", 6, 14),
    (
        "documented-rules.yaml",
        "$.SegmentAttributes['connect:ContactExpiry']",
        "must be a ValueMap whose ExpiryDuration has a ValueInteger (minutes)",
        9,
        3,
    ),
    (
        "documented-rules.yaml",
        "$.SegmentAttributes['connect:CreatedByUser'].ValueArn",
        "must be an ARN (arn:partition:service:region:account:resource)",
        10,
        27,
    ),
    (
        "documented-rules.yaml",
        "$.SegmentAttributes.owner.ValueArn",
        "is only supported for system-defined attributes (keys connect:<name>)",
        11,
        11,
    ),
    (
        "documented-rules.yaml",
        "$.SegmentAttributes['team.name']",
        "key may contain only letters, digits, '-' and '_', or be a system-defined key connect:<name>",
        12,
        3,
    ),
    (
        "documented-rules.yaml",
        "$.TaskTemplateId",
        f"{TARGET_RULE} (found 2: ContactFlowId, TaskTemplateId)",
        3,
        1,
    ),
    ("misspelt.yaml", "$.Descripton", "is not a known member; did you mean Description?", 3, 1),
    (
        "misspelt.yaml",
        "$.References.runbook.Valu",
        "is not a known member; did you mean Value?",
        5,
        24,
    ),
    (
        "misspelt.yaml",
        "$.SegmentAttributes.team.ValueStr",
        "is not a known member; did you mean ValueString?",
        7,
        10,
    ),
    ("no name.yaml", "$.Key", f"is required: the file name is not a valid key ({KEY_FORM})", 1, 1),
    ("no name.yaml", "$.Name", "is required", 1, 1),
    ("not-a-mapping.yaml", "$", "must be an object", 1, 1),
    (
        "schedule-in-months.yaml",
        "$.ScheduledTime",
        "must not use years or months in an ISO 8601 duration (their length varies); "
        "use weeks, days, hours, minutes and seconds (P30D, PT2H)",
        2,
        1,
    ),
    ("schedule-too-far.yaml", "$.ScheduledTime", "must be at most 6 days ahead", 2, 1),
    ("shape.json", "$.Attachments", "must have at least 1 item", 6, 3),
    ("shape.json", "$.Attributes.count", "must be a string", 5, 38),
    (
        "shape.json",
        "$.Attributes['ticket id']",
        "key may contain only letters, digits, '-' and '_'",
        5,
        18,
    ),
    ("shape.json", "$.Name", "must be a string", 2, 3),
    ("shape.json", "$.Priority", "is not a known member", 4, 3),
]
INVALID_SUMMARY = "29 violations in 10 of 10 files"
# (file, message, line, column) of every file in tests/cli/unparsable, in output order.
UNPARSABLE = [
    (
        "broken.yaml",
        "is not valid YAML: expected the node content, but found '<stream end>' (line 3, column 1)",
        3,
        1,
    ),
    ("twice.json", "is not valid JSON: the key 'Name' appears twice (line 1, column 39)", 1, 39),
    # The end of the file has no line to annotate: line and column are where the quote opened.
    (
        "unclosed-quote.yaml",
        "is not valid YAML: found unexpected end of stream (line 5, column 1), "
        "while scanning a quoted scalar that started at line 2, column 14",
        2,
        14,
    ),
]
UNPARSABLE_LINES = [f"tests/cli/unparsable/{file}: {message}" for file, message, _, _ in UNPARSABLE]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_valid_folder_text(capsys):
    assert run(capsys, "validate", "tests/cli/valid") == (0, "ok: 4 files valid\n", "")


def test_validate_valid_folder_json(capsys):
    status, out, err = run(capsys, "validate", "--format", "json", "tests/cli/valid/")
    assert (status, err) == (0, "")
    assert out == '{"success": true, "data": {"files": 4}}\n'


def test_validate_recurses_into_subfolders_and_skips_other_files(capsys, tmp_path, monkeypatch):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.yml").write_text("Name: Deep\n")
    (tmp_path / "a" / "notes.txt").write_text("not a definition\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skipped.yaml").write_text("- not even a mapping\n")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "validate", ".") == (0, "ok: 1 file valid\n", "")


def test_validate_invalid_folder_text(capsys):
    status, out, err = run(capsys, "validate", INVALID)
    assert status == 1
    assert out.splitlines() == [
        f"{INVALID}{file}::{path}: {message}" for file, path, message, _, _ in INVALID_VIOLATIONS
    ]
    assert err == f"{INVALID_SUMMARY}\n"


def test_validate_invalid_folder_json(capsys):
    status, out, err = run(capsys, "validate", "--format=json", INVALID)
    assert (status, err) == (1, "")
    assert json.loads(out) == {
        "success": False,
        "error": {
            "code": "VALIDATION_ERROR",
            "message": INVALID_SUMMARY,
            "details": [
                {
                    "file": f"{INVALID}{file}",
                    "path": path,
                    "message": message,
                    "line": line,
                    "column": column,
                }
                for file, path, message, line, column in INVALID_VIOLATIONS
            ],
        },
    }


def test_validate_files_and_folders_in_the_order_given_each_once(capsys):
    status, out, err = run(
        capsys,
        "validate",
        "tests/cli/invalid/schedule-too-far.yaml",
        "tests/cli/valid",
        "tests/cli/valid/minimal.yaml",
        "tests/cli/invalid/bad-key.yaml",
    )
    assert status == 1
    assert out == (
        "tests/cli/invalid/schedule-too-far.yaml::$.ScheduledTime: must be at most 6 days ahead\n"
        f"tests/cli/invalid/bad-key.yaml::$.Key: must be {KEY_FORM}\n"
    )
    assert err == "2 violations in 2 of 6 files\n"


def test_validate_unparsable_files_exit_2_text(capsys):
    status, out, err = run(
        capsys, "validate", "tests/cli/unparsable", "tests/cli/invalid/schedule-too-far.yaml"
    )
    assert status == 2
    assert out.splitlines() == UNPARSABLE_LINES + [
        "tests/cli/invalid/schedule-too-far.yaml::$.ScheduledTime: must be at most 6 days ahead",
    ]
    assert err == "3 of 4 files could not be read or parsed; 1 violation in 1 other file\n"


def test_validate_unparsable_files_exit_2_json(capsys):
    status, out, err = run(
        capsys, "validate", "--format", "json", "tests/cli/unparsable", "tests/cli/valid"
    )
    assert (status, err) == (2, "")
    assert json.loads(out) == {
        "success": False,
        "error": {
            "code": "UNREADABLE_FILE",
            "message": "3 of 7 files could not be read or parsed",
            "details": [
                {
                    "file": f"tests/cli/unparsable/{file}",
                    "path": None,
                    "message": message,
                    "line": line,
                    "column": column,
                }
                for file, message, line, column in UNPARSABLE
            ],
        },
    }


def test_validate_invalid_folder_github(capsys):
    status, out, err = run(capsys, "validate", "--format", "github", INVALID)
    assert (status, err) == (1, f"{INVALID_SUMMARY}\n")
    # In a workflow command's properties ":" and "," are escaped too (%3A, %2C).
    assert out.splitlines() == [
        f"::error file={INVALID}{file},line={line},col={column},title={path.replace(':', '%3A')}::"
        f"{INVALID}{file}::{path}: {message}"
        for file, path, message, line, column in INVALID_VIOLATIONS
    ]


def test_validate_unparsable_files_exit_2_github(capsys):
    status, out, err = run(capsys, "validate", "--format", "github", "tests/cli/unparsable")
    assert (status, err) == (2, "3 of 3 files could not be read or parsed\n")
    assert out.splitlines() == [
        f"::error file=tests/cli/unparsable/{file},line={line},col={column},title=cannot be read or parsed::"
        f"tests/cli/unparsable/{file}: {message}"
        for file, message, line, column in UNPARSABLE
    ]


def test_validate_valid_folder_github(capsys):
    assert run(capsys, "validate", "--format", "github", "tests/cli/valid") == (
        0,
        "ok: 4 files valid\n",
        "",
    )


def test_validate_github_escapes_properties_and_message(capsys, tmp_path):
    # GitHub's rules: "%", CR and LF in the message; also ":" and "," in a property.
    path = tmp_path / "a,b:c.json"
    path.write_text(json.dumps({"Name": "n", "Attributes": {"50%\noff,now": "x"}, "Key": "k"}))
    status, out, _ = run(capsys, "validate", "--format", "github", str(path))
    assert status == 1
    file = str(path).replace(":", "%3A").replace(",", "%2C")
    assert out == (
        f"::error file={file},line=1,col=30,title=$.Attributes['50%25%0Aoff%2Cnow']::"
        # The message is the text line, where a newline of a key is written "\\n".
        f"{path}::$.Attributes['50%25\\noff,now']: key may contain only letters, digits, '-' and '_'\n"
    )


def test_validate_unreadable_file_github_has_no_line(capsys, tmp_path):
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    status, out, _ = run(capsys, "validate", "--format", "github", str(tmp_path / "gone.yaml"))
    assert (status, out) == (
        2,
        (
            f"::error file={tmp_path}/gone.yaml,title=cannot be read or parsed::"
            f"{tmp_path}/gone.yaml: cannot be read: No such file or directory\n"
        ),
    )


def test_validate_unparsable_yaml_shows_position_not_content(capsys, tmp_path):
    secret = "Name: Call Ms Example about account 12345678\nDescription: [unclosed\n"
    (tmp_path / "leak.yaml").write_text(secret)
    status, out, _ = run(capsys, "validate", str(tmp_path / "leak.yaml"))
    assert status == 2
    assert out == (
        f"{tmp_path}/leak.yaml: is not valid YAML: expected ',' or ']', but got '<stream end>' (line 3, column 1), "
        "while parsing a flow sequence that started at line 2, column 14\n"
    )


def test_validate_unreadable_file_exit_2(capsys, tmp_path):
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    status, out, err = run(capsys, "validate", str(tmp_path / "gone.yaml"))
    assert status == 2
    assert out == f"{tmp_path}/gone.yaml: cannot be read: No such file or directory\n"
    assert err == "1 of 1 file could not be read or parsed\n"


def test_validate_not_utf8_exit_2(capsys, tmp_path):
    (tmp_path / "latin1.yaml").write_bytes("Name: Caf\u00e9\n".encode("latin-1"))
    status, out, _ = run(capsys, "validate", str(tmp_path / "latin1.yaml"))
    assert (status, out) == (2, f"{tmp_path}/latin1.yaml: is not UTF-8 text (byte 10)\n")


def test_validate_missing_path_is_a_usage_error_text(capsys):
    status, out, err = run(capsys, "validate", "tests/cli/valid", "tests/cli/nowhere")
    assert (status, out) == (2, "")
    assert err == "connect-tasks validate: error: tests/cli/nowhere: no such file or folder\n"


def test_validate_missing_path_is_a_usage_error_github(capsys):
    status, out, err = run(capsys, "validate", "--format", "github", "tests/cli/nowhere")
    assert (status, err) == (2, "")
    assert (
        out == "::error title=connect-tasks validate::tests/cli/nowhere: no such file or folder\n"
    )


def test_validate_missing_path_is_a_usage_error_json(capsys):
    status, out, err = run(capsys, "validate", "--format", "json", "tests/cli/nowhere")
    assert (status, err) == (2, "")
    assert json.loads(out) == {
        "success": False,
        "error": {"code": "USAGE_ERROR", "message": "tests/cli/nowhere: no such file or folder"},
    }


def test_validate_other_file_type_is_a_usage_error(capsys):
    status, out, err = run(capsys, "validate", "README.md")
    assert (status, out) == (2, "")
    assert (
        err
        == "connect-tasks validate: error: README.md: not a definition file (.yaml, .yml or .json)\n"
    )


def test_validate_without_path_is_a_usage_error(capsys):
    status, out, err = run(capsys, "validate")
    assert (status, out) == (2, "")
    assert (
        err.splitlines()[-1]
        == "connect-tasks validate: error: the following arguments are required: PATH"
    )


def test_validate_unknown_format_is_a_usage_error(capsys):
    status, out, err = run(capsys, "validate", "--format", "xml", "tests/cli/valid")
    assert (status, out) == (2, "")
    # argparse quotes the choices differently from one Python version to the next.
    assert err.splitlines()[-1].startswith(
        "connect-tasks validate: error: argument --format: invalid choice: 'xml'"
    )


def test_no_command_is_a_usage_error(capsys):
    status, out, err = run(capsys)
    assert (status, out) == (2, "")
    assert (
        err.splitlines()[-1]
        == "connect-tasks: error: the following arguments are required: COMMAND"
    )


def test_validate_empty_folder_is_valid(capsys, tmp_path):
    assert run(capsys, "validate", str(tmp_path)) == (0, "ok: 0 files valid\n", "")


def test_validate_never_prints_sensitive_values(capsys, tmp_path):
    name = "Call Ms Example on 555-0100 about the complaint" * 30  # too long: a violation
    (tmp_path / "secret.json").write_text(
        json.dumps(
            {
                "Name": name,
                "Description": "private note",
                "Attributes": {"customer": "Ms Example", "bad key": "account 12345678"},
            }
        )
    )
    status, out, _ = run(capsys, "validate", "--format", "json", str(tmp_path / "secret.json"))
    assert status == 1
    assert [d["path"] for d in json.loads(out)["error"]["details"]] == [
        "$.Attributes['bad key']",
        "$.Name",
    ]
    for value in ("Ms Example", "555-0100", "private note", "12345678"):
        assert value not in out


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_validate_never_prints_sensitive_values_in_any_format(capsys, tmp_path, output):
    (tmp_path / "misspelt.yaml").write_text(
        "Name: Call Ms Example\nDescripton: private note\nAttributes: {bad key: account 12345678}\n"
    )
    (tmp_path / "unclosed.yaml").write_text(
        'Name: n\nDescription: "private note about Ms Example\nx: 555-0100\n'
    )
    status, out, err = run(capsys, "validate", "--format", output, str(tmp_path))
    assert status == 2
    assert "did you mean Description?" in out and "while scanning a quoted scalar" in out
    for value in ("Ms Example", "555-0100", "private note", "12345678"):
        assert value not in out + err


def test_validate_runs_as_a_module():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pulumi_connect_tasks.files.cli",
            "validate",
            "tests/cli/invalid/bad-key.yaml",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == f"tests/cli/invalid/bad-key.yaml::$.Key: must be {KEY_FORM}\n"
    assert result.stderr == "1 violation in 1 of 1 file\n"


def test_validate_references_over_their_byte_budget_text_and_json(capsys, tmp_path):
    # Reference: "You can have up to 4,096 UTF-8 bytes across all references for a contact."
    secret = "SECRET-VALUE-" * 160  # 2,080 bytes
    references = {
        "a": {"Type": "STRING", "Value": secret},
        "b": {"Type": "STRING", "Value": secret},
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"Name": "n", "References": references}))
    message = "names and values must total at most 4,096 UTF-8 bytes (measured 4,162 bytes)"
    status, out, err = run(capsys, "validate", str(path))
    assert (status, out, err) == (
        1,
        f"{path}::$.References: {message}\n",
        "1 violation in 1 of 1 file\n",
    )
    status, out, _ = run(capsys, "validate", "--format", "json", str(path))
    assert status == 1
    assert json.loads(out)["error"]["details"] == [
        {"file": str(path), "path": "$.References", "message": message, "line": 1, "column": 15},
    ]
    assert "SECRET" not in out
