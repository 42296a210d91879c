"""Fixtures shared by the provider's unit tests."""

import pytest

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.task import lifecycle as provider_module


@pytest.fixture
def stubber(stubbed, monkeypatch, request):
    """``stubbed``'s Stubber, on the one client every provider call gets; the clock is the
    test module's NOW."""
    client, stub = stubbed
    monkeypatch.setattr(provider_module, "_now", lambda: request.module.NOW)
    monkeypatch.setattr(aws, "client_for", lambda region, profile: client)
    return stub
