"""The seeding benchmark's arithmetic: bounds, verdicts, and telling the competitor's requests apart."""

from collections import Counter

from bench.competitor import CompetitorResult
from bench.harness import Request
from bench.seeding import Scenario, SeedingRun, _per_second, _without_competitor

SCALED = {"StartTaskContact": (20.0, 5.0), "DescribeContact": (100.0, 150.0)}


def _start(received: float, outcome: str = "ok", answered: float | None = None) -> Request:
    return Request(
        "StartTaskContact",
        "testing",
        received,
        received + 0.005 if answered is None else answered,
        outcome,
    )


def test_bound_is_n_minus_burst_over_the_rate():
    assert Scenario("s", "scaled", 300, SCALED).bound == 14.75
    assert Scenario("s", "scaled", 3, SCALED).bound == 0.0


def test_bound_of_a_competing_run_uses_the_rate_left():
    scenario = Scenario("c", "competing", 300, SCALED, competitor_rate=10.0)
    assert scenario.left_rate == 10.0
    assert scenario.bound == 29.5


def test_bound_without_throttling_is_none():
    assert Scenario("calibration", "no throttling", 300, None).bound is None


def test_missed_names_each_target_with_its_figure():
    run = SeedingRun(Scenario("s", "scaled", 100, SCALED, max_ratio=1.05, max_throttles=2.0))
    run.first_sent, run.last_answered, run.created = 1.0, 6.0, 100
    run.starts = Counter(ok=100, throttled=3)
    assert run.missed() == ["1.053× > 1.05× the bound", "3.0 > 2 throttles per 100 tasks"]
    run.last_answered = 7.0
    assert run.missed() == ["1.263× > 1.05× the bound", "3.0 > 2 throttles per 100 tasks"]


def test_missed_is_empty_when_every_target_is_met():
    run = SeedingRun(Scenario("s", "scaled", 100, SCALED, max_ratio=1.05, max_throttles=2.0))
    run.first_sent, run.last_answered, run.created = 1.0, 5.5, 100
    run.starts = Counter(ok=100, throttled=1)
    assert run.missed() == []


def test_missed_counts_failures_duplicates_and_missing_tasks():
    run = SeedingRun(Scenario("f", "faults", 10, SCALED))
    run.created, run.failed, run.duplicates = 9, 1, 2
    assert run.missed() == ["9 of 10 tasks created", "1 failed", "2 duplicates"]


def test_admitted_leaves_out_throttled_and_injected_errors():
    run = SeedingRun(Scenario("f", "faults", 10, SCALED))
    run.starts = Counter(ok=10, dropped=2, fault=3, throttled=4)
    assert run.admitted == 12
    assert run.admitted_bound == (12 - 5) / 20


def test_the_competitors_requests_are_taken_out_by_its_windows():
    records = [_start(1.000), _start(1.002, "throttled"), _start(1.050), _start(1.101, "throttled")]
    competitor = CompetitorResult(10.0, [(0.999, 1.010, "throttled"), (1.100, 1.110, "throttled")])
    left, unmatched = _without_competitor(records, competitor)
    assert [r.received for r in left] == [1.000, 1.050]
    assert unmatched == 0


def test_a_competitor_request_without_a_record_is_counted():
    competitor = CompetitorResult(10.0, [(2.0, 2.01, "ok")])
    left, unmatched = _without_competitor([_start(1.0)], competitor)
    assert left == [_start(1.0)]
    assert unmatched == 1


def test_per_second_counts_sends_by_receipt_and_starts_by_answer():
    starts = [
        _start(10.1),
        _start(10.5, "throttled"),
        _start(10.9, answered=11.2),
        _start(11.5, "fault"),
    ]
    rows = _per_second(starts, [(10.2, 10.3, "throttled")], origin=10.0, seconds=2)
    assert [(r.sent, r.started, r.throttled, r.faults) for r in rows] == [
        (3, 1, 1, 0),
        (1, 1, 0, 1),
    ]
    assert (rows[0].competitor_sent, rows[0].competitor_throttled) == (1, 1)
