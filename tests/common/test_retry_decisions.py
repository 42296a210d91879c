"""retrying's decisions, one answer at a time, on a fake clock: retry or not, and how long to wait."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from botocore.exceptions import ConnectionClosedError, EndpointConnectionError, ReadTimeoutError

from pulumi_connect_tasks.common import pacing, retrying
from pulumi_connect_tasks.common.pacing import Pacer, Settings
from tests.common.test_pacing import FakeClock


@pytest.fixture
def decide():
    """needs-retry for one StartTaskContact call: (answer(attempts, status, code, caught), pacer, clock, call)."""
    clock = FakeClock()
    pacer = Pacer(Settings(), clock=clock, sleep=clock.sleep)
    handlers = retrying._Handlers(("AKIA", "us-east-1", None), clock, rand=lambda: 0.5)
    call = retrying._Call(pacer, "StartTaskContact", deadline=clock() + 60, max_attempts=None)
    call.sent_at = pacer.wait("StartTaskContact")
    context = {retrying._CONTEXT_KEY: call}

    def answer(
        attempts: int, status: int | None = None, code: str = "", caught: Exception | None = None
    ):
        response = (
            None
            if status is None
            else (SimpleNamespace(status_code=status), {"Error": {"Code": code}} if code else {})
        )
        return handlers.needs_retry(
            response=response,
            attempts=attempts,
            caught_exception=caught,
            request_dict={"context": context},
        )

    return answer, pacer, clock, call


def test_an_answer_is_not_retried_and_the_pacer_climbs(decide):
    answer, pacer, clock, call = decide
    pacer.throttled("StartTaskContact", call.sent_at)
    assert answer(1, 200) is False
    assert pacer.rate("StartTaskContact") == pytest.approx(2.0 * (pacing.CUT + pacing.CLIMB))


@pytest.mark.parametrize(
    "status, code",
    [
        (402, "ServiceQuotaExceededException"),
        (400, "InvalidParameterException"),
        (404, "ResourceNotFoundException"),
        (403, "AccessDeniedException"),
        (410, "ContactNotFoundException"),
    ],
)
def test_client_errors_and_quota_errors_are_never_retried(decide, status, code):
    answer, pacer, clock, call = decide
    assert answer(1, status, code) is False


@pytest.mark.parametrize(
    "status, code",
    [
        (429, "ThrottlingException"),
        (429, "LimitExceededException"),
        (400, "TooManyRequestsException"),
    ],
)
def test_throttling_is_retried_at_once_and_cuts_the_rate(decide, status, code):
    answer, pacer, clock, call = decide
    delay = answer(1, status, code)
    assert delay == 0.0 and delay is not False
    assert pacer.throttles == 1
    assert pacer.rate("StartTaskContact") == pytest.approx(2.0 * pacing.CUT)


def test_server_errors_are_retried_at_once_then_with_a_growing_backoff(decide):
    answer, pacer, clock, call = decide
    assert [answer(n, 500, "InternalServiceException") for n in (1, 2, 3, 4)] == [
        0.0,
        0.05,
        0.1,
        0.2,
    ]
    assert answer(12, 503) == 0.5 * retrying.BACKOFF_CAP
    assert pacer.throttles == 0


@pytest.mark.parametrize(
    "caught, retried",
    [
        (ConnectionClosedError(endpoint_url="http://x"), True),
        (ReadTimeoutError(endpoint_url="http://x"), True),
        (EndpointConnectionError(endpoint_url="http://x"), False),
        (ValueError("a bug"), False),
    ],
)
def test_a_dropped_response_is_retried_a_connection_never_opened_is_not(decide, caught, retried):
    answer, pacer, clock, call = decide
    result = answer(1, caught=caught)
    if retried:
        assert result == 0.0 and result is not False
    else:
        assert result is False


def test_no_retry_would_start_after_the_deadline(decide):
    answer, pacer, clock, call = decide
    clock.now = call.deadline - 0.01
    assert answer(1, 429, "ThrottlingException") == 0.0
    assert answer(5, 500) is False  # its backoff (0.4 s) would end past the deadline
    clock.now = call.deadline + 0.01
    assert answer(1, 429, "ThrottlingException") is False


def test_aws_max_attempts_caps_the_attempts_when_set(decide):
    answer, pacer, clock, call = decide
    call.max_attempts = 3
    assert answer(2, 500) == 0.05
    assert answer(3, 500) is False


def test_a_call_without_a_pacer_is_left_to_botocore(decide):
    handlers = retrying._Handlers(("AKIA", "us-east-1", None), FakeClock(), rand=lambda: 0.5)
    assert (
        handlers.needs_retry(
            response=None, attempts=1, caught_exception=None, request_dict={"context": {}}
        )
        is None
    )
