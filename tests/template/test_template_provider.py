"""ConnectTaskTemplateProvider: exact AWS requests of every method (Stubber), check and diff."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN as RPC_UNKNOWN

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.common.errors import AwsCallError, ConnectTaskError
from pulumi_connect_tasks.template import lifecycle as template_lifecycle
from pulumi_connect_tasks.template.provider import ConnectTaskTemplateProvider
from pulumi_connect_tasks.template.shape import template_client_token
from tests.template.template_support import (
    FLOW,
    INPUTS,
    INSTANCE,
    INSTANCE_ARN,
    NOW,
    REQUEST,
    TEMPLATE,
    TEMPLATE_ARN,
    created_outputs,
    template_response,
)

T2 = "tttttttt-0000-0000-0000-000000000002"
GET = {"InstanceId": INSTANCE, "TaskTemplateId": TEMPLATE}


@pytest.fixture
def stubber(monkeypatch):
    monkeypatch.setattr(template_lifecycle, "_now", lambda: NOW)
    monkeypatch.setattr(template_lifecycle, "READ_BACK_PAUSE_SECONDS", 0)
    client = boto3.client("connect", region_name="us-east-1")
    monkeypatch.setattr(aws, "client_for", lambda region, profile: client)
    with Stubber(client) as stub:
        yield stub
        stub.assert_no_pending_responses()


def token(generation: int = 0) -> str:
    return template_client_token("proj/dev/incident", INPUTS, generation)


def check(news: dict, olds: dict | None = None):
    return ConnectTaskTemplateProvider().check(olds or {}, {**news, "__provider": "p"})


def failures(news: dict) -> list[tuple[str, str]]:
    return [(f.property, f.reason) for f in check(news).failures]


# -- check ----------------------------------------------------------------------------------


def test_template_check_accepts_good_inputs_and_reduces_the_instance_arn():
    result = check({**INPUTS, "instance_id": INSTANCE_ARN})
    assert result.failures == []
    assert result.inputs == INPUTS


def test_template_check_rewrites_nested_keys_in_snake_case():
    fields = [{"Id": {"Name": "Title"}, "Type": "NAME"}, *INPUTS["fields"][1:]]
    result = check(
        {**INPUTS, "fields": fields, "constraints": {"RequiredFields": [{"Id": {"Name": "Title"}}]}}
    )
    assert result.failures == []
    assert result.inputs["fields"] == INPUTS["fields"]
    assert result.inputs["constraints"] == {"required_fields": [{"id": {"name": "Title"}}]}


def test_template_check_reports_failures_on_exact_property_paths():
    fields = [
        *INPUTS["fields"],
        {"id": {"name": "Severity"}, "type": "TEXT"},
        {"id": {"name": "Zone"}, "type": "SINGLE_SELECT"},
    ]
    news = {
        **INPUTS,
        "name": "n" * 101,
        "status": "PAUSED",
        "fields": fields,
        "region": "Mars",
        "colour": "blue",
        "constraints": {"required_fields": [{"id": {"name": "Title"}}, {"id": {"name": "Owner"}}]},
        "defaults": {
            "default_field_values": [{"id": {"name": "Area"}, "default_value": "compute"}]
        },
    }
    del news["idempotency_key"]
    assert failures(news) == [
        ("colour", "is not an input of ConnectTaskTemplate"),
        ("constraints.required_fields[1].id.name", "must name a field in Fields"),
        (
            "defaults.default_field_values[0].default_value",
            "must be one of the field's SingleSelectOptions",
        ),
        ("fields[4].id.name", "must be unique: Fields[2] has the same name"),
        (
            "fields[5].single_select_options",
            "must list at least one option for a field of Type SINGLE_SELECT",
        ),
        (
            "idempotency_key",
            "is required (ConnectTaskTemplate sets it from the project, stack and resource name)",
        ),
        ("name", "must be at most 100 characters"),
        ("region", "must be an AWS Region name such as us-east-1"),
        ("status", "must be one of: ACTIVE, INACTIVE"),
    ]


def test_template_check_required_members():
    news = {"idempotency_key": "k", "fields": [{"id": {"name": "Title"}, "type": "NAME"}]}
    assert failures(news) == [
        (
            "constraints",
            "is required: Amazon Connect requires it although its model marks it optional",
        ),
        ("contact_flow_id", "is required unless a field has Type QUICK_CONNECT"),
        ("instance_id", "is required"),
        ("name", "is required"),
    ]


def test_template_check_tolerates_unknowns_in_preview():
    news = {**INPUTS, "instance_id": Unknown(), "contact_flow_id": RPC_UNKNOWN, "fields": Unknown()}
    result = check(news)
    assert result.failures == []
    assert isinstance(result.inputs["instance_id"], Unknown)
    assert result.inputs["contact_flow_id"] == RPC_UNKNOWN


def test_template_check_failures_never_contain_values():
    secret = "Secret template description"
    news = {
        **INPUTS,
        "description": secret * 10,
        "defaults": {"default_field_values": [{"id": {"name": "Area"}, "default_value": secret}]},
    }
    found = failures(news)
    assert [path for path, _ in found] == [
        "defaults.default_field_values[0].default_value",
        "description",
    ]
    assert all("Secret" not in reason for _, reason in found)


# -- diff -----------------------------------------------------------------------------------


def test_template_diff_of_unchanged_inputs_is_empty():
    result = ConnectTaskTemplateProvider().diff(
        TEMPLATE, created_outputs(), {**INPUTS, "__provider": "p"}
    )
    assert (result.changes, result.replaces, result.delete_before_replace) == (False, [], False)


def test_template_diff_ignores_spelling_empty_lists_and_the_default_status():
    olds = created_outputs(
        status="ACTIVE",
        constraints={
            "required_fields": [{"id": {"name": "Title"}}, {"id": {"name": "Severity"}}],
            "invisible_fields": [],
        },
    )
    news = {
        **INPUTS,
        "constraints": {
            "RequiredFields": [{"Id": {"Name": "Title"}}, {"Id": {"Name": "Severity"}}]
        },
    }
    assert ConnectTaskTemplateProvider().diff(TEMPLATE, olds, news).changes is False


@pytest.mark.parametrize(
    "key,value",
    [
        ("name", "Renamed"),
        ("description", None),
        ("contact_flow_id", "other"),
        ("status", "INACTIVE"),
        ("fields", INPUTS["fields"][:3]),
        ("defaults", None),
        ("self_assign_flow_id", FLOW),
        ("contact_hooks", {"wrap_up_flow_id": "m"}),
        ("idempotency_key", "other"),
    ],
)
def test_template_diff_of_what_update_changes_is_in_place(key, value):
    result = ConnectTaskTemplateProvider().diff(TEMPLATE, created_outputs(), {**INPUTS, key: value})
    assert (result.changes, result.replaces) == (True, [])


@pytest.mark.parametrize(
    "key,value", [("instance_id", "other"), ("region", "eu-west-2"), ("instance_id", Unknown())]
)
def test_template_diff_of_instance_or_region_is_a_replace(key, value):
    result = ConnectTaskTemplateProvider().diff(TEMPLATE, created_outputs(), {**INPUTS, key: value})
    assert (result.changes, result.replaces) == (True, [key])


# -- create -----------------------------------------------------------------------------------


def test_template_create_sends_a_derived_token_then_reads_the_template(stubber):
    stubber.add_response(
        "create_task_template",
        {"Id": TEMPLATE, "Arn": TEMPLATE_ARN},
        {**REQUEST, "ClientToken": token()},
    )
    stubber.add_response("get_task_template", template_response(), GET)
    result = ConnectTaskTemplateProvider().create(dict(INPUTS))
    assert (result.id, result.outs) == (TEMPLATE, created_outputs())


def test_template_create_moves_past_a_token_whose_template_was_deleted(stubber):
    stubber.add_response(
        "create_task_template",
        {"Id": TEMPLATE, "Arn": TEMPLATE_ARN},
        {**REQUEST, "ClientToken": token(0)},
    )
    stubber.add_client_error(
        "get_task_template", "ResourceNotFoundException", "", 404, expected_params=GET
    )
    stubber.add_client_error(
        "get_task_template", "ResourceNotFoundException", "", 404, expected_params=GET
    )
    stubber.add_response(
        "create_task_template",
        {"Id": T2, "Arn": TEMPLATE_ARN[:-1] + "2"},
        {**REQUEST, "ClientToken": token(1)},
    )
    stubber.add_response(
        "get_task_template",
        template_response(Id=T2),
        {"InstanceId": INSTANCE, "TaskTemplateId": T2},
    )
    assert ConnectTaskTemplateProvider().create(dict(INPUTS)).id == T2


def test_template_create_reads_back_once_more_before_moving_on(stubber):
    stubber.add_response(
        "create_task_template",
        {"Id": TEMPLATE, "Arn": TEMPLATE_ARN},
        {**REQUEST, "ClientToken": token(0)},
    )
    stubber.add_client_error(
        "get_task_template", "ResourceNotFoundException", "", 404, expected_params=GET
    )
    stubber.add_response("get_task_template", template_response(), GET)
    assert ConnectTaskTemplateProvider().create(dict(INPUTS)).id == TEMPLATE


def test_template_create_names_the_template_when_reading_it_back_fails(stubber):
    stubber.add_response("create_task_template", {"Id": TEMPLATE, "Arn": TEMPLATE_ARN})
    stubber.add_client_error("get_task_template", "InternalServiceException", "x", 500)
    with pytest.raises(ConnectTaskError) as caught:
        ConnectTaskTemplateProvider().create(dict(INPUTS))
    assert str(caught.value).startswith(
        f"task template {TEMPLATE} was created but reading it back failed: GetTaskTemplate failed"
    )
    assert str(caught.value).endswith(
        "Run `pulumi up` again: it returns the same template, it does not create another"
    )


def test_template_create_gives_up_after_max_generations(stubber, monkeypatch):
    monkeypatch.setattr(template_lifecycle, "MAX_GENERATIONS", 2)
    for generation in range(2):
        stubber.add_response(
            "create_task_template",
            {"Id": TEMPLATE, "Arn": TEMPLATE_ARN},
            {**REQUEST, "ClientToken": token(generation)},
        )
        stubber.add_client_error("get_task_template", "ResourceNotFoundException", "", 404)
        stubber.add_client_error("get_task_template", "ResourceNotFoundException", "", 404)
    with pytest.raises(ConnectTaskError) as caught:
        ConnectTaskTemplateProvider().create(dict(INPUTS))
    assert str(caught.value) == (
        "CreateTaskTemplate: the last 2 templates of idempotency_key 'proj/dev/incident' have all been "
        "deleted; set a new idempotency_key to create another"
    )


def test_template_create_error_is_one_line(stubber):
    stubber.add_client_error("create_task_template", "ServiceQuotaExceededException", "", 402)
    with pytest.raises(AwsCallError) as caught:
        ConnectTaskTemplateProvider().create(dict(INPUTS))
    assert str(caught.value).startswith(
        "CreateTaskTemplate failed: ServiceQuotaExceededException: the instance already has 50"
    )


# -- read -------------------------------------------------------------------------------------


def test_template_read_of_a_gone_template_drops_it(stubber):
    stubber.add_client_error(
        "get_task_template", "ResourceNotFoundException", "", 404, expected_params=GET
    )
    result = ConnectTaskTemplateProvider().read(TEMPLATE, created_outputs())
    assert (result.id, result.outs) == ("", {})


def test_template_read_equals_the_outputs_of_create(stubber):
    stubber.add_response("get_task_template", template_response(), GET)
    result = ConnectTaskTemplateProvider().read(TEMPLATE, {**created_outputs(), "__provider": "p"})
    assert (result.id, result.outs, result.inputs) == (TEMPLATE, created_outputs(), INPUTS)


def test_template_read_shows_drift(stubber):
    live = template_response(
        Name="Renamed by hand",
        Description=None,
        Status="INACTIVE",
        LastModifiedTime=NOW.replace(hour=13),
    )
    stubber.add_response("get_task_template", live, GET)
    result = ConnectTaskTemplateProvider().read(TEMPLATE, created_outputs(region="us-east-1"))
    inputs = {k: v for k, v in INPUTS.items() if k != "description"}
    inputs.update(name="Renamed by hand", status="INACTIVE", region="us-east-1")
    assert result.inputs == inputs
    assert result.outs == {
        **inputs,
        "template_id": TEMPLATE,
        "template_arn": TEMPLATE_ARN,
        "created_at": "2030-01-01T12:00:00Z",
        "last_modified_at": "2030-01-01T13:00:00Z",
        "aws_region": "us-east-1",
    }


# -- update -----------------------------------------------------------------------------------


def test_template_update_sends_the_whole_template_with_its_status(stubber):
    news = {**INPUTS, "name": "Renamed", "description": None}
    request = {k: v for k, v in REQUEST.items() if k != "Description"}
    request.update(Name="Renamed", TaskTemplateId=TEMPLATE, Status="ACTIVE")
    response = template_response(
        Name="Renamed", Description=None, LastModifiedTime=NOW.replace(minute=5)
    )
    stubber.add_response("update_task_template", response, request)
    outs = ConnectTaskTemplateProvider().update(TEMPLATE, created_outputs(), news).outs
    expected = {k: v for k, v in created_outputs().items() if k != "description"}
    assert outs == {**expected, "name": "Renamed", "last_modified_at": "2030-01-01T12:05:00Z"}


def test_template_update_of_the_status(stubber):
    request = {**REQUEST, "TaskTemplateId": TEMPLATE, "Status": "INACTIVE"}
    stubber.add_response("update_task_template", template_response(Status="INACTIVE"), request)
    outs = (
        ConnectTaskTemplateProvider()
        .update(TEMPLATE, created_outputs(), {**INPUTS, "status": "INACTIVE"})
        .outs
    )
    assert outs == created_outputs(status="INACTIVE")


def test_template_update_of_idempotency_key_alone_makes_no_call(stubber):
    outs = (
        ConnectTaskTemplateProvider()
        .update(TEMPLATE, created_outputs(), {**INPUTS, "idempotency_key": "new"})
        .outs
    )
    assert outs == created_outputs(idempotency_key="new")


def test_template_update_error_is_raised(stubber):
    stubber.add_client_error("update_task_template", "PropertyValidationException", "bad", 400)
    with pytest.raises(AwsCallError) as caught:
        ConnectTaskTemplateProvider().update(TEMPLATE, created_outputs(), {**INPUTS, "name": "x"})
    assert caught.value.code == "PropertyValidationException"


# -- delete -----------------------------------------------------------------------------------


def test_template_delete_deletes_the_template(stubber):
    stubber.add_response("delete_task_template", {}, GET)
    ConnectTaskTemplateProvider().delete(TEMPLATE, created_outputs())


def test_template_delete_of_a_gone_template_is_fine(stubber):
    stubber.add_client_error(
        "delete_task_template", "ResourceNotFoundException", "", 404, expected_params=GET
    )
    ConnectTaskTemplateProvider().delete(TEMPLATE, created_outputs())
