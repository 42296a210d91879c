"""The package schema against the definitions validation uses: one source of truth."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from pulumi_connect_tasks.common.casing import camel, snake
from pulumi_connect_tasks.common.violations import load_schema
from pulumi_connect_tasks.plugin import schema as plugin_schema
from pulumi_connect_tasks.plugin.schema import TASK, TASK_INPUTS, TEMPLATE, TEMPLATE_INPUTS
from pulumi_connect_tasks.task.validation import request_schema

# Members of the AWS requests that are not inputs: the provider derives them.
DERIVED = {"ClientToken"}
TASK_DERIVED: set[str] = set()  # a task's own client_token is an input


def drift(
    pulumi: dict[str, Any], token: str, json_schema: dict[str, Any], derived: set[str]
) -> list[str]:
    """Every way the resource ``token`` of ``pulumi`` differs from the JSON Schema that Check
    validates against: a member missing, a type that differs, a nested member missing."""
    problems = []
    types = pulumi["types"]
    inputs = pulumi["resources"][token]["inputProperties"]
    defs = json_schema.get("$defs", {})
    seen: set[str] = set()  # named types compared already (SegmentAttributeValue holds itself)

    def same(path: str, node: dict[str, Any], spec: dict[str, Any]) -> None:
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        kind = node.get("type")
        if "$ref" in spec and spec["$ref"].startswith("#/types/"):
            type_name = spec["$ref"].removeprefix("#/types/")
            if type_name in seen:
                return
            seen.add(type_name)
            members = types[type_name]["properties"]
            wanted = {camel(m): n for m, n in node.get("properties", {}).items()}
            for name in sorted(set(wanted) ^ set(members)):
                problems.append(f"{path}.{name}: in one schema only")
            for name in sorted(set(wanted) & set(members)):
                same(f"{path}.{name}", wanted[name], members[name])
        elif kind == "array":
            if spec.get("type") != "array":
                problems.append(f"{path}: array in JSON Schema, {spec.get('type')} in the package")
            else:
                same(f"{path}[]", node.get("items", {}), spec["items"])
        elif kind == "object":
            if "additionalProperties" not in spec:
                problems.append(f"{path}: a map in JSON Schema, not in the package")
            elif isinstance(node.get("additionalProperties"), dict):
                same(f"{path}{{}}", node["additionalProperties"], spec["additionalProperties"])
        elif isinstance(kind, list):
            if sorted(s["type"] for s in spec.get("oneOf", [])) != sorted(kind):
                problems.append(f"{path}: {kind} in JSON Schema, {spec} in the package")
        elif kind and spec.get("type") != kind:
            problems.append(f"{path}: {kind} in JSON Schema, {spec.get('type')} in the package")
        if node.get("x-sensitive") and not spec.get("secret"):
            problems.append(f"{path}: sensitive in botocore, not secret in the package")

    for member, node in json_schema["properties"].items():
        if member in derived:
            continue
        name = camel(member)
        if name not in inputs:
            problems.append(f"{name}: validated, but not an input of {token}")
            continue
        same(name, node, inputs[name])
    for name in json_schema.get("required", []):
        if name not in derived and camel(name) not in pulumi["resources"][token]["requiredInputs"]:
            problems.append(f"{camel(name)}: required by the API, not by {token}")
    return problems


def test_the_task_matches_what_check_validates():
    assert drift(plugin_schema.package_schema(), TASK, request_schema(), TASK_DERIVED) == []


def test_the_template_matches_what_check_validates():
    template = load_schema("create_task_template.schema.json")
    assert drift(plugin_schema.package_schema(), TEMPLATE, template, DERIVED) == []


def test_drift_is_caught():
    pulumi = plugin_schema.package_schema()
    doctored = json.loads(json.dumps(request_schema()))
    doctored["properties"]["Channel"] = {"type": "string"}  # a member AWS might add
    doctored["properties"]["Attributes"]["type"] = "array"
    doctored["$defs"]["SegmentAttributeValue"]["properties"]["ValueBoolean"] = {"type": "boolean"}
    assert sorted(drift(pulumi, TASK, doctored, TASK_DERIVED)) == [
        "attributes: array in JSON Schema, object in the package",
        "channel: validated, but not an input of connect-tasks:index:Task",
        "segmentAttributes{}.valueBoolean: in one schema only",
    ]


@pytest.mark.parametrize(
    ("token", "inputs"),
    [(TASK, TASK_INPUTS), (TEMPLATE, TEMPLATE_INPUTS)],
    ids=["task", "template"],
)
def test_every_input_of_the_core_is_in_the_schema_described_and_named_back(token, inputs):
    resource = plugin_schema.package_schema()["resources"][token]
    assert set(resource["inputProperties"]) == {camel(k) for k in inputs}
    assert all(snake(camel(k)) == k for k in inputs)
    for name, spec in resource["inputProperties"].items():
        assert spec.get("description"), name
        assert "``" not in spec["description"], name  # rewritten for the plugin's docs
    assert set(resource["inputProperties"]) <= set(resource["properties"])


def test_outputs_and_ids_follow_the_issue():
    resources = plugin_schema.package_schema()["resources"]
    task = resources[TASK]["properties"]
    assert {"contactId", "arn", "state", "scheduledAt", "createdAt", "awsRegion"} <= set(task)
    assert "adoptContactId" not in resources[TASK]["inputProperties"]  # pulumi import instead
    assert {"templateId", "arn", "lastModifiedAt"} <= set(resources[TEMPLATE]["properties"])
    assert resources[TASK]["requiredInputs"] == ["instanceId", "name"]


def test_descriptions_speak_of_the_plugin_not_of_the_dynamic_provider():
    text = json.dumps(plugin_schema.package_schema())
    for snake_name in ("contact_flow_id", "stop_on_delete", "value_string", "aws:region"):
        assert snake_name not in text


def test_the_python_sdk_cannot_collide_with_this_package():
    language = plugin_schema.package_schema()["language"]
    assert language["python"]["packageName"] not in ("pulumi_connect_tasks", "")


def test_every_type_reference_resolves():
    pulumi = plugin_schema.package_schema()
    refs = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/types/"):
                refs.add(node["$ref"].removeprefix("#/types/"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(pulumi)
    assert refs and refs <= set(pulumi["types"])


def test_the_module_prints_the_schema():
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_connect_tasks.plugin.schema"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout)["name"] == "connect-tasks"
