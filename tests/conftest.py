"""Fake AWS credentials for every test, so no test can reach a real account."""

import pytest


@pytest.fixture(autouse=True)
def fake_aws_credentials(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in (
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_CONNECT",
        "AWS_RETRY_MODE",
        "AWS_MAX_ATTEMPTS",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "CONNECT_TASKS_START_TASK_CONTACT_RATE",
        "CONNECT_TASKS_START_TASK_CONTACT_BURST",
        "CONNECT_TASKS_API_RATES",
        "CONNECT_TASKS_RETRY_DEADLINE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")


@pytest.fixture(autouse=True)
def fresh_pacers():
    """Each test starts with no configured settings and full buckets in this process."""
    from pulumi_connect_tasks.common import pacing

    pacing.reset()
    yield
    pacing.reset()


@pytest.fixture(autouse=True)
def fresh_replacements():
    """Each test starts with no task noted by an earlier test's diff in this process."""
    from pulumi_connect_tasks.task import replacing

    replacing.reset()
    yield
    replacing.reset()


@pytest.fixture(autouse=True)
def no_pulumi_root_stack():
    """Each test starts as in a fresh process: no Pulumi root stack left in this thread by an
    earlier test's ``set_mocks`` (which creates a root stack only when there is none)."""
    from pulumi.runtime import settings

    settings.ROOT.set(None)
    yield
    settings.ROOT.set(None)


@pytest.fixture
def stubbed():
    """A Connect client with botocore's Stubber on it: ``(client, stubber)``. A call the test
    did not queue fails the test, and so does a queued one left unmade."""
    import boto3
    from botocore.stub import Stubber

    client = boto3.client("connect", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()
