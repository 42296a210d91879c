"""The committed CreateTaskTemplate schema against botocore's model.

Fails when botocore's model changes (a limit, an enum, a member, a required list):
regenerate with `python scripts/botocore_schema.py --operation CreateTaskTemplate` and
review the rules in pulumi_connect_tasks/template/validation.py.
"""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import botocore.session
import pytest

from pulumi_connect_tasks.task.validation import SCHEMA_DIR, load_schema
from pulumi_connect_tasks.template.validation import CREATE_TASK_TEMPLATE_SCHEMA

pytestmark = pytest.mark.botocore_model

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def input_shape():
    model = botocore.session.get_session().get_service_model("connect")
    return model.operation_model("CreateTaskTemplate").input_shape


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location(
        "botocore_schema_for_templates", REPO / "scripts" / "botocore_schema.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def differences(shape, schema: dict, where: str = "$") -> list[str]:
    """Every place where ``schema`` does not say what botocore's ``shape`` says (no $ref here)."""
    problems: list[str] = []

    def same(keyword: str, expected) -> None:
        if schema.get(keyword) != expected:
            problems.append(
                f"{where}: {keyword} is {schema.get(keyword)!r}, botocore says {expected!r}"
            )

    kind = shape.type_name
    if kind == "string":
        same("type", "string")
        same("minLength", shape.metadata.get("min"))
        same("maxLength", shape.metadata.get("max"))
        same("enum", list(shape.enum) or None)
        same("pattern", shape.metadata.get("pattern"))
    elif kind == "list":
        same("type", "array")
        same("minItems", shape.metadata.get("min"))
        same("maxItems", shape.metadata.get("max"))
        problems += differences(shape.member, schema.get("items", {}), f"{where}[]")
    elif kind == "structure":
        same("type", "object")
        same("additionalProperties", False)
        if sorted(schema.get("required", [])) != sorted(shape.required_members):
            problems.append(
                f"{where}: required is {schema.get('required')!r}, botocore says {shape.required_members!r}"
            )
        properties = schema.get("properties", {})
        problems += [
            f"{where}.{n}: in the schema, not in botocore's model"
            for n in sorted(set(properties) - set(shape.members))
        ]
        problems += [
            f"{where}.{n}: in botocore's model, not in the schema"
            for n in sorted(set(shape.members) - set(properties))
        ]
        for name, member in shape.members.items():
            if name in properties:
                problems += differences(member, properties[name], f"{where}.{name}")
    else:
        problems.append(f"{where}: botocore type {kind!r} is not handled by this test")
    return problems


def test_template_schema_drift_matches_botocore_model(input_shape):
    assert differences(input_shape, load_schema(CREATE_TASK_TEMPLATE_SCHEMA)) == []


def test_template_schema_drift_file_is_what_the_generator_writes(generator):
    committed = (SCHEMA_DIR / CREATE_TASK_TEMPLATE_SCHEMA).read_text(encoding="utf-8")
    assert committed == generator.render(generator.operation_schema("CreateTaskTemplate"))


def test_template_schema_drift_detects_changes(input_shape):
    schema = copy.deepcopy(load_schema(CREATE_TASK_TEMPLATE_SCHEMA))
    schema["properties"]["Name"]["maxLength"] = 200
    schema["properties"]["Fields"]["items"]["properties"]["Type"]["enum"].remove("EMAIL")
    schema["properties"]["Fields"]["items"]["required"] = []
    schema["properties"]["Constraints"]["properties"].pop("InvisibleFields")
    schema["properties"]["Extra"] = {"type": "string"}
    problems = [p.split(": enum is")[0] for p in differences(input_shape, schema)]
    assert problems == [
        "$.Extra: in the schema, not in botocore's model",
        "$.Name: maxLength is 200, botocore says 100",
        "$.Constraints.InvisibleFields: in botocore's model, not in the schema",
        "$.Fields[]: required is [], botocore says ['Id']",
        "$.Fields[].Type",
    ]
