"""``connect-tasks schema`` prints the published definition schema, byte for byte."""

from __future__ import annotations

import json

from pulumi_connect_tasks.files.cli import main
from pulumi_connect_tasks.files.definitions import SCHEMA_NAME


def test_schema_prints_the_file(capsys, in_repository):
    assert main(["schema"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (in_repository / "schemas" / SCHEMA_NAME).read_text(encoding="utf-8")


def test_schema_output_parses_as_the_definition_schema(capsys):
    main(["schema"])
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Amazon Connect task definition"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["Name"]
