"""The example definitions in tasks/: valid, editor-ready, and the JSON one AWS-CLI-ready."""

from __future__ import annotations

import json

import botocore.session
import pytest
from botocore.validate import ParamValidator

from pulumi_connect_tasks.files.definition_format import SCHEDULE_MEMBERS
from pulumi_connect_tasks.files.definitions import (
    EXTRA_MEMBERS,
    read_definition,
    validate_definition,
)
from pulumi_connect_tasks.task.schedule import is_relative

pytestmark = pytest.mark.botocore_model

MODELINE = "# yaml-language-server: $schema=../schemas/task_definition.schema.json"


def examples(repo, suffix: str):
    return sorted(path for path in (repo / "tasks").iterdir() if path.suffix == suffix)


def test_examples_exist(repo):
    assert [p.name for p in sorted((repo / "tasks").iterdir())] == [
        "holiday-hours-review.yaml",
        "onboarding-checklist.yaml",
        "verify-queue-routing.yaml",
        "weekly-access-review.json",
    ]


def test_every_yaml_example_starts_with_the_schema_modeline_that_resolves(repo):
    for path in examples(repo, ".yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == MODELINE, path.name
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert (
            target
            == (repo / "pulumi_connect_tasks" / "schemas" / "task_definition.schema.json").resolve()
        )


def test_every_example_is_valid(repo, now):
    for path in sorted((repo / "tasks").iterdir()):
        assert validate_definition(read_definition(path), now=now, file=path) == [], path.name


def test_verify_queue_routing_example_is_relative_with_a_url(repo):
    definition = read_definition(repo / "tasks" / "verify-queue-routing.yaml")
    assert definition["ScheduledTime"] == "PT2H" and is_relative(definition["ScheduledTime"])
    assert {ref["Type"] for ref in definition["References"].values()} == {"URL"}


def test_onboarding_checklist_example_has_url_and_email_references(repo):
    definition = read_definition(repo / "tasks" / "onboarding-checklist.yaml")
    assert sorted(ref["Type"] for ref in definition["References"].values()) == ["EMAIL", "URL"]


@pytest.fixture(scope="module")
def start_task_contact_shape():
    return (
        botocore.session.get_session()
        .get_service_model("connect")
        .operation_model("StartTaskContact")
        .input_shape
    )


def test_json_example_without_its_schedule_works_with_cli_input_json_given_instance_and_flow(
    repo, start_task_contact_shape
):
    # `aws connect start-task-contact --cli-input-json file://... --instance-id I --contact-flow-id F`
    # once Schedule and ScheduleTimezone (the recurring task's own members) are taken out.
    definition = json.loads(
        (repo / "tasks" / "weekly-access-review.json").read_text(encoding="utf-8")
    )
    assert set(definition) & set(EXTRA_MEMBERS) == set(SCHEDULE_MEMBERS)
    definition = {k: v for k, v in definition.items() if k not in SCHEDULE_MEMBERS}
    assert "ScheduledTime" not in definition or not is_relative(definition["ScheduledTime"])
    params = {**definition, "InstanceId": "inst-1", "ContactFlowId": "flow-1"}
    report = ParamValidator().validate(params, start_task_contact_shape)
    assert not report.has_errors(), report.generate_report()
