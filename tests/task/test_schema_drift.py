"""The committed schema against botocore's model, walked here without the generator.

Fails when botocore's StartTaskContact model changes (a limit, an enum, a member, a
required list): regenerate with `python scripts/botocore_schema.py` and review the rules.
"""

from __future__ import annotations

import copy
import re

import botocore.session
import pytest

from connect_tasks_audit import documentation_text, normalise
from pulumi_connect_tasks.task.validation import load_schema

pytestmark = pytest.mark.botocore_model

SCHEMA_FILE = "start_task_contact.schema.json"


@pytest.fixture(scope="module")
def input_shape():
    model = botocore.session.get_session().get_service_model("connect")
    return model.operation_model("StartTaskContact").input_shape


class Walk:
    """Compares a botocore shape with its schema; collects differences and visited paths."""

    def __init__(self, root: dict, documentation: str = "") -> None:
        self.root = root
        self.documentation = documentation
        self.problems: list[str] = []
        self.visited: list[str] = []

    def resolve(self, schema: dict) -> dict:
        ref = schema.get("$ref")
        if ref is None:
            return schema
        assert ref.startswith("#/$defs/"), ref
        return self.root["$defs"][ref[len("#/$defs/") :]]

    def same(self, where: str, schema: dict, keyword: str, expected) -> None:
        actual = schema.get(keyword)
        if actual != expected:
            self.problems.append(f"{where}: {keyword} is {actual!r}, botocore says {expected!r}")

    def limits(self, where: str, schema: dict, shape, low: str, high: str) -> None:
        self.same(where, schema, low, shape.metadata.get("min"))
        self.same(where, schema, high, shape.metadata.get("max"))

    def compare(self, shape, schema: dict, where: str, seen: frozenset) -> None:
        self.visited.append(where)
        schema = self.resolve(schema)
        kind = shape.type_name
        if kind == "string":
            self.same(where, schema, "type", "string")
            self.limits(where, schema, shape, "minLength", "maxLength")
            if "x-narrowed-by" in schema:
                self.narrowed(where, schema, shape)
            else:
                self.same(where, schema, "enum", list(shape.enum) or None)
            pattern = shape.metadata.get("pattern")
            if pattern is None or "\\p{" in pattern or "\\P{" in pattern:
                # Java's \p classes are translated; only their presence can be compared.
                if (pattern is None) != ("pattern" not in schema):
                    self.problems.append(f"{where}: pattern presence differs from botocore")
            else:
                self.same(where, schema, "pattern", pattern)
        elif kind in ("integer", "long"):
            self.same(where, schema, "type", "integer")
            self.limits(where, schema, shape, "minimum", "maximum")
        elif kind == "timestamp":
            self.same(where, schema, "type", ["number", "string"])
            self.same(where, schema, "format", "date-time")
        elif kind == "list":
            self.same(where, schema, "type", "array")
            self.limits(where, schema, shape, "minItems", "maxItems")
            self.compare(shape.member, schema.get("items", {}), f"{where}[]", seen)
        elif kind == "map":
            self.same(where, schema, "type", "object")
            self.compare(shape.key, schema.get("propertyNames", {}), f"{where}{{key}}", seen)
            self.compare(
                shape.value, schema.get("additionalProperties", {}), f"{where}{{value}}", seen
            )
        elif kind == "structure":
            self.structure(shape, schema, where, seen)
        else:
            self.problems.append(f"{where}: botocore type {kind!r} is not handled by this test")

    def narrowed(self, where: str, schema: dict, shape) -> None:
        """An enum botocore's documentation narrows: a subset, and the sentence is still there."""
        if not set(schema.get("enum", [])) < set(shape.enum):
            self.problems.append(f"{where}: enum is not a strict subset of botocore's")
        if normalise(schema["x-narrowed-by"]) not in self.documentation:
            self.problems.append(
                f"{where}: botocore's documentation no longer says {schema['x-narrowed-by']!r}"
            )

    def structure(self, shape, schema: dict, where: str, seen: frozenset) -> None:
        self.same(where, schema, "type", "object")
        self.same(where, schema, "additionalProperties", False)
        if sorted(schema.get("required", [])) != sorted(shape.required_members):
            self.problems.append(
                f"{where}: required is {schema.get('required')!r}, botocore says {shape.required_members!r}"
            )
        properties = schema.get("properties", {})
        for name in sorted(set(properties) - set(shape.members)):
            self.problems.append(f"{where}.{name}: in the schema, not in botocore's model")
        for name in sorted(set(shape.members) - set(properties)):
            self.problems.append(f"{where}.{name}: in botocore's model, not in the schema")
        if shape.name in seen:
            return  # recursive: its members were compared one level up
        for name, member in shape.members.items():
            if name in properties:
                self.compare(member, properties[name], f"{where}.{name}", seen | {shape.name})


def test_schema_drift_matches_botocore_model(input_shape):
    schema = load_schema(SCHEMA_FILE)
    walk = Walk(schema, documentation_text(["StartTaskContact"]))
    walk.compare(input_shape, schema, "$", frozenset())
    assert walk.problems == []


def test_schema_drift_walk_reaches_nested_and_recursive_members(input_shape):
    schema = load_schema(SCHEMA_FILE)
    walk = Walk(schema)
    walk.compare(input_shape, schema, "$", frozenset())
    for path in (
        "$.Attachments[].FileName",
        "$.References{key}",
        "$.References{value}.Type",
        "$.ScheduledTime",
        "$.SegmentAttributes{value}.ValueMap{value}",
        "$.SegmentAttributes{value}.ValueList[]",
        "$.Attributes{value}",
    ):
        assert path in walk.visited


def test_schema_drift_detects_changes(input_shape):
    # The comparison is not vacuous: a tampered schema is caught at every change.
    schema = copy.deepcopy(load_schema(SCHEMA_FILE))
    schema["properties"]["Name"]["maxLength"] = 2048
    schema["properties"]["Attachments"].pop("minItems")
    schema["properties"]["References"]["additionalProperties"]["properties"]["Type"]["enum"].append(
        "FAX"
    )
    schema["properties"]["References"]["additionalProperties"]["properties"]["Type"][
        "x-narrowed-by"
    ] = "Anything."
    schema["properties"]["References"]["additionalProperties"]["required"] = []
    schema["properties"]["SegmentAttributes"]["propertyNames"]["maxLength"] = 129
    schema["$defs"]["SegmentAttributeValue"]["properties"].pop("ValueArn")
    schema["properties"]["Extra"] = {"type": "string"}
    walk = Walk(schema)
    walk.compare(input_shape, schema, "$", frozenset())
    problems = [
        re.sub(r"enum is \[.*\], botocore says \[.*\]", "enum differs", p) for p in walk.problems
    ]
    assert problems == [
        "$.Extra: in the schema, not in botocore's model",
        "$.Name: maxLength is 2048, botocore says 1024",
        "$.References{value}: required is [], botocore says ['Type']",
        "$.References{value}.Type: enum is not a strict subset of botocore's",
        "$.References{value}.Type: botocore's documentation no longer says 'Anything.'",
        "$.SegmentAttributes{key}: maxLength is 129, botocore says 128",
        "$.SegmentAttributes{value}.ValueArn: in botocore's model, not in the schema",
        "$.SegmentAttributes{value}.ValueMap{value}.ValueArn: in botocore's model, not in the schema",
        "$.SegmentAttributes{value}.ValueList[].ValueArn: in botocore's model, not in the schema",
        "$.Attachments: minItems is None, botocore says 1",
    ]
