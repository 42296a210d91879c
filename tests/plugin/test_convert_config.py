"""camelCase <-> the core's snake_case, property paths, and the plugin's config: no process."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.common.config import ProviderConfig
from pulumi_connect_tasks.common.unknown import UNKNOWN
from pulumi_connect_tasks.plugin.config import config_failures, config_values, configured
from pulumi_connect_tasks.plugin.convert import camel_path, from_core, to_core
from pulumi_connect_tasks.plugin.resources import KINDS, default_key, split_id
from pulumi_connect_tasks.plugin.schema import TASK, TEMPLATE, package_schema

PROGRAM = {
    "instanceId": "i-1",
    "contactFlowId": "f-1",
    "segmentAttributes": {
        "connect:ContactExpiry": {"valueMap": {"ExpiryDuration": {"valueInteger": 30}}},
        "team_name": {"valueString": "ops"},
    },
    "attachments": [{"fileName": "a.pdf", "s3Url": "https://s3/a"}],
    "references": {"runBook": {"type": "URL", "value": "https://x"}},
    "attributes": {"fooBar": "1", "value_string": "kept"},
    "arn": "arn:aws:connect:...",
    "contactId": "c-1",
}


def test_to_core_renames_members_and_keeps_map_keys():
    core = to_core(TASK, PROGRAM)
    assert core["segment_attributes"] == {
        "connect:ContactExpiry": {"value_map": {"ExpiryDuration": {"value_integer": 30}}},
        "team_name": {"value_string": "ops"},
    }
    assert core["attachments"] == [{"file_name": "a.pdf", "s3_url": "https://s3/a"}]
    assert core["references"] == {"runBook": {"type": "URL", "value": "https://x"}}
    assert core["attributes"] == {"fooBar": "1", "value_string": "kept"}
    assert (core["contact_arn"], core["instance_id"]) == ("arn:aws:connect:...", "i-1")
    assert from_core(TASK, core) == PROGRAM


def test_the_arn_output_is_each_resource_own():
    assert to_core(TEMPLATE, {"arn": "a"}) == {"template_arn": "a"}
    assert to_core(TASK, {"arn": "a"}) == {"contact_arn": "a"}


def test_every_schema_name_survives_the_round_trip():
    schema = package_schema()
    for token in (TASK, TEMPLATE):
        properties = schema["resources"][token]["properties"]
        assert from_core(token, to_core(token, {k: "x" for k in properties})) == {
            k: "x" for k in properties
        }


@pytest.mark.parametrize(
    ("token", "core", "plugin"),
    [
        (TASK, "instance_id", "instanceId"),
        (TASK, "segment_attributes.team_name.value_list", "segmentAttributes.team_name.valueList"),
        (
            TASK,
            "segment_attributes.k.value_map.Expiry_x.value_integer",
            "segmentAttributes.k.valueMap.Expiry_x.valueInteger",
        ),
        (TASK, "attachments[0].s3_url", "attachments[0].s3Url"),
        (TASK, 'references["a.b"].value', 'references["a.b"].value'),
        (TASK, "attributes.foo_bar", "attributes.foo_bar"),
        (TASK, "contact_arn", "arn"),
        (
            TEMPLATE,
            "defaults.default_field_values[1].default_value",
            "defaults.defaultFieldValues[1].defaultValue",
        ),
        (
            TEMPLATE,
            "constraints.required_fields[0].id.name",
            "constraints.requiredFields[0].id.name",
        ),
        (TASK, "", ""),
    ],
)
def test_camel_path(token, core, plugin):
    assert camel_path(token, core) == plugin


def test_ids_and_the_default_idempotency_key():
    task = KINDS[TASK]
    assert split_id(task, "i-1:c-1") == ("i-1", "c-1")
    for bad in ("c-1", ":c-1", "i-1:", "i-1:c:1"):
        with pytest.raises(Exception, match=r"<instance id>:<contact id>"):
            split_id(task, bad)
    assert (
        default_key("urn:pulumi:dev::shop::connect-tasks:index:Task::review") == "shop/dev/review"
    )
    parent = "urn:pulumi:prod::shop::my:Set$connect-tasks:index:Task::set-review"
    assert default_key(parent) == "shop/prod/set-review"


def test_config_from_both_forms_args_winning():
    values = config_values(
        {
            "connect-tasks:config:region": "eu-west-1",
            "connect-tasks:profile": "ops",
            "aws:region": "x",
        },
        {"region": "eu-central-1"},
    )
    assert values == {"region": "eu-central-1", "profile": "ops"}


def test_a_config_value_not_known_yet_is_left_out():
    unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # the wire's unknown
    values = config_values(
        {"connect-tasks:config:region": unknown}, {"profile": UNKNOWN, "retryDeadline": "60"}
    )
    assert values == {"retryDeadline": "60"}
    assert configured(values) == ProviderConfig(None, None)


def test_config_failures_name_the_key_and_the_rule():
    assert config_failures({"region": "us-east-1", "version": "0.1.0", "__internal": "x"}) == []
    failures = dict(
        config_failures({"retryDeadline": "-1", "apiRates": "{not json", "profile": "", "bogus": 1})
    )
    assert set(failures) == {"retryDeadline", "apiRates", "profile", "bogus"}
    assert failures["profile"] == "must be the name of an AWS profile"
    assert failures["apiRates"].startswith("must be a JSON object of operation names")
