"""The example programs in examples/ and the code of docs/provider-plugin.md against the
plugin's schema: every resource type, property, function argument and output they use
exists, and required inputs are given (tests/plugin/program_uses.py reads the programs).
No Pulumi CLI runs here, so this is what keeps the examples and the page from drifting
away from the schema; a doctored program shows that each kind of mistake is caught."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pulumi_connect_tasks.common.unknown import UNKNOWN
from pulumi_connect_tasks.plugin.convert import camel_path, to_core
from pulumi_connect_tasks.plugin.functions import read_task_files
from pulumi_connect_tasks.plugin.resources import KINDS
from pulumi_connect_tasks.plugin.schema import package_schema
from tests.plugin.program_uses import (
    PROVIDER,
    Use,
    csharp_uses,
    go_uses,
    problems,
    token_uses,
    typescript_uses,
    yaml_uses,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
PAGE = REPO / "docs" / "provider-plugin.md"
TASK = "connect-tasks:index:Task"
TEMPLATE = "connect-tasks:index:TaskTemplate"
READ_TASK_FILES = "connect-tasks:index:readTaskFiles"
_FENCE = re.compile(r"(?ms)^ *```(\w+)\n(.*?)^ *```")


@cache
def schema() -> dict[str, Any]:
    return package_schema()


def blocks(lang: str) -> list[str]:
    """The page's code blocks fenced as ``lang``."""
    return [
        body for fence, body in _FENCE.findall(PAGE.read_text(encoding="utf-8")) if fence == lang
    ]


def read(lang: str, text: str, where: str) -> list[Use]:
    if lang == "typescript":
        return typescript_uses(schema(), text, where, "connectTasks")
    if lang == "go":
        return go_uses(schema(), text, where)
    if lang == "csharp":
        return csharp_uses(schema(), text, where)
    assert lang == "yaml", lang
    return yaml_uses(schema(), text, where)


def page_uses() -> dict[str, list[Use]]:
    """Per language, the uses of the page's code blocks; "text" holds the tokens of the
    whole page, prose and shell blocks included (`pulumi import connect-tasks:index:Task`)."""
    uses = {
        lang: [
            use for n, body in enumerate(blocks(lang)) for use in read(lang, body, f"{lang}#{n}")
        ]
        for lang in ("typescript", "go", "csharp", "yaml")
    }
    uses["text"] = token_uses(PAGE.read_text(encoding="utf-8"), PAGE.name)
    return uses


def example_uses() -> dict[str, list[Use]]:
    ts = EXAMPLES / "typescript" / "index.ts"
    program = EXAMPLES / "yaml" / "Pulumi.yaml"
    return {
        "typescript": read("typescript", ts.read_text(encoding="utf-8"), "typescript/index.ts"),
        "yaml": read("yaml", program.read_text(encoding="utf-8"), "yaml/Pulumi.yaml"),
        "text": [
            use
            for path in (ts, program)
            for use in token_uses(path.read_text(encoding="utf-8"), path.name)
        ],
    }


def targets(uses: list[Use], kind: str = "inputs") -> set[str]:
    return {use.target for use in uses if use.kind == kind}


# -- the examples and the page hold to the schema --------------------------------------------------
def test_the_examples_use_only_what_the_schema_has() -> None:
    uses = example_uses()
    assert problems(schema(), [use for found in uses.values() for use in found]) == []
    # What the readers found, so that a reader that sees nothing cannot pass.
    assert {TASK, READ_TASK_FILES} <= targets(uses["typescript"])
    assert {TASK, TEMPLATE, "connect-tasks:index:Reference"} <= targets(uses["yaml"])
    assert "connect-tasks:index:TaskTemplateField" in targets(uses["yaml"])
    chains = {(use.target, *use.names) for use in uses["typescript"] if use.kind == "outputs"}
    assert {
        (TASK, "contactId"),
        (READ_TASK_FILES, "tasks"),
        ("connect-tasks:index:TaskFile", "inputs", "instanceId"),
        ("connect-tasks:index:TaskFile", "previousTask"),
    } <= chains
    assert {TASK, TEMPLATE} <= targets(uses["yaml"], "outputs")


def test_the_code_of_the_page_uses_only_what_the_schema_has() -> None:
    uses = page_uses()
    assert problems(schema(), [use for found in uses.values() for use in found]) == []
    for lang in ("typescript", "go", "csharp", "yaml"):
        assert TASK in targets(uses[lang]), lang
        assert TASK in targets(uses[lang], "outputs"), lang  # verify.contactId and the like
        assert "connect-tasks:index:Reference" in targets(uses[lang]), lang
    assert {PROVIDER, READ_TASK_FILES} <= targets(uses["typescript"])
    assert READ_TASK_FILES in targets(uses["yaml"])
    config = {use.names[0] for use in uses["text"]}
    assert {"connect-tasks:region", "connect-tasks:index:Task", "connect-tasks:Task"} <= config


def test_every_task_input_a_file_gives_is_a_task_input() -> None:
    """index.ts spreads a file's inputs (TaskDefinition) into a Task's."""
    definition = schema()["types"]["connect-tasks:index:TaskDefinition"]["properties"]
    assert set(definition) <= set(schema()["resources"][TASK]["inputProperties"])


def test_the_yaml_example_passes_check() -> None:
    program = yaml.safe_load((EXAMPLES / "yaml" / "Pulumi.yaml").read_text(encoding="utf-8"))
    checked = []
    for name, resource in program["resources"].items():
        token = resource["type"].replace(":", ":index:", 1)
        assert _check(token, name, resource["properties"]) == [], name
        checked.append(token)
    assert sorted(checked) == [TASK, TASK, TEMPLATE]


def test_the_typescript_example_reads_its_chain_in_order() -> None:
    found = read_task_files({"directory": str(EXAMPLES / "typescript" / "tasks")})["tasks"]
    assert [(t["key"], t.get("previousTask"), t["namesTarget"]) for t in found] == [
        ("verify-queue-routing", None, False),
        ("go-live-review", "verify-queue-routing", False),
    ]


def test_the_examples_name_the_plugin_folder() -> None:
    for example, runtime in (("typescript", "nodejs"), ("yaml", "yaml")):
        folder = EXAMPLES / example
        project = yaml.safe_load((folder / "Pulumi.yaml").read_text(encoding="utf-8"))
        assert project["runtime"] == runtime
        source = project["packages"]["connect-tasks"]
        assert (folder / source / "PulumiPlugin.yaml").is_file(), example
    package = (EXAMPLES / "typescript" / "package.json").read_text(encoding="utf-8")
    assert '"@pulumi/connect-tasks": "file:sdks/connect-tasks"' in package


def _check(token: str, name: str, properties: dict[str, Any]) -> list[tuple[str, str]]:
    """Check's failures for a YAML program's properties, an interpolation as unknown."""

    def known(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: known(v) for k, v in value.items()}
        if isinstance(value, list):
            return [known(v) for v in value]
        return UNKNOWN if isinstance(value, str) and "${" in value else value

    news = {**to_core(token, known(properties)), "idempotency_key": f"proj/dev/{name}"}
    _, found = KINDS[token].check({}, news)
    return [(camel_path(token, path), reason) for path, reason in found]


# -- each kind of mistake is caught --------------------------------------------------------------
DOCTORED = [
    pytest.param("typescript", "contactFlowId: config", "contactFlowIds: config",
                 f"{TASK} has no input 'contactFlowIds'", id="ts-unknown-input"),
    pytest.param("typescript", '    name: "Verify queue routing",\n', "",
                 f"{TASK} needs the input 'name'", id="ts-missing-required"),
    pytest.param("typescript", 'type: "URL"', 'kind: "URL"',
                 "connect-tasks:index:Reference has no input 'kind'", id="ts-nested-input"),
    pytest.param("typescript", "verify.contactId", "verify.contactID",
                 f"{TASK} has no output 'contactID'", id="ts-output"),
    pytest.param("typescript", 'directory: "tasks"', 'dir: "tasks"',
                 f"{READ_TASK_FILES} has no input 'dir'", id="ts-function-argument"),
    pytest.param("typescript", "file.inputs.instanceId", "file.inputs.instance",
                 "connect-tasks:index:TaskDefinition has no output 'instance'", id="ts-function-result"),
    pytest.param("typescript", 'region: "eu-west-1"', 'awsRegion: "eu-west-1"',
                 "provider has no input 'awsRegion'", id="ts-provider"),
    pytest.param("typescript", "new connectTasks.Task(", "new connectTasks.Tasks(",
                 "sdk:Tasks is not in the schema", id="ts-resource-class"),
    pytest.param("go", "ContactFlowId: pulumi", "ContactFlowID: pulumi",
                 f"{TASK} has no input 'contactFlowID'", id="go-input"),
    pytest.param("go", "Type:  pulumi", "Kind:  pulumi",
                 "connect-tasks:index:Reference needs the input 'type'", id="go-nested-required"),
    pytest.param("go", "verify.ContactId", "verify.ContactID",
                 f"{TASK} has no output 'contactID'", id="go-output"),
    pytest.param("csharp", "Description =", "Descripton =",
                 f"{TASK} has no input 'descripton'", id="csharp-input"),
    pytest.param("csharp", "verify.ContactId", "verify.Contact",
                 f"{TASK} has no output 'contact'", id="csharp-output"),
    pytest.param("yaml", "type: connect-tasks:Task", "type: connect-tasks:Taks",
                 "connect-tasks:index:Taks is not in the schema", id="yaml-type"),
    pytest.param("yaml", "      name: Verify queue routing\n", "",
                 f"{TASK} needs the input 'name'", id="yaml-missing-required"),
    pytest.param("yaml", "function: connect-tasks:readTaskFiles", "function: connect-tasks:readFiles",
                 "connect-tasks:index:readFiles is not in the schema", id="yaml-function"),
    pytest.param("yaml", "${verifyQueues.contactId}", "${verifyQueues.contactArn}",
                 f"{TASK} has no output 'contactArn'", id="yaml-output"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "old", "new", "expected"), DOCTORED)
def test_a_doctored_snippet_of_the_page_is_caught(
    lang: str, old: str, new: str, expected: str
) -> None:
    body = next(body for body in blocks(lang) if old in body)
    assert problems(schema(), read(lang, body, lang)) == []
    found = problems(schema(), read(lang, body.replace(old, new), lang))
    assert any(line.endswith(expected) for line in found), found


def test_a_config_key_the_plugin_does_not_have_is_caught() -> None:
    text = "pulumi config set connect-tasks:regoin us-east-1 and connect-tasks:index:Tusk"
    assert problems(schema(), token_uses(text, "page")) == [
        "page: connect-tasks:regoin is not in the schema",
        "page: connect-tasks:index:Tusk is not in the schema",
    ]


def test_a_template_without_its_name_field_fails_check() -> None:
    """The YAML example is checked for its values too, not only its names."""
    program = yaml.safe_load((EXAMPLES / "yaml" / "Pulumi.yaml").read_text(encoding="utf-8"))
    template = program["resources"]["incident"]["properties"]
    fields = [f for f in template["fields"] if f["type"] != "NAME"]
    found = _check(TEMPLATE, "incident", {**template, "fields": fields})
    assert found and all(path.startswith(("fields", "constraints")) for path, _ in found), found
