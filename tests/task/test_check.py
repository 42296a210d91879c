"""ConnectTaskProvider.check: every failure on its exact input, unknowns in preview."""

from datetime import UTC, datetime

from pulumi.output import Unknown

from pulumi_connect_tasks.task import lifecycle as provider_module
from pulumi_connect_tasks.task.checks import check_inputs
from pulumi_connect_tasks.task.provider import ConnectTaskProvider

NOW = datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)
GOOD = {
    "instance_id": "arn:aws:connect:us-east-1:123456789012:instance/inst-1",
    "contact_flow_id": "flow-1",
    "name": "Top secret name",
    "description": "Top secret description",
    "references": {"runbook": {"type": "URL", "value": "https://wiki.example.com/r"}},
    "attributes": {"environment": "hidden-attribute-value"},
    "scheduled_time": "PT2H",
    "idempotency_key": "p/s/n",
    "__provider": "serialized",
}


def failures(news, olds=None):
    return check_inputs(olds or {}, news, now=NOW)[1]


def test_check_accepts_a_good_task_and_reduces_the_instance_arn():
    inputs, found = check_inputs({}, GOOD, now=NOW)
    assert found == []
    assert inputs["instance_id"] == "inst-1"
    assert "__provider" not in inputs


def test_check_reports_every_violation_on_its_input():
    news = {
        **GOOD,
        "quick_connect_id": "qc-1",
        "references": {"runbook": {"type": "URL", "value": "ftp://x"}},
        "attributes": {"bad key": "v"},
        "scheduled_time": "P7D",
        "region": "Mars",
        "colour": "blue",
    }
    assert failures(news) == [
        ('attributes["bad key"]', "key may contain only letters, digits, '-' and '_'"),
        ("colour", "is not an input of ConnectTask"),
        (
            "quick_connect_id",
            "exactly one of ContactFlowId, QuickConnectId, TaskTemplateId, ContactFlowName, QuickConnectName or TaskTemplateName is required (found 2: ContactFlowId, QuickConnectId)",
        ),
        ("references.runbook.value", "must be an absolute http or https URL (Type URL)"),
        ("region", "must be an AWS Region name such as us-east-1"),
        ("scheduled_time", "must be at most 6 days ahead"),
    ]


def test_check_messages_never_contain_sensitive_values():
    news = {
        **GOOD,
        "name": "Top secret name" * 100,
        "attributes": {"k": "hidden-attribute-value" * 1400, "j": "hidden-attribute-value" * 1400},
    }
    found = failures(news)
    assert [p for p, _ in found] == ["attributes", "name"]
    for _, reason in found:
        assert "Top secret" not in reason and "hidden-attribute" not in reason


def test_check_in_preview_skips_rules_on_unknown_values():
    news = {
        **GOOD,
        "instance_id": Unknown(),
        "contact_flow_id": Unknown(),
        "attributes": {"environment": Unknown()},
    }
    inputs, found = check_inputs({}, news, now=NOW)
    assert found == []
    assert isinstance(inputs["instance_id"], Unknown)


def test_check_unparsable_scheduled_time_names_the_forms():
    assert failures({**GOOD, "scheduled_time": "tomorrow"}) == [
        (
            "scheduled_time",
            "must be an RFC 3339 timestamp (2026-11-25T22:00:00Z), epoch seconds, or an ISO 8601 "
            "duration from now (PT2H, P1DT30M)",
        )
    ]


def test_check_past_time_fails_for_a_new_task_only():
    past = "2029-12-31T00:00:00Z"
    assert failures({**GOOD, "scheduled_time": past}) == [
        ("scheduled_time", "must not be in the past")
    ]
    old_inputs = {**GOOD, "scheduled_time": past}
    assert failures({**GOOD, "scheduled_time": past}, olds=old_inputs) == []


def test_check_changed_time_of_an_existing_task_must_be_in_the_window():
    olds = {**GOOD, "scheduled_time": "2029-12-31T00:00:00Z"}
    assert failures({**GOOD, "scheduled_time": "2029-12-31T06:00:00Z"}, olds=olds) == [
        ("scheduled_time", "must not be in the past"),
    ]


def test_check_requires_the_idempotency_key_and_valid_extras():
    news = {k: v for k, v in GOOD.items() if k != "idempotency_key"}
    assert failures({**news, "stop_on_delete": "no"}) == [
        (
            "idempotency_key",
            "is required (ConnectTask sets it from the project, stack and resource name)",
        ),
        ("stop_on_delete", "must be true or false"),
    ]


def test_provider_check_returns_pulumi_check_failures(monkeypatch):
    monkeypatch.setattr(provider_module, "_now", lambda: NOW)
    result = ConnectTaskProvider().check({}, {**GOOD, "name": None, "description": "x" * 5000})
    assert [(f.property, f.reason) for f in result.failures] == [
        ("description", "must be at most 4096 characters"),
        ("name", "is required"),
    ]
