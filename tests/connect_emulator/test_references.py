"""The Reference rules botocore's model documents, on StartTaskContact and UpdateContact.

"You can have up to 4,096 UTF-8 bytes across all references for a contact" (names
plus Values; the Type is not counted), and "DATE must be of type Epoch timestamp"
(1 to 13 ASCII digits: seconds or milliseconds).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import stored_contacts

DATE_RULE = "must be an epoch timestamp (1 to 13 digits, seconds or milliseconds) for Type DATE"
# "é" is 2 UTF-8 bytes: 5 + 2,000 + 6 + 2,086 = 4,097 bytes over names and values.
OVER_BUDGET = {
    "first": {"Type": "STRING", "Value": "é" * 1000},
    "second": {"Type": "STRING", "Value": "x" * 2086},
}
AT_BUDGET = {
    "first": {"Type": "STRING", "Value": "é" * 1000},
    "second": {"Type": "STRING", "Value": "x" * 2085},
}


def _budget_message(size: int) -> str:
    return f"References: names and values must total at most 4096 UTF-8 bytes across all references of a contact; got {size}"


def _message(caught: Any) -> str:
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return caught.value.response["Error"]["Message"]


def _values(references: dict[str, dict[str, Any]]) -> list[str]:
    return [ref["Value"] for ref in references.values() if ref["Value"]]


def _references(client: Any, instance_id: str, contact_id: str) -> list[dict[str, Any]]:
    types = ["URL", "NUMBER", "STRING", "DATE", "EMAIL"]
    return client.list_contact_references(
        InstanceId=instance_id, ContactId=contact_id, ReferenceTypes=types
    )["ReferenceSummaryList"]


# -- 4,096 bytes across all references ------------------------------------------------------


def test_start_task_contact_references_over_4096_bytes_is_invalid_parameter(
    client: Any, server: Any, start_task: Any
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(References=OVER_BUDGET)
    message = _message(caught)
    assert message == _budget_message(4097)
    assert not any(value in message for value in _values(OVER_BUDGET) + ["Call back"])
    assert stored_contacts(server.url) == []


def test_start_task_contact_references_at_4096_bytes_is_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(References=AT_BUDGET)
    assert [
        next(iter(summary.values()))["Name"]
        for summary in _references(client, instance_id, contact_id)
    ] == ["first", "second"]


def test_start_task_contact_template_defaults_count_toward_reference_budget(
    client: Any, server: Any, instance_id: str, flow_id: str, make_template: Any, start_task: Any
) -> None:
    # The default adds "Runbook" (7 bytes) and its 32-byte URL: 4 + 4,054 + 39 = 4,097.
    defaults = {
        "DefaultFieldValues": [
            {"Id": {"Name": "Runbook"}, "DefaultValue": "https://wiki.example.com/default"}
        ]
    }
    template_id = make_template(ContactFlowId=flow_id, Defaults=defaults)
    references = {"note": {"Type": "STRING", "Value": "n" * 4054}}
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.start_task_contact(
            InstanceId=instance_id,
            TaskTemplateId=template_id,
            Name="Call back",
            References=references,
        )
    message = _message(caught)
    assert message == _budget_message(4097)
    assert "n" * 20 not in message and "wiki.example.com" not in message
    assert stored_contacts(server.url) == []
    # Without the template's default the same references fit.
    assert start_task(References=references)


def test_update_contact_merged_references_over_4096_bytes_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(References={"a": {"Type": "STRING", "Value": "x" * 3000}})
    added = {"b": {"Type": "URL", "Value": "https://" + "y" * 1087}}
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.update_contact(InstanceId=instance_id, ContactId=contact_id, References=added)
    message = _message(caught)
    assert message == _budget_message(3001 + 1096)
    assert "x" * 20 not in message and "y" * 20 not in message
    assert _references(client, instance_id, contact_id) == [
        {"String": {"Name": "a", "Value": "x" * 3000}}
    ]


def test_update_contact_replaced_reference_counts_once(
    client: Any, instance_id: str, start_task: Any
) -> None:
    # The request's "a" replaces the stored one: 1 + 4,095 bytes, not 3,001 more.
    contact_id = start_task(References={"a": {"Type": "STRING", "Value": "x" * 3000}})
    client.update_contact(
        InstanceId=instance_id,
        ContactId=contact_id,
        References={"a": {"Type": "STRING", "Value": "y" * 4095}},
    )
    assert _references(client, instance_id, contact_id) == [
        {"String": {"Name": "a", "Value": "y" * 4095}}
    ]


# -- DATE is an epoch timestamp ------------------------------------------------------------

NOT_EPOCH = [
    "2026-01-01T00:00:00Z",  # RFC 3339
    "-1767225600",  # a sign
    "+1767225600",
    "1767225600.5",  # a fraction
    "",  # empty
    "17672256000000",  # 14 digits: beyond milliseconds
    " 1767225600",
    "١٧٦٧٢٢٥٦٠٠",  # digits, but not ASCII
]


@pytest.mark.parametrize("value", NOT_EPOCH)
def test_start_task_contact_date_reference_not_epoch_is_invalid_parameter(
    client: Any, server: Any, start_task: Any, value: str
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(References={"due": {"Type": "DATE", "Value": value}})
    message = _message(caught)
    assert message == f"References.due.Value {DATE_RULE}"
    assert "Call back" not in message and (not value.strip() or value.strip() not in message)
    assert stored_contacts(server.url) == []


@pytest.mark.parametrize("value", ["0", "1767225600", "1767225600000"])
def test_start_task_contact_date_reference_epoch_is_accepted(
    client: Any, instance_id: str, start_task: Any, value: str
) -> None:
    contact_id = start_task(References={"due": {"Type": "DATE", "Value": value}})
    assert _references(client, instance_id, contact_id) == [
        {"Date": {"Name": "due", "Value": value}}
    ]


def test_start_task_contact_rfc3339_string_reference_is_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    # Only a DATE is an epoch timestamp: a STRING may hold any text.
    contact_id = start_task(References={"due": {"Type": "STRING", "Value": "2026-01-01T00:00:00Z"}})
    assert _references(client, instance_id, contact_id) == [
        {"String": {"Name": "due", "Value": "2026-01-01T00:00:00Z"}}
    ]


def test_update_contact_date_reference_not_epoch_is_invalid_parameter(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task(References={"due": {"Type": "DATE", "Value": "1767225600"}})
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.update_contact(
            InstanceId=instance_id,
            ContactId=contact_id,
            Name="Renamed",
            References={"due": {"Type": "DATE", "Value": "2026-01-01T00:00:00Z"}},
        )
    message = _message(caught)
    assert message == f"References.due.Value {DATE_RULE}"
    assert "2026-01-01" not in message and "Renamed" not in message
    assert _references(client, instance_id, contact_id) == [
        {"Date": {"Name": "due", "Value": "1767225600"}}
    ]
    assert (
        client.describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]["Name"]
        == "Call back"
    )


def test_update_contact_date_reference_epoch_milliseconds_is_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    contact_id = start_task()
    client.update_contact(
        InstanceId=instance_id,
        ContactId=contact_id,
        References={"due": {"Type": "DATE", "Value": "1767225600000"}},
    )
    assert _references(client, instance_id, contact_id) == [
        {"Date": {"Name": "due", "Value": "1767225600000"}}
    ]


# -- "A valid value for the reference. For example, for a URL reference, a formatted URL" ----------
@pytest.mark.parametrize(
    ("kind", "value", "form"),
    [
        ("URL", "wiki.example.com/page", "a URL (http or https)"),
        ("URL", "ftp://files.example.com/a", "a URL (http or https)"),
        ("EMAIL", "ops at example.com", "an e-mail address"),
        ("NUMBER", "forty-two", "a number"),
        ("NUMBER", "", "a number"),
    ],
)
def test_start_task_contact_reference_value_of_the_wrong_form_is_invalid_parameter(
    client: Any, server: Any, start_task: Any, kind: str, value: str, form: str
) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        start_task(References={"r": {"Type": kind, "Value": value}})
    message = _message(caught)
    assert message == f"References.r.Value must be {form} for Type {kind}"
    assert stored_contacts(server.url) == []


def test_start_task_contact_reference_values_of_the_right_form_are_accepted(
    client: Any, instance_id: str, start_task: Any
) -> None:
    references = {
        "u": {"Type": "URL", "Value": "https://wiki.example.com/page?x=1"},
        "e": {"Type": "EMAIL", "Value": "ops@example.com"},
        "n": {"Type": "NUMBER", "Value": "-1.5e3"},
    }
    assert len(_references(client, instance_id, start_task(References=references))) == 3
