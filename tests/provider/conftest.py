"""Fixtures shared by the provider's unit tests."""

import boto3
import pytest
from botocore.stub import Stubber

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.task import provider as provider_module


@pytest.fixture
def stubber(monkeypatch, request):
    """A Stubber on the one client every provider call gets; the clock is the test module's NOW.
    A call the test did not queue fails the test, and so does a queued one left unmade."""
    monkeypatch.setattr(provider_module, "_now", lambda: request.module.NOW)
    client = boto3.client("connect", region_name="us-east-1")
    monkeypatch.setattr(aws, "client_for", lambda region, profile: client)
    with Stubber(client) as stub:
        yield stub
        stub.assert_no_pending_responses()
