"""Fixtures of the task template tests: fake AWS credentials, no cached clients."""

from __future__ import annotations

import pytest

from pulumi_connect_tasks.common import aws


@pytest.fixture(autouse=True)
def template_fake_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here can reach AWS: fake credentials and region, no profile, no endpoint
    left over, and no client cached by an earlier test (it could point elsewhere)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in (
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_CONNECT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    monkeypatch.setattr(aws, "_clients", {})
