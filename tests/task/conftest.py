"""Fixtures of the tests of ``task/``: a fixed clock, valid requests, the request schema's
generator, and the Stubber on the client every provider call gets."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.task import lifecycle as provider_module

NOW = datetime(2026, 11, 25, 22, 0, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def now() -> datetime:
    return NOW


def _minimal_request(**members: object) -> dict:
    request = {"InstanceId": "inst-1", "Name": "Check the runbook", "ContactFlowId": "flow-1"}
    request.update(members)
    return request


@pytest.fixture
def make_request():
    """make_request(**members): the smallest valid request, with ``members`` added or replaced."""
    return _minimal_request


@pytest.fixture
def full_request() -> dict:
    """A valid request that sets every member the validator checks."""
    return {
        "InstanceId": "11111111-2222-3333-4444-555555555555",
        "Name": "Rotate the certificates",
        "Description": "Follow the runbook",
        "ContactFlowId": "flow-1",
        "PreviousContactId": "contact-0",
        "Attributes": {"env": "prod", "team_name": "ops", "ticket-id": "T-1"},
        "References": {
            "runbook": {"Type": "URL", "Value": "https://example.com/runbook"},
            "owner": {"Type": "EMAIL", "Value": "ops@example.com"},
            "priority": {"Type": "NUMBER", "Value": "3"},
            "due": {"Type": "DATE", "Value": "1764108000"},
            "note": {"Type": "STRING", "Value": "anything goes"},
        },
        "ScheduledTime": "2026-11-26T08:00:00Z",
        "ClientToken": "token-1",
        "SegmentAttributes": {
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 120}}},
            "nested": {
                "ValueMap": {
                    "k": {
                        "ValueList": [
                            {"ValueString": "a"},
                            {"ValueArn": "arn:aws:connect:us-east-1:123456789012:instance/i"},
                        ]
                    }
                }
            },
        },
        "Attachments": [
            {"FileName": "report.pdf", "S3Url": "https://bucket.s3.amazonaws.com/report.pdf?sig=1"}
        ],
    }


@pytest.fixture(scope="session")
def generator() -> ModuleType:
    """scripts/botocore_schema.py, which is a script, not a package module."""
    spec = importlib.util.spec_from_file_location(
        "botocore_schema", REPO / "scripts" / "botocore_schema.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def stubber(stubbed, monkeypatch, request):
    """``stubbed``'s Stubber, on the one client every provider call gets; the clock is the
    test module's NOW."""
    client, stub = stubbed
    monkeypatch.setattr(provider_module, "_now", lambda: request.module.NOW)
    monkeypatch.setattr(aws, "client_for", lambda region, profile: client)
    return stub
