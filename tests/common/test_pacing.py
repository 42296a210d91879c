"""The pacer on a fake clock: buckets, adaptation, settings, one pacer per account and Region."""

from __future__ import annotations

import time

import pytest

from pulumi_connect_tasks.common import pacing
from pulumi_connect_tasks.common.pacing import Limit, Pacer, Settings, settings_from


class FakeClock:
    """Time that moves only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class FakeQuota:
    """AWS's token bucket for one operation, with another client spending ``taken`` of its rate."""

    def __init__(self, rate: float, burst: float, taken: float = 0.0) -> None:
        self.rate, self.burst, self.tokens, self.last = rate - taken, burst, burst, 0.0

    def allow(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def paced(settings: Settings | None = None) -> tuple[Pacer, FakeClock]:
    clock = FakeClock()
    settings = settings if settings is not None else Settings()
    return Pacer(settings, clock=clock, sleep=clock.sleep), clock


def seed(n: int, rate: float, burst: float, taken: float = 0.0) -> tuple[float, int]:
    """Start n tasks one after another against a FakeQuota; (seconds, throttled calls)."""
    limits = () if (rate, burst) == (2.0, 5.0) else (("StartTaskContact", Limit(rate, burst)),)
    pacer, clock = paced(Settings(limits))
    quota = FakeQuota(rate, burst, taken)
    started = throttled = 0
    while started < n:
        sent = pacer.wait("StartTaskContact")
        if quota.allow(sent):
            started += 1
            pacer.answered("StartTaskContact")
        else:
            throttled += 1
            pacer.throttled("StartTaskContact", sent)
    return clock.now, throttled


def bound(n: int, rate: float, burst: float) -> float:
    return max(0.0, n - burst) / rate


# -- AWS's defaults ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "operation, limit",
    [
        ("StartTaskContact", Limit(2, 5)),
        ("UpdateContactSchedule", Limit(2, 5)),
        ("DescribeContact", Limit(10, 15)),
        ("StopContact", Limit(10, 15)),
        ("UpdateContact", Limit(10, 15)),
        ("UpdateContactAttributes", Limit(10, 15)),
        ("GetContactAttributes", Limit(10, 15)),
        ("ListContactReferences", Limit(10, 15)),
        ("CreateTaskTemplate", Limit(2, 5)),
        ("ListTaskTemplates", Limit(2, 5)),
    ],
)
def test_default_limits_are_aws_defaults(operation, limit):
    assert pacing.default_limit(operation) == limit


def test_a_burst_goes_at_once_then_calls_are_spaced_at_the_rate():
    pacer, clock = paced()
    sent = [pacer.wait("StartTaskContact") for _ in range(8)]
    # 4.5 tokens: half a token stays below AWS's burst of 5 (see pacing.MARGIN).
    assert sent[:4] == [0.0] * 4
    assert sent[4:] == pytest.approx([0.25, 0.75, 1.25, 1.75])


def test_operations_have_buckets_of_their_own():
    pacer, clock = paced()
    for _ in range(4):
        pacer.wait("StartTaskContact")
    assert [pacer.wait("DescribeContact") for _ in range(14)] == [0.0] * 14
    assert clock.now == 0.0


def test_seeding_alone_takes_the_bound_and_is_never_throttled():
    for n, rate, burst in [(45, 2.0, 5.0), (300, 20.0, 5.0), (1000, 2.0, 5.0)]:
        seconds, throttled = seed(n, rate, burst)
        assert throttled == 0
        assert seconds <= bound(n, rate, burst) + 0.5 / rate  # the half token of margin


def test_seeding_beside_a_client_taking_half_the_quota_finishes_near_the_rate_left():
    for n, rate in [(45, 2.0), (300, 2.0), (300, 20.0)]:
        seconds, throttled = seed(n, rate, 5.0, taken=rate / 2)
        assert seconds <= 1.05 * bound(n, rate / 2, 5.0)
        assert throttled <= 0.15 * n  # a few per cut-and-climb cycle, not one per task


# -- adaptation ---------------------------------------------------------------------------------
def test_a_throttle_empties_the_bucket_and_cuts_the_rate():
    pacer, clock = paced()
    sent = pacer.wait("StartTaskContact")
    pacer.throttled("StartTaskContact", sent)
    assert pacer.rate("StartTaskContact") == pytest.approx(2.0 * pacing.CUT)
    # No token is left: the next call waits a whole interval at the cut rate.
    assert pacer.wait("StartTaskContact") == pytest.approx(1 / (2.0 * pacing.CUT))


def test_throttles_of_calls_sent_before_the_cut_cut_once():
    pacer, clock = paced()
    sent = [pacer.wait("StartTaskContact") for _ in range(4)]
    clock.sleep(0.1)
    for at in sent:
        pacer.throttled("StartTaskContact", at)
    assert pacer.rate("StartTaskContact") == pytest.approx(2.0 * pacing.CUT)
    later = pacer.wait("StartTaskContact")
    pacer.throttled("StartTaskContact", later)
    assert pacer.rate("StartTaskContact") == pytest.approx(2.0 * pacing.CUT**2)
    assert pacer.throttles == 5


def test_answered_calls_climb_back_to_the_ceiling_and_no_further():
    pacer, clock = paced()
    pacer.throttled("StartTaskContact", pacer.wait("StartTaskContact"))  # 2.0 -> 1.6
    rates = []
    for _ in range(60):
        pacer.answered("StartTaskContact")
        rates.append(pacer.rate("StartTaskContact"))
    # 1.6 -> 1.8 at 1% of the ceiling a call, then a quarter of that up to where it was throttled.
    assert rates[9] == pytest.approx(1.8)
    assert rates[10] - rates[9] == pytest.approx(0.02 * pacing.PLATEAU[2])
    assert rates.index(2.0) in (49, 50)  # 10 calls, then 40 (one more where floats round down)
    assert max(rates) == 2.0


def test_the_climb_slows_near_the_rate_that_was_throttled_and_speeds_past_it():
    pacer, clock = paced(Settings((("StartTaskContact", Limit(20.0, 5.0)),)))
    for _ in range(3):  # 20 -> 16 -> 12.8 -> 10.24: another client takes about half
        clock.sleep(1)
        pacer.throttled("StartTaskContact", pacer.wait("StartTaskContact"))
    cut_from = 12.8

    def step() -> float:
        before = pacer.rate("StartTaskContact")
        pacer.answered("StartTaskContact")
        return pacer.rate("StartTaskContact") - before

    steps = []
    while pacer.rate("StartTaskContact") < 20.0:
        at = pacer.rate("StartTaskContact")
        steps.append((at, step()))
    far = [s for at, s in steps if at < 0.9 * cut_from]
    near = [s for at, s in steps if 0.9 * cut_from <= at <= 1.05 * cut_from]
    past = [s for at, s in steps if at > 1.05 * cut_from and at < 19.8]
    assert far and near and past
    assert (
        set(map(round4, far)) == {0.2}
        and set(map(round4, near)) == {0.05}
        and set(map(round4, past)) == {0.2}
    )


def round4(value: float) -> float:
    return round(value, 4)


def test_the_rate_never_falls_below_its_floor():
    pacer, clock = paced()
    for _ in range(100):
        pacer.throttled("StartTaskContact", pacer.wait("StartTaskContact"))
    assert pacer.rate("StartTaskContact") == pytest.approx(2.0 * pacing.FLOOR)


def test_a_raised_quota_is_paced_at_its_own_rate():
    pacer, clock = paced(Settings((("StartTaskContact", Limit(10.0, 20.0)),)))
    sent = [pacer.wait("StartTaskContact") for _ in range(29)]
    assert sent[:19] == [0.0] * 19
    assert sent[-1] == pytest.approx(1.0 - 0.05)


# -- one pacer per account, Region and endpoint ----------------------------------------------
def test_one_pacer_per_account_region_and_endpoint():
    settings = Settings()
    key = ("AKIA1", "us-east-1", "https://connect.us-east-1.amazonaws.com")
    assert pacing.pacer_for(key, settings) is pacing.pacer_for(key, settings)
    others = [
        ("AKIA2", *key[1:]),
        (key[0], "eu-west-2", key[2]),
        (*key[:2], "http://127.0.0.1:4566"),
    ]
    assert (
        len(
            {id(pacing.pacer_for(other, settings)) for other in others}
            | {id(pacing.pacer_for(key, settings))}
        )
        == 4
    )


def test_throttling_in_one_region_leaves_another_regions_rate_alone():
    settings = Settings()
    east = pacing.pacer_for(("AKIA1", "us-east-1", None), settings)
    west = pacing.pacer_for(("AKIA1", "us-west-2", None), settings)
    for _ in range(5):
        east.throttled("StartTaskContact", time.monotonic())
    assert east.rate("StartTaskContact") < 1.0
    assert west.rate("StartTaskContact") == 2.0


def test_other_settings_get_buckets_of_their_own():
    key = ("AKIA1", "us-east-1", None)
    raised = Settings((("StartTaskContact", Limit(5.0, 5.0)),))
    assert pacing.pacer_for(key, raised) is not pacing.pacer_for(key, Settings())


# -- settings -----------------------------------------------------------------------------------
def test_settings_default_to_aws_quotas_and_five_minutes():
    settings = settings_from({}, environ={})
    assert settings == Settings((), 300.0, None)
    assert settings.limit("StartTaskContact") == Limit(2.0, 5.0)


def test_stack_config_wins_over_the_environment():
    config = {"connect-tasks:startTaskContactRate": "8", "connect-tasks:retryDeadline": "60"}
    environ = {
        "CONNECT_TASKS_START_TASK_CONTACT_RATE": "4",
        "CONNECT_TASKS_RETRY_DEADLINE": "30",
        "CONNECT_TASKS_START_TASK_CONTACT_BURST": "12",
    }
    settings = settings_from(config, environ)
    assert settings.limit("StartTaskContact") == Limit(8.0, 12.0)
    assert settings.deadline == 60.0


def test_the_environment_sets_what_config_does_not():
    environ = {
        "CONNECT_TASKS_START_TASK_CONTACT_RATE": "4",
        "AWS_MAX_ATTEMPTS": "3",
        "CONNECT_TASKS_API_RATES": '{"DescribeContact": {"rate": 20, "burst": 30}, "StopContact": 12}',
    }
    settings = settings_from({}, environ)
    assert settings.limit("StartTaskContact") == Limit(4.0, 5.0)
    assert settings.limit("DescribeContact") == Limit(20.0, 30.0)
    assert settings.limit("StopContact") == Limit(12.0, 15.0)
    assert settings.max_attempts == 3


def test_api_rates_may_be_an_object_and_start_task_contact_rate_refines_it():
    config = {
        "connect-tasks:apiRates": {"StartTaskContact": {"rate": 20, "burst": 5}},
        "connect-tasks:startTaskContactBurst": 10,
    }
    assert settings_from(config, {}).limit("StartTaskContact") == Limit(20.0, 10.0)


@pytest.mark.parametrize(
    "config, message",
    [
        (
            {"connect-tasks:startTaskContactRate": "fast"},
            "connect-tasks:startTaskContactRate must be a number of requests per second of at least 0.001, got 'fast'",
        ),
        (
            {"connect-tasks:startTaskContactRate": "0"},
            "connect-tasks:startTaskContactRate must be a number of requests per second of at least 0.001, got '0'",
        ),
        (
            {"connect-tasks:startTaskContactBurst": "0.5"},
            "connect-tasks:startTaskContactBurst must be a number of requests of at least 1, got '0.5'",
        ),
        (
            {"connect-tasks:retryDeadline": "-1"},
            "connect-tasks:retryDeadline must be a number of seconds of at least 0, got '-1'",
        ),
        (
            {"connect-tasks:retryDeadline": "inf"},
            "connect-tasks:retryDeadline must be a number of seconds of at least 0, got 'inf'",
        ),
        (
            {"connect-tasks:apiRates": "{"},
            "connect-tasks:apiRates must be a JSON object of operation names, not valid JSON: Expecting property name enclosed in double quotes",
        ),
        (
            {"connect-tasks:apiRates": "[1]"},
            'connect-tasks:apiRates must be an object such as {"DescribeContact": {"rate": 20, "burst": 30}}',
        ),
        (
            {"connect-tasks:apiRates": '{"DescribeContact": {"rate": 20, "size": 3}}'},
            "connect-tasks:apiRates.DescribeContact has unknown member 'size'; use rate and burst",
        ),
        (
            {"connect-tasks:apiRates": '{"DescribeContact": {"rate": "x"}}'},
            "connect-tasks:apiRates.DescribeContact.rate must be a number of requests per second of at least 0.001, got 'x'",
        ),
    ],
)
def test_a_bad_setting_names_the_key_and_the_rule(config, message):
    with pytest.raises(ValueError) as caught:
        settings_from(config, {})
    assert str(caught.value) == message


def test_a_bad_environment_variable_is_named():
    with pytest.raises(
        ValueError, match="^CONNECT_TASKS_RETRY_DEADLINE must be a number of seconds"
    ):
        settings_from({}, {"CONNECT_TASKS_RETRY_DEADLINE": "soon"})


def test_configure_holds_for_the_process_until_reset(monkeypatch):
    monkeypatch.setenv("CONNECT_TASKS_START_TASK_CONTACT_RATE", "3")
    assert pacing.current_settings().limit("StartTaskContact").rate == 3.0
    pacing.configure({"connect-tasks:startTaskContactRate": "7"})
    assert pacing.current_settings().limit("StartTaskContact").rate == 7.0
    pacing.reset()
    assert pacing.current_settings().limit("StartTaskContact").rate == 3.0
    # Parsed once per set of values, and a changed variable is read again.
    assert pacing.current_settings() is pacing.current_settings()
    monkeypatch.setenv("CONNECT_TASKS_START_TASK_CONTACT_RATE", "4")
    assert pacing.current_settings().limit("StartTaskContact").rate == 4.0
