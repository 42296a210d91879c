"""An endpoint that cannot be reached fails at once, with advice; a dropped response is retried.

Through :func:`aws.client_for`, as the provider builds its client: a closed port (refused),
a full accept queue (connect timeout), and the emulator dropping the connection after
StartTaskContact ran.
"""

import socket
import sys

import pytest
from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from connect_emulator import EmulatorServer
from connect_emulator.prepare import ensure_environment
from pulumi_connect_tasks.common import aws, retrying
from pulumi_connect_tasks.common.errors import AwsCallError
from tests.emulator_support import emulator_get, emulator_post

ADVICE = (
    "so nothing was sent; check that the endpoint is up (the local emulator: `make emulator`), "
    "AWS_ENDPOINT_URL_CONNECT or AWS_ENDPOINT_URL, and the Region"
)
REQUEST = {"InstanceId": "i", "ContactFlowId": "f", "Name": "n", "ClientToken": "t"}
# A hang guard, not a speed figure: were a could-not-connect error retried, the call would go
# on for the default 300 s deadline before the attempt count failed the test; with this one
# it fails within seconds. One attempt, as asserted, never comes near it.
HANG_GUARD_DEADLINE = "10"


def closed_port() -> int:
    """A loopback port nothing listens on: bound, read, closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def client_to_closed_port(monkeypatch, region: str):
    """A provider client whose endpoint is a closed port, and that endpoint's URL."""
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", url)
    monkeypatch.setenv("CONNECT_TASKS_RETRY_DEADLINE", HANG_GUARD_DEADLINE)
    return aws.client_for(region, None), url


def test_refused_connection_fails_at_once_and_names_what_to_check(monkeypatch):
    client, url = client_to_closed_port(monkeypatch, "eu-west-2")
    attempts = []
    client.meta.events.register("before-send.connect", lambda **_: attempts.append(1))
    with pytest.raises(AwsCallError) as caught:
        aws.start_task_contact(client, dict(REQUEST))
    assert len(attempts) == 1  # at once: no retry, so no backoff either
    assert caught.value.code == "EndpointConnectionError"
    assert str(caught.value) == (
        f"StartTaskContact failed: EndpointConnectionError: could not connect to {url} (Region eu-west-2), {ADVICE}"
    )


def test_refused_connection_is_not_retried(monkeypatch):
    client, _ = client_to_closed_port(monkeypatch, "us-east-1")
    attempts = []
    client.meta.events.register("before-send.connect", lambda **_: attempts.append(1))
    with pytest.raises(AwsCallError):
        aws.describe_contact(client, "i", "c")
    assert len(attempts) == 1


@pytest.mark.slow  # waits for a connect timeout
@pytest.mark.skipif(
    sys.platform != "linux", reason="relies on Linux dropping SYNs to a full accept queue"
)
def test_connect_timeout_fails_after_one_attempt(monkeypatch):
    monkeypatch.setattr(aws, "CONNECT_TIMEOUT_SECONDS", 0.5)
    with socket.socket() as listener, socket.socket() as holder:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        holder.connect(listener.getsockname())  # fills the queue: later SYNs go unanswered
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", url)
        monkeypatch.setenv("CONNECT_TASKS_RETRY_DEADLINE", HANG_GUARD_DEADLINE)
        client = aws.client_for("us-east-1", None)
        attempts = []
        client.meta.events.register("before-send.connect", lambda **_: attempts.append(1))
        with pytest.raises(AwsCallError) as caught:
            aws.start_task_contact(client, dict(REQUEST))
    assert len(attempts) == 1
    assert str(caught.value) == (
        f"StartTaskContact failed: ConnectTimeoutError: could not connect to {url} (Region us-east-1), {ADVICE}"
    )


def test_client_waits_a_few_seconds_for_a_connection():
    assert aws.client_for("us-east-1", None).meta.config.connect_timeout == 5


@pytest.mark.parametrize(
    "error, retried",
    [
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:9"), False),
        (ConnectTimeoutError(endpoint_url="http://127.0.0.1:9"), False),
        (ConnectionClosedError(endpoint_url="http://127.0.0.1:9"), True),
        (ReadTimeoutError(endpoint_url="http://127.0.0.1:9"), True),
    ],
)
def test_only_could_not_connect_errors_stop_the_retries(error, retried):
    assert retrying._verdict(None, error) == ("transient" if retried else "final")


@pytest.mark.slow  # starts an emulator
def test_connection_dropped_after_the_start_is_retried_and_starts_one_task(monkeypatch):
    with EmulatorServer(port=0, throttle=False) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.url)
        client = aws.client_for("us-east-1", None)
        ids = ensure_environment(client, None, "dropped", "{}")
        instance_id, flow_id = ids["instanceId"], ids["contactFlowId"]
        emulator_post(
            server.url,
            "/_emulator/faults",
            {"operation": "StartTaskContact", "calls": [1], "kind": "drop_after"},
        )
        contact_id = aws.start_task_contact(
            client, {**REQUEST, "InstanceId": instance_id, "ContactFlowId": flow_id}
        )
        assert [c["id"] for c in emulator_get(server.url, "/_emulator/contacts")["contacts"]] == [
            contact_id
        ]
        assert emulator_get(server.url, "/_emulator/calls")["calls"]["StartTaskContact"] == 2
