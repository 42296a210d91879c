"""The inputs every resource of this package has beside its AWS request: checked alike.

``region`` (where the resource lives), ``idempotency_key`` (set by the resource class from
the project, stack and resource name; it makes creates idempotent), and no input the
resource does not know. Messages name the input and the rule, never its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .ids import instance_id
from .unknown import is_unknown

__all__ = ["given_inputs", "resource_input_failures", "is_region"]

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def is_region(value: Any) -> bool:
    """True for an AWS Region name such as us-east-1 (the form, not a list of Regions)."""
    return isinstance(value, str) and _REGION.match(value) is not None


def given_inputs(news: dict[str, Any], outputs: Iterable[str]) -> dict[str, Any]:
    """What Check gives the rules: ``news`` without None values, the engine's ``__provider``
    and the resource's ``outputs``, with an instance ARN reduced to its id. Unknown values
    stay as they are."""
    skipped = {"__provider", *outputs}
    inputs = {k: v for k, v in news.items() if k not in skipped and v is not None}
    if "instance_id" in inputs and not is_unknown(inputs["instance_id"]):
        inputs["instance_id"] = instance_id(inputs["instance_id"])
    return inputs


def resource_input_failures(
    inputs: dict[str, Any], known: Iterable[str], resource: str
) -> list[tuple[str, str]]:
    """``(input, reason)`` for every input of ``inputs`` not in ``known``, a region that is
    not a Region name, and a missing or malformed idempotency_key of ``resource``."""
    known = set(known)
    failures = [(k, f"is not an input of {resource}") for k in sorted(inputs) if k not in known]
    region = inputs.get("region")
    if region is not None and not is_unknown(region):
        if not is_region(region):
            failures.append(("region", "must be an AWS Region name such as us-east-1"))
    key = inputs.get("idempotency_key")
    if key is None:
        failures.append(
            (
                "idempotency_key",
                f"is required ({resource} sets it from the project, stack and resource name)",
            )
        )
    elif not is_unknown(key) and (not isinstance(key, str) or not 1 <= len(key) <= 1024):
        failures.append(("idempotency_key", "must be a string of 1 to 1024 characters"))
    return failures
