"""Paced, patient calls through :func:`aws.client_for`, against the emulator over HTTP.

The emulator throttles at AWS's default quotas per account and Region, and injects faults
on the call numbers a test names.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from connect_emulator import EmulatorServer
from connect_emulator.prepare import ensure_environment
from pulumi_connect_tasks.common import aws, pacing
from pulumi_connect_tasks.common.errors import AwsCallError
from tests.emulator_support import emulator_get, emulator_post


@pytest.fixture
def target(monkeypatch):
    """An emulator with an instance and a flow; yields (url, client, request builder).

    It starts a server: every test that takes it is marked slow, the others are not."""
    with EmulatorServer(port=0) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.url)
        client = aws.client_for("us-east-1", None)
        ids = ensure_environment(client, None, "paced", "{}")

        def request(index: int) -> dict:
            return {
                "InstanceId": ids["instanceId"],
                "ContactFlowId": ids["contactFlowId"],
                "Name": f"task {index}",
                "ClientToken": f"token-{index}",
            }

        yield server.url, client, request


def start_calls(url: str) -> int:
    return emulator_get(url, "/_emulator/calls")["calls"].get("StartTaskContact", 0)


def fault(url: str, **rule) -> None:
    emulator_post(url, "/_emulator/faults", {"operation": "StartTaskContact", **rule})


@pytest.mark.slow
def test_calls_wait_for_the_quota_instead_of_being_throttled(target):
    url, client, request = target
    began = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(lambda i: aws.start_task_contact(client, request(i)), range(9)))
    elapsed = time.monotonic() - began
    assert len(set(ids)) == 9
    assert start_calls(url) == 9  # not one ThrottlingException
    # 4 at once, then one every 0.5 s: AWS's 2/s.
    assert elapsed >= (9 - 4.5) / 2 - 0.05


@pytest.mark.slow
def test_server_errors_are_retried_with_the_same_client_token(target):
    url, client, request = target
    fault(url, kind="error", calls=[1, 2], code="InternalServiceException")
    contact_id = aws.start_task_contact(client, request(1))
    assert start_calls(url) == 3
    assert [c["id"] for c in emulator_get(url, "/_emulator/contacts")["contacts"]] == [contact_id]


@pytest.mark.slow
def test_a_quota_error_is_never_retried(target):
    url, client, request = target
    fault(url, kind="error", calls=[1], code="ServiceQuotaExceededException")
    with pytest.raises(AwsCallError) as caught:
        aws.start_task_contact(client, request(1))
    assert start_calls(url) == 1
    assert caught.value.code == "ServiceQuotaExceededException"
    assert "not retried: end some tasks or request a quota increase" in str(caught.value)


@pytest.mark.slow
def test_throttling_is_retried_until_the_deadline_then_says_what_to_do(target, monkeypatch):
    url, client, request = target
    monkeypatch.setenv("CONNECT_TASKS_RETRY_DEADLINE", "1.5")
    # Another client has the whole quota: AWS's bucket never refills for this one.
    emulator_post(
        url, "/_emulator/throttle", {"operation": "StartTaskContact", "rate": 0, "burst": 1}
    )
    aws.start_task_contact(client, request(1))
    caught: list[AwsCallError] = []

    def second_call() -> None:
        try:
            aws.start_task_contact(client, request(2))
        except AwsCallError as error:
            caught.append(error)

    began = time.monotonic()
    caller = threading.Thread(target=second_call, daemon=True)
    caller.start()
    # A hang guard, not a speed figure: retries that ignored the 1.5 s deadline never end.
    caller.join(timeout=60)
    assert not caller.is_alive(), "still retrying 60 s after a 1.5 s deadline"
    assert time.monotonic() - began >= 1.0  # it did retry until the deadline
    [error] = caught
    assert error.code == "ThrottlingException"
    assert "raise connect-tasks:retryDeadline (CONNECT_TASKS_RETRY_DEADLINE)" in str(error)
    # Paced retries: a few a second at the cut rate, not a flood.
    assert 2 < start_calls(url) < 10


@pytest.mark.slow
def test_aws_max_attempts_still_caps_the_attempts_when_set(target, monkeypatch):
    url, client, request = target
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    fault(url, kind="error", calls=[1, 2], code="InternalServiceException")
    with pytest.raises(AwsCallError) as caught:
        aws.start_task_contact(client, request(1))
    assert caught.value.code == "InternalServiceException"
    assert start_calls(url) == 2


@pytest.mark.slow
def test_many_failures_never_exhaust_a_shared_budget(target):
    # botocore's standard mode shares a retry quota of 500 between the threads of a client,
    # spending 10 per dropped connection: some 50 retries, and later creates failed.
    url, client, request = target
    emulator_post(
        url, "/_emulator/throttle", {"operation": "StartTaskContact", "rate": 500, "burst": 50}
    )
    pacing.configure(
        {"connect-tasks:startTaskContactRate": "500", "connect-tasks:startTaskContactBurst": "50"}
    )
    fault(url, kind="drop_after", rate=0.35)
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: aws.start_task_contact(client, request(i)), range(150)))
    assert len(set(ids)) == 150
    assert len(emulator_get(url, "/_emulator/contacts")["contacts"]) == 150
    assert start_calls(url) > 150 + 50  # past botocore's 50 retries, none lost, none doubled


def test_aws_retry_mode_adaptive_does_not_stack_a_second_limiter(monkeypatch):
    monkeypatch.setenv("AWS_RETRY_MODE", "adaptive")
    client = aws.client_for("us-east-1", None)
    assert client.meta.config.retries == {"mode": "standard"}


def test_a_bad_rate_in_the_environment_is_said_before_any_call(monkeypatch):
    monkeypatch.setenv("CONNECT_TASKS_START_TASK_CONTACT_RATE", "lots")
    with pytest.raises(AwsCallError) as caught:
        aws.client_for("us-east-1", None)
    assert str(caught.value) == (
        "cannot call Amazon Connect: CONNECT_TASKS_START_TASK_CONTACT_RATE must be a number of "
        "requests per second of at least 0.001, got 'lots'"
    )


@pytest.mark.slow
def test_regions_are_paced_apart_and_a_throttled_region_slows_only_itself(target, monkeypatch):
    url, east, request = target
    west = aws.client_for("eu-west-1", None)
    west_ids = ensure_environment(west, None, "paced-west", "{}")
    # Another client leaves us-east-1 a quarter of the quota; eu-west-1 has it all.
    emulator_post(
        url,
        "/_emulator/throttle",
        {"operation": "StartTaskContact", "rate": 0.5, "burst": 5, "region": "us-east-1"},
    )

    def west_request(index: int) -> dict:
        return {
            "InstanceId": west_ids["instanceId"],
            "ContactFlowId": west_ids["contactFlowId"],
            "Name": f"west {index}",
            "ClientToken": f"west-{index}",
        }

    with ThreadPoolExecutor(8) as pool:
        east_started = pool.map(lambda i: aws.start_task_contact(east, request(i)), range(6))
        west_started = pool.map(lambda i: aws.start_task_contact(west, west_request(i)), range(8))
        assert len(set(east_started)) == 6 and len(set(west_started)) == 8
    settings = pacing.current_settings()
    assert pacing.pacer_for(("testing", "us-east-1", url), settings).throttles > 0
    west_pacer = pacing.pacer_for(("testing", "eu-west-1", url), settings)
    assert west_pacer.throttles == 0
    assert west_pacer.rate("StartTaskContact") == 2.0
