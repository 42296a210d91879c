"""The SegmentAttributes rules botocore's model documents, on StartTaskContact and UpdateContact.

"Attribute keys can include only alphanumeric, -, and _", while the documented
system-defined keys carry the prefix "connect:"; ValueList and ValueArn are "only
supported for system-defined attributes"; contact expiry is "a ValueMap [...]
containing the integer number of minutes".
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import stored_contacts

KEY_RULE = "a key may contain only letters, digits, '-' and '_', after the prefix 'connect:' for a system-defined attribute"
SYSTEM_ONLY = "is only supported for system-defined attributes (keys starting with 'connect:'), not for user-defined attributes"
EXPIRY_RULE = "SegmentAttributes.connect:ContactExpiry must set ValueMap.ExpiryDuration.ValueInteger to a number of minutes from 1 to 129600"
SECRET = "TOPSECRET-VALUE"
USER_ARN = "arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/a-1"


def _message(caught: Any) -> str:
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    message = caught.value.response["Error"]["Message"]
    assert SECRET not in message and "Call back" not in message
    return message


def _segments(client: Any, instance_id: str, contact_id: str) -> Any:
    return client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"].get(
        "SegmentAttributes"
    )


@pytest.mark.parametrize(
    "key",
    ["my.key", "a b", "other:Thing", "Connect:ContactExpiry", "connect:", "connect:a:b", "clé"],
)
def test_start_task_contact_segment_attribute_key_is_invalid_parameter(
    client: Any, server: Any, start_task: Any, key: str
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(SegmentAttributes={key: {"ValueString": SECRET}})
    assert _message(caught) == f"SegmentAttributes.{key}: {KEY_RULE}"
    assert stored_contacts(server.url) == []


def test_start_task_contact_documented_segment_attribute_keys_are_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    segments = {
        "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 135}}},
        "connect:CreatedByUser": {"ValueString": USER_ARN},
        "connect:Custom_list-1": {"ValueList": [{"ValueString": "a"}]},
        "connect:Custom_arn": {"ValueArn": USER_ARN},
        "user_key-1": {"ValueString": "x"},
        "user2": {"ValueMap": {"inner": {"ValueInteger": 2}}},
    }
    assert _segments(client, instance_id, start_task(SegmentAttributes=segments)) == segments


@pytest.mark.parametrize(
    ("member", "value"),
    [("ValueList", [{"ValueString": SECRET}]), ("ValueArn", f"arn:aws:connect:::{SECRET}")],
)
def test_start_task_contact_user_defined_system_only_member_is_invalid_parameter(
    client: Any, server: Any, start_task: Any, member: str, value: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(SegmentAttributes={"tags": {member: value}})
    assert _message(caught) == f"SegmentAttributes.tags.{member} {SYSTEM_ONLY}"
    assert stored_contacts(server.url) == []


def test_start_task_contact_expiry_bare_value_integer_is_invalid_parameter(
    client: Any, server: Any, start_task: Any
) -> None:
    # AWS documents the minutes inside ValueMap.ExpiryDuration only; the bare form was once read.
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(SegmentAttributes={"connect:ContactExpiry": {"ValueInteger": 135}})
    assert _message(caught) == EXPIRY_RULE
    assert stored_contacts(server.url) == []


def test_start_task_contact_expiry_above_90_days_is_invalid_parameter(
    client: Any, server: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(
            SegmentAttributes={
                "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 129601}}}
            }
        )
    assert _message(caught) == EXPIRY_RULE
    assert stored_contacts(server.url) == []


def test_start_task_contact_expiry_of_90_days_is_accepted(
    client: Any, server: Any, start_task: Any
) -> None:
    contact_id = start_task(
        SegmentAttributes={
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 129600}}}
        }
    )
    [stored] = stored_contacts(server.url)
    assert (stored["id"], stored["expiry"] - stored["initiation"]) == (contact_id, 129600 * 60)


def test_update_contact_segment_attribute_key_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(SegmentAttributes={"kept": {"ValueString": "1"}})
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.update_contact(
            InstanceId=instance_id,
            ContactId=contact_id,
            SegmentAttributes={"bad.key": {"ValueString": SECRET}},
        )
    assert _message(caught) == f"SegmentAttributes.bad.key: {KEY_RULE}"
    assert _segments(client, instance_id, contact_id) == {"kept": {"ValueString": "1"}}


def test_update_contact_user_defined_value_arn_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.update_contact(
            InstanceId=instance_id,
            ContactId=contact_id,
            SegmentAttributes={"owner": {"ValueArn": f"arn:{SECRET}"}},
        )
    assert _message(caught) == f"SegmentAttributes.owner.ValueArn {SYSTEM_ONLY}"
    assert _segments(client, instance_id, contact_id) is None


def test_update_contact_expiry_bare_value_integer_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    expiry = {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 60}}}}
    contact_id = start_task(SegmentAttributes=expiry)
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.update_contact(
            InstanceId=instance_id,
            ContactId=contact_id,
            SegmentAttributes={"connect:ContactExpiry": {"ValueInteger": 90}},
        )
    assert _message(caught) == EXPIRY_RULE
    assert _segments(client, instance_id, contact_id) == expiry


def test_start_task_contact_system_defined_value_list_is_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(
        SegmentAttributes={
            "user": {"ValueString": "1"},
            "connect:Subtypes": {"ValueList": [{"ValueString": "a"}]},
        }
    )
    assert _segments(client, instance_id, contact_id) == {
        "user": {"ValueString": "1"},
        "connect:Subtypes": {"ValueList": [{"ValueString": "a"}]},
    }


# -- ValueArn: "The value of a segment attribute that has to be a valid ARN." --------------------
@pytest.mark.parametrize(
    ("segments", "path"),
    [
        (
            {"connect:CreatedByUser": {"ValueArn": "agent-7"}},
            "SegmentAttributes.connect:CreatedByUser",
        ),
        (
            {"connect:Things": {"ValueList": [{"ValueArn": "arn:aws"}]}},
            "SegmentAttributes.connect:Things.ValueList[0]",
        ),
        (
            {"connect:Map": {"ValueMap": {"inner": {"ValueArn": "x"}}}},
            "SegmentAttributes.connect:Map.ValueMap.inner",
        ),
    ],
)
def test_start_task_contact_value_arn_must_be_an_arn(
    client: Any, server: Any, start_task: Any, segments: dict, path: str
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(SegmentAttributes=segments)
    assert _message(caught) == f"{path}.ValueArn must be a valid ARN"
    assert stored_contacts(server.url) == []


def test_start_task_contact_value_arn_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    arn = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/a"
    contact_id = start_task(SegmentAttributes={"connect:CreatedByUser": {"ValueArn": arn}})
    assert _segments(client, instance_id, contact_id) == {
        "connect:CreatedByUser": {"ValueArn": arn}
    }
