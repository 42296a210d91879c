"""The Pulumi package schema of the ``connect-tasks`` plugin, generated, never written by hand.

One source of truth: each property's type comes from the JSON Schema that Check validates
against (StartTaskContact's and CreateTaskTemplate's, from botocore's model), renamed to
camelCase (``ContactFlowId`` -> ``contactFlowId``, ``S3Url`` -> ``s3Url``); its description
from the ``:param`` lines of ``ConnectTaskArgs`` and ``ConnectTaskTemplateArgs``; the
resource's own inputs and outputs from the lifecycle core's key lists. A structure becomes
a named type (``connect-tasks:index:Reference``), a map keeps its keys, ``x-sensitive``
becomes ``secret``. ``tests/plugin/test_schema.py`` fails when the two drift apart.

    python -m pulumi_connect_tasks.plugin.schema     # print it
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from ..common.casing import camel, pascal, snake
from ..common.violations import load_schema
from ..files.definition_format import LINK_MEMBERS
from ..task import contact
from ..task.resource import ConnectTaskArgs
from ..task.validation import request_schema
from ..template import shape
from ..template.resource import ConnectTaskTemplateArgs

__all__ = [
    "PACKAGE",
    "TASK",
    "TEMPLATE",
    "READ_TASK_FILES",
    "VERSION",
    "TASK_INPUTS",
    "TEMPLATE_INPUTS",
    "CONFIG_KEYS",
    "package_schema",
    "in_plugin_words",
]

PACKAGE = "connect-tasks"
VERSION = "0.1.0"
TASK = f"{PACKAGE}:index:Task"
TEMPLATE = f"{PACKAGE}:index:TaskTemplate"
READ_TASK_FILES = f"{PACKAGE}:index:readTaskFiles"
_TYPE = f"#/types/{PACKAGE}:index:"

# The inputs the plugin serves: the dynamic resource's, except adoption (``pulumi import``
# does that here).
TASK_INPUTS = tuple(k for k in contact.INPUT_KEYS if k != contact.ADOPT_KEY)
TEMPLATE_INPUTS = shape.INPUT_KEYS
# The output names where the plugin's differ from camelCase of the core's.
OUTPUT_NAMES = {TASK: {"contact_arn": "arn"}, TEMPLATE: {"template_arn": "arn"}}

_OUTPUT_DESCRIPTIONS = {
    "contact_id": "The task's ContactId.",
    "contact_arn": "The task's ARN.",
    "created_at": "When the resource was created (RFC 3339, UTC).",
    "state": "SCHEDULED, QUEUED, CONNECTED or ENDED, from DescribeContact's timestamps; "
    "refresh reads it again.",
    "scheduled_at": "The scheduled time the task was started with (RFC 3339, UTC), if any.",
    "aws_region": "The AWS Region the resource lives in; it never moves.",
    "template_id": "The task template's id.",
    "template_arn": "The task template's ARN.",
    "last_modified_at": "When the template was last changed (RFC 3339, UTC).",
}
# The resource's own inputs beside the AWS request's members.
_OWN_INPUTS = {
    "region": {"type": "string"},
    "stop_on_delete": {"type": "boolean"},
    "idempotency_key": {"type": "string"},
}
CONFIG_KEYS: dict[str, dict[str, Any]] = {
    "region": {
        "type": "string",
        "description": "The AWS Region of every resource this provider creates, such as "
        "`us-east-1`; else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's.",
    },
    "profile": {
        "type": "string",
        "description": "The AWS profile (shared config and credentials files) to use; else "
        "`AWS_PROFILE`, else the default credential chain.",
    },
    "startTaskContactRate": {
        "type": "number",
        "description": "StartTaskContact requests per second the account's quota allows "
        "(default 2, AWS's default quota); the provider paces to it.",
    },
    "startTaskContactBurst": {
        "type": "number",
        "description": "The StartTaskContact burst the quota allows (default 5).",
    },
    "apiRates": {
        "$ref": "pulumi.json#/Any",
        "description": 'Other operations\' quotas: `{"DescribeContact": {"rate": 10, "burst": 15}}` '
        "or its JSON text.",
    },
    "retryDeadline": {
        "type": "number",
        "description": "Seconds one call may spend retrying throttles and transient errors "
        "(default 300).",
    },
}


def _param_docs(cls: type) -> dict[str, str]:
    """Each ``:param name: text`` of ``cls.__init__``'s docstring, text on one line."""
    doc = vars(cls)["__init__"].__doc__ or ""
    found = re.findall(r":param (\w+): (.*?)(?=\n\s*:param |\Z)", doc, re.S)
    return {name: " ".join(text.split()) for name, text in found}


def in_plugin_words(text: str) -> str:
    """``text`` of the lifecycle core (a description, an error) in the plugin's words: its
    property names in camelCase, its config in this package's namespace."""
    names = _names()
    text = text.replace("``aws:region``", "`connect-tasks:region`")
    text = text.replace("``adopt_contact_id``", "`pulumi import`")
    text = re.sub(r"``(.+?)``", r"`\1`", text)
    return re.sub(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", lambda m: names.get(m[0], m[0]), text)


class _Types:
    """JSON Schema -> Pulumi type specs, collecting the named object types on the way."""

    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs
        self.types: dict[str, Any] = {}

    def spec(self, node: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in self.types:
                self.object_type(name, self.defs[name])
            return {"$ref": _TYPE + name}
        kind = node.get("type")
        if isinstance(kind, list):  # ScheduledTime: a timestamp as text or epoch seconds
            return {"type": "string", "oneOf": [self.spec({**node, "type": k}) for k in kind]}
        if kind == "array":
            return {"type": "array", "items": self.spec(node.get("items", {}))}
        if kind == "object" and "properties" in node:
            name = node["title"]
            if name not in self.types:
                self.object_type(name, node)
            return {"$ref": _TYPE + name}
        if kind == "object":
            values = node.get("additionalProperties")
            item = self.spec(values) if isinstance(values, dict) else {"$ref": "pulumi.json#/Any"}
            return {"type": "object", "additionalProperties": item}
        if kind in ("string", "integer", "number", "boolean"):
            return {"type": kind}
        return {"$ref": "pulumi.json#/Any"}

    def object_type(self, name: str, node: dict[str, Any]) -> None:
        self.types[name] = {}  # a placeholder: the type may refer to itself
        properties = {}
        for member, child in sorted(node["properties"].items()):
            properties[camel(member)] = self.property(child, child.get("description"))
        spec: dict[str, Any] = {"type": "object", "properties": properties}
        if node.get("description"):
            spec["description"] = node["description"]
        if node.get("required"):
            spec["required"] = [camel(m) for m in node["required"]]
        self.types[name] = spec

    def property(self, node: dict[str, Any], description: str | None) -> dict[str, Any]:
        spec = self.spec(node)
        if node.get("enum"):
            description = f"{description or ''} One of {', '.join(node['enum'])}.".strip()
        if description:
            spec["description"] = description
        if node.get("x-sensitive"):
            spec["secret"] = True
        return spec


def _resource(
    types: _Types,
    request: dict[str, Any],
    inputs: tuple[str, ...],
    outputs: tuple[str, ...],
    renames: dict[str, str],
    always: tuple[str, ...],
    docs: dict[str, str],
    description: str,
) -> dict[str, Any]:
    input_specs = {}
    for key in inputs:
        node = request["properties"].get(pascal(key)) or _OWN_INPUTS[key]
        input_specs[camel(key)] = types.property(node, in_plugin_words(docs[key]))
    output_specs = dict(input_specs)
    for key in outputs:
        output_specs[renames.get(key, camel(key))] = {
            "type": "string",
            "description": _OUTPUT_DESCRIPTIONS[key],
        }
    required = [camel(k) for k in inputs if docs[k].startswith("Required.")]
    return {
        "description": description,
        "inputProperties": input_specs,
        "requiredInputs": required,
        "properties": output_specs,
        "required": sorted({*required, *(renames.get(k, camel(k)) for k in always)}),
    }


def _members(node: Any) -> set[str]:
    """Every structure member name a JSON Schema has, at any depth."""
    if isinstance(node, list):
        return set().union(*(_members(item) for item in node))
    if not isinstance(node, dict):
        return set()
    found = set(node.get("properties", {})) if isinstance(node.get("properties"), dict) else set()
    return found.union(*(_members(value) for value in node.values()))


@cache
def _names() -> dict[str, str]:
    """Every snake_case name a description may use -> the plugin's camelCase name."""
    known = {*contact.INPUT_KEYS, *contact.OUTPUT_KEYS, *shape.INPUT_KEYS, *shape.OUTPUT_KEYS}
    for schema in (request_schema(), load_schema("create_task_template.schema.json")):
        known |= {snake(member) for member in _members(schema)}
    renames = {**OUTPUT_NAMES[TASK], **OUTPUT_NAMES[TEMPLATE]}
    return {k: renames.get(k, camel(k)) for k in known}


_TASK_DESCRIPTION = (
    "An Amazon Connect task started by StartTaskContact and tracked through its life. "
    "Check validates every input against the API's rules before anything is sent; a change "
    "updates the task in place where the API allows (name, description, references, "
    "segment attributes, attributes, scheduled time) and replaces it otherwise (the old task "
    "is stopped first); destroy stops the task. The id is `<instance id>:<contact id>`, the "
    "form `pulumi import connect-tasks:index:Task NAME <instance id>:<contact id>` takes."
)
_TEMPLATE_DESCRIPTION = (
    "An Amazon Connect task template (CreateTaskTemplate). Every change but `instanceId` and "
    "`region` updates it in place (UpdateTaskTemplate); destroy deletes it. The id is "
    "`<instance id>:<template id>`, the form `pulumi import` takes."
)


def _task_file_types(types: _Types, task_inputs: dict[str, Any]) -> None:
    definition = {k: v for k, v in task_inputs.items() if k not in ("idempotencyKey",)}
    types.types["TaskDefinition"] = {
        "type": "object",
        "description": "A definition file's task inputs, as a Task takes them.",
        "properties": definition,
        "required": ["name"],  # every valid definition has a Name
    }
    links = {camel(member): member for member in LINK_MEMBERS}
    file_properties = {
        "key": {
            "type": "string",
            "description": "The file's Key member, else its name "
            "without extension: the task's identity in the folder.",
        },
        "file": {"type": "string", "description": "The file's path."},
        "inputs": {"$ref": _TYPE + "TaskDefinition", "description": "The task's inputs."},
        "namesTarget": {
            "type": "boolean",
            "description": "Whether the file names its own "
            "target (flow, quick connect or template, by id or by name).",
        },
        **{
            name: {
                "type": "string",
                "description": f"The key of the file whose task this one "
                f"takes as its {'previous' if 'Previous' in member else 'related'} contact "
                f"({member}): declare that task first and pass its `contactId`.",
            }
            for name, member in links.items()
        },
        "schedule": {
            "type": "string",
            "description": "The file's Schedule, when it is a recurring task: EventBridge "
            "Scheduler is to start it at every time of this expression. The plugin declares no "
            "recurring task: do not declare a Task for such a file (its task would start once); "
            "declare its schedule yourself, or use `RecurringConnectTask` in a Python program.",
        },
        "scheduleTimezone": {
            "type": "string",
            "description": "The file's ScheduleTimezone, the time zone of its Schedule.",
        },
    }
    types.types["TaskFile"] = {
        "type": "object",
        "description": "One task definition file, validated.",
        "properties": file_properties,
        "required": ["key", "file", "inputs", "namesTarget"],
    }


def _functions() -> dict[str, Any]:
    return {
        READ_TASK_FILES: {
            "description": "Read the task definition files (`*.yaml`, `*.yml`, `*.json`) directly "
            "in a folder, as `TaskSet` does in Python, and return them validated, a linked-to "
            "task before the tasks that link to it. A broken file, a key two files share, a "
            "link to a key no file has, a cycle or a chain of more than 12 tasks fails the call, "
            "naming every problem.",
            "inputs": {
                "properties": {
                    "directory": {
                        "type": "string",
                        "description": "The folder, relative to the program's folder.",
                    },
                    "suppliesInstanceId": {
                        "type": "boolean",
                        "description": "Whether the "
                        "program gives `instanceId` to files that name none "
                        "(default true).",
                    },
                    "suppliesTarget": {
                        "type": "boolean",
                        "description": "Whether the program "
                        "gives a flow to files that name no target (default true).",
                    },
                },
                "required": ["directory"],
            },
            "outputs": {
                "properties": {
                    "tasks": {
                        "type": "array",
                        "items": {"$ref": _TYPE + "TaskFile"},
                        "description": "The files in creation order.",
                    }
                },
                "required": ["tasks"],
            },
        }
    }


@cache
def _schema_text() -> str:
    task_types = _Types(request_schema().get("$defs", {}))
    task = _resource(
        task_types,
        request_schema(),
        TASK_INPUTS,
        contact.OUTPUT_KEYS,
        OUTPUT_NAMES[TASK],
        ("contact_id", "contact_arn", "created_at", "state", "aws_region"),
        _param_docs(ConnectTaskArgs),
        _TASK_DESCRIPTION,
    )
    template_schema = load_schema("create_task_template.schema.json")
    template_types = _Types(template_schema.get("$defs", {}))
    template = _resource(
        template_types,
        template_schema,
        TEMPLATE_INPUTS,
        shape.OUTPUT_KEYS,
        OUTPUT_NAMES[TEMPLATE],
        ("template_id", "template_arn", "created_at", "aws_region"),
        _param_docs(ConnectTaskTemplateArgs),
        _TEMPLATE_DESCRIPTION,
    )
    _task_file_types(task_types, task["inputProperties"])
    shared = set(task_types.types) & set(template_types.types)
    if shared:  # botocore gave both requests a structure of one name: name them apart
        raise ValueError(f"package schema: two types named {', '.join(sorted(shared))}")
    types = {
        f"{PACKAGE}:index:{k}": v for k, v in {**task_types.types, **template_types.types}.items()
    }
    schema = {
        "name": PACKAGE,
        "displayName": "Amazon Connect tasks",
        "version": VERSION,
        "description": "Amazon Connect tasks and task templates as resources, validated "
        "against the API's rules at preview.",
        "keywords": ["aws", "amazon-connect", "category/cloud"],
        "config": {"variables": CONFIG_KEYS},
        "provider": {
            "description": "The connect-tasks provider: the AWS Region and profile, and the "
            "account's quotas the provider paces to.",
            "inputProperties": CONFIG_KEYS,
            "properties": {k: CONFIG_KEYS[k] for k in ("region", "profile")},
        },
        "types": types,
        "resources": {TASK: task, TEMPLATE: template},
        "functions": _functions(),
        "language": {
            # Pulumi's default, pulumi_connect_tasks, is this package: the dynamic provider's.
            "python": {"packageName": "pulumi_connect_tasks_plugin"},
        },
    }
    return json.dumps(schema, indent=2, sort_keys=True)


def package_schema() -> dict[str, Any]:
    """The package schema GetSchema returns (a new copy each call)."""
    return json.loads(_schema_text())


def schema_text() -> str:
    """The package schema as GetSchema sends it."""
    return _schema_text()


if __name__ == "__main__":
    print(_schema_text())
