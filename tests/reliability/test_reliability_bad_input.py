"""Generated requests, good and bad, against the validator and the provider's Check.

Properties: validation never raises; every violation names the member it is about; no
message carries a sensitive value; and whatever the validator accepts, botocore's own
parameter validation for StartTaskContact accepts too (botocore checks less: types,
required members, minimum lengths).
"""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta

import botocore.session
import pytest
from botocore.validate import validate_parameters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulumi_connect_tasks.task.checks import check_inputs
from pulumi_connect_tasks.task.contact import INPUT_KEYS
from pulumi_connect_tasks.task.requests import from_request
from pulumi_connect_tasks.task.validation import Violation, validate_start_task_contact

pytestmark = [pytest.mark.slow, pytest.mark.botocore_model]

NOW = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
INPUT_SHAPE = (
    botocore.session.get_session()
    .get_service_model("connect")
    .operation_model("StartTaskContact")
    .input_shape
)
MEMBERS = set(INPUT_SHAPE.members)
TARGETS = ("ContactFlowId", "QuickConnectId", "TaskTemplateId")
MARK = "\u2602"  # in every sensitive value of the leak test; in no message

# -- strategies ------------------------------------------------------------------------------
wrong_type = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def mostly(good: st.SearchStrategy, bad: st.SearchStrategy = wrong_type) -> st.SearchStrategy:
    """Usually ``good``, sometimes ``bad``.

    (one_of cannot weight: it drops repeated strategies. Hypothesis draws the ends of a
    range often, so the rare pick is one from the middle.)
    """
    return st.integers(0, 9).flatmap(lambda pick: bad if pick == 4 else good)


identifier = mostly(
    st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=40),
    st.one_of(st.text(max_size=8), st.just("i" * 101), st.just("i" * 501)),
)
sensitive_text = mostly(st.text(max_size=30), st.sampled_from(["n" * 1025, "d" * 4097]))
scheduled_time = st.one_of(
    st.datetimes(
        min_value=datetime(2026, 11, 15), max_value=datetime(2026, 12, 5), timezones=st.just(UTC)
    ),
    st.datetimes(
        min_value=datetime(2026, 11, 15), max_value=datetime(2026, 12, 5), timezones=st.just(UTC)
    ).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")),
    st.integers(
        int((NOW - timedelta(days=10)).timestamp()), int((NOW + timedelta(days=10)).timestamp())
    ),
    st.floats(NOW.timestamp() - 3600, NOW.timestamp() + 8 * 86400),
    st.integers(-(2**63), 2**63),
    st.text(max_size=12),
)
reference = st.fixed_dictionaries(
    {
        "Type": mostly(
            st.sampled_from(["URL", "NUMBER", "STRING", "DATE", "EMAIL", "ATTACHMENT", "BOGUS"])
        )
    },
    optional={
        "Value": mostly(
            st.one_of(
                st.sampled_from(
                    [
                        "https://example.com/x",
                        "42",
                        "-1.5e3",
                        "1764108000",
                        "a@b.co",
                        "not a url",
                        "",
                    ]
                ),
                st.text(max_size=12),
            )
        ),
        "Status": st.sampled_from(["APPROVED", "nope"]),
    },
)
segment_value = st.recursive(
    st.fixed_dictionaries(
        {},
        optional={
            "ValueString": mostly(st.text(max_size=10)),
            "ValueInteger": st.one_of(st.integers(-(2**40), 2**40), st.floats(-5, 5)),
            "ValueArn": st.text(max_size=10),
        },
    ),
    lambda inner: st.fixed_dictionaries(
        {},
        optional={
            "ValueList": st.lists(inner, max_size=2),
            "ValueMap": st.dictionaries(st.text(max_size=6), inner, max_size=2),
        },
    ),
    max_leaves=4,
)
attachment = st.fixed_dictionaries(
    {},
    optional={
        "FileName": mostly(st.one_of(st.text(max_size=12), st.just("report.pdf"))),
        "S3Url": mostly(st.sampled_from(["https://bucket.s3.amazonaws.com/r.pdf?sig=1", "", "x"])),
        "Extra": st.integers(),
    },
)


def requests(sensitive: st.SearchStrategy = sensitive_text) -> st.SearchStrategy:
    """StartTaskContact requests, most nearly valid, each member sometimes wrong."""
    members = st.fixed_dictionaries(
        {"InstanceId": mostly(identifier), "Name": mostly(sensitive)},
        optional={
            "PreviousContactId": mostly(identifier),
            "RelatedContactId": mostly(identifier),
            "Description": mostly(sensitive),
            "Attributes": mostly(
                st.dictionaries(
                    st.text(alphabet=string.ascii_letters + string.digits + "-_ .:é", max_size=10),
                    mostly(sensitive),
                    max_size=4,
                )
            ),
            "References": mostly(
                st.dictionaries(st.text(max_size=10), mostly(reference), max_size=3)
            ),
            "ScheduledTime": scheduled_time,
            "ClientToken": mostly(st.one_of(st.text(max_size=20), st.just("t" * 501))),
            "SegmentAttributes": mostly(
                st.dictionaries(st.text(max_size=10), mostly(segment_value), max_size=2)
            ),
            "Attachments": mostly(st.lists(mostly(attachment), max_size=6)),
        },
    )
    one_target = st.sampled_from(TARGETS).flatmap(
        lambda member: st.fixed_dictionaries({member: mostly(identifier)})
    )
    any_targets = st.fixed_dictionaries(
        {}, optional={member: mostly(identifier) for member in TARGETS}
    )
    unknown = st.fixed_dictionaries(
        {}, optional={"Unknown": st.integers(), "name": st.text(max_size=3)}
    )
    return st.builds(
        lambda *parts: {k: v for part in parts for k, v in part.items()},
        members,
        mostly(one_target, any_targets),
        mostly(st.just({}), unknown),
    )


anything = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


# -- properties ------------------------------------------------------------------------------
def _assert_well_formed(request: object, violations: list[Violation]) -> None:
    assert isinstance(violations, list)
    for violation in violations:
        assert isinstance(violation, Violation)
        assert isinstance(violation.message, str) and violation.message
        if not isinstance(request, dict):
            assert violation.path == ()
            continue
        assert violation.path, violation
        assert violation.path[0] in MEMBERS or violation.path[0] in request, violation


def test_reliability_bad_input_validator_never_raises_and_every_violation_names_a_member():
    seen = {"requests": 0, "violations": 0}

    @SETTINGS
    @given(mostly(requests(), anything))
    def check(request):
        violations = validate_start_task_contact(request, now=NOW)
        _assert_well_formed(request, violations)
        seen["requests"] += 1
        seen["violations"] += len(violations)

    check()
    assert seen["requests"] >= 100 and seen["violations"] > 0


def test_reliability_bad_input_what_the_validator_accepts_botocore_accepts():
    accepted = []

    @SETTINGS
    @given(requests())
    def check(request):
        if validate_start_task_contact(request, now=NOW) == []:
            validate_parameters(request, INPUT_SHAPE)  # raises ParamValidationError otherwise
            accepted.append(request)

    check()
    # Not vacuous: a good share of the generated requests is valid.
    assert len(accepted) >= 20


def test_reliability_bad_input_no_message_carries_a_sensitive_value():
    marked = st.text(max_size=30).map(lambda text: MARK + text + MARK)

    @SETTINGS
    @given(requests(sensitive=st.one_of(marked, marked.map(lambda t: t * 400))))
    def check(request):
        for violation in validate_start_task_contact(request, now=NOW):
            assert MARK not in violation.message
            assert MARK not in violation.json_path()

    check()


def test_reliability_bad_input_provider_check_never_raises_and_names_an_input():
    @SETTINGS
    @given(requests())
    def check(request):
        news = {**from_request(request), "idempotency_key": "reliability/dev/task"}
        inputs, failures = check_inputs({}, news, now=NOW)
        assert isinstance(inputs, dict)
        for prop, reason in failures:
            assert isinstance(reason, str) and reason
            root = prop.split(".")[0].split("[")[0]
            assert root in INPUT_KEYS or root in news, (prop, reason)

    check()
