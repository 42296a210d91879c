"""Fixtures of every test: an environment that cannot reach AWS, and no state left in this
process by an earlier test (pacers, noted replacements, Pulumi's root stack). And, for the
folders whose ``connect`` fixture is a client of a running emulator, a new instance and flow
in it (``instance_id``, ``flow_id``)."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.endpoint import Endpoint
from botocore.exceptions import EndpointConnectionError

from tests.emulator_support import new_flow, new_instance

FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    # No user config or credentials file: nothing of ~/.aws is read.
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
}
"""What every test sees: fake credentials and Region, and AWS files that do not exist."""

NOT_SET = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_CONNECT",
    "AWS_RETRY_MODE",
    "AWS_MAX_ATTEMPTS",
    "CONNECT_TASKS_START_TASK_CONTACT_RATE",
    "CONNECT_TASKS_START_TASK_CONTACT_BURST",
    "CONNECT_TASKS_API_RATES",
    "CONNECT_TASKS_RETRY_DEADLINE",
)
"""What no test inherits from the shell that runs pytest: a test that wants one sets it."""


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
"""The only hosts a botocore request of this process may go to: the emulators' addresses."""

_SESSION_ENVIRONMENT = pytest.StashKey[pytest.MonkeyPatch]()
_REFUSED: list[str] = []
"""The URLs of the requests refused since the running test began."""


def _loopback_only(send: Any) -> Any:
    """``Endpoint._send`` that sends nothing beyond this machine. Fake credentials keep a
    request from acting on an account, not from leaving: a client without an emulator
    endpoint would go to AWS's. Such a request fails as one that could not connect, and the
    test fails at its end (``fake_aws_credentials``) whatever it expected."""

    def guarded(endpoint: Endpoint, request: Any) -> Any:
        if urlsplit(request.url).hostname not in LOOPBACK:
            _REFUSED.append(request.url)
            raise EndpointConnectionError(endpoint_url=request.url)
        return send(endpoint, request)

    return guarded


def _fake_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sets :data:`FAKE_AWS` and removes :data:`NOT_SET`, undone when ``monkeypatch`` is."""
    for name, value in FAKE_AWS.items():
        monkeypatch.setenv(name, value)
    for name in NOT_SET:
        monkeypatch.delenv(name, raising=False)


def pytest_configure(config: pytest.Config) -> None:
    """The same environment from the start of the run, before any test module is imported:
    code that runs at collection (a module-level botocore session) and session-scoped
    fixtures, which run before any test's autouse fixture, never see the shell's. botocore
    sends to loopback addresses only, from then on."""
    monkeypatch = pytest.MonkeyPatch()
    _fake_aws_environment(monkeypatch)
    monkeypatch.setattr(Endpoint, "_send", _loopback_only(Endpoint._send))
    config.stash[_SESSION_ENVIRONMENT] = monkeypatch


def pytest_unconfigure(config: pytest.Config) -> None:
    monkeypatch = config.stash.get(_SESSION_ENVIRONMENT, None)
    if monkeypatch is not None:
        monkeypatch.undo()


@pytest.fixture(autouse=True)
def fake_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test can reach AWS: fake credentials and Region, no profile, no AWS config or
    credentials file, no endpoint or retry setting from the shell (set again for each test,
    whatever an earlier one left in ``os.environ``).

    Tests that check what a new user sees run their subprocess with an environment built by
    hand (``clean_env``), not this one.

    In this process botocore sends to loopback addresses only: a request to any other host is
    refused, and fails the test that made it.
    """
    _fake_aws_environment(monkeypatch)
    _REFUSED.clear()
    yield
    refused, _REFUSED[:] = list(_REFUSED), []
    assert refused == [], (
        "requests to hosts other than this machine (no emulator endpoint set?): "
        + ", ".join(refused)
    )


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


@pytest.fixture
def instance_id(connect: Any) -> str:
    """A new instance in the emulator that the folder's ``connect`` client reaches."""
    return new_instance(connect, "tests")


@pytest.fixture
def flow_id(connect: Any, instance_id: str) -> str:
    """A new flow in ``instance_id``, called ``emulator_support.FLOW_NAME``."""
    return new_flow(connect, instance_id)
