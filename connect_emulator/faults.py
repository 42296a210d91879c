"""Deterministic fault injection per operation.

A rule (JSON, as POST /_emulator/faults takes it):

    {"operation": "StartTaskContact" | "*",
     "kind": "error" | "drop_before" | "drop_after" | "latency",
     "calls": [2, 5]          # fire on these call numbers ...
     "rate": 0.25,            # ... or on this fraction of calls (exactly one of the two)
     "code": "InternalServiceException",  # kind "error" only (default), any code in exceptions.py
     "message": "...",        # kind "error" only, optional
     "seconds": 0.2}          # kind "latency" only, required

Call numbers count the requests for the rule's operation received since the
rule was installed, starting at 1 (throttled requests included). Whether a
rate rule fires on call n depends only on (seed, rule position, n), so a run
repeats exactly under the same seed whatever the thread timing.

Kinds: "error" answers with the error instead of performing the operation;
"drop_before" closes the connection without performing it; "drop_after"
performs it, then closes the connection without a response (a response lost
after the task was created); "latency" sleeps ``seconds`` first.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .exceptions import error_class

__all__ = ["Decision", "FaultInjector", "FaultRule", "KINDS", "parse_rules"]

KINDS = ("error", "drop_before", "drop_after", "latency")
_KEYS = {"operation", "kind", "calls", "rate", "code", "message", "seconds"}


@dataclass
class FaultRule:
    """One installed rule and the number of matching requests it has seen."""

    operation: str
    kind: str
    calls: tuple[int, ...] | None = None
    rate: float | None = None
    code: str = "InternalServiceException"
    message: str = "Injected fault: internal service error."
    seconds: float = 0.0
    seen: int = field(default=0, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The rule as the JSON it was given, plus ``seen``."""
        data: dict[str, Any] = {"operation": self.operation, "kind": self.kind, "seen": self.seen}
        if self.calls is not None:
            data["calls"] = list(self.calls)
        if self.rate is not None:
            data["rate"] = self.rate
        if self.kind == "error":
            data["code"], data["message"] = self.code, self.message
        if self.kind == "latency":
            data["seconds"] = self.seconds
        return data


@dataclass(frozen=True)
class Decision:
    """What to do with one request: sleep ``latency`` seconds, then ``kind`` (None: serve normally)."""

    latency: float = 0.0
    kind: str | None = None
    code: str = "InternalServiceException"
    message: str = ""


def _parse_rule(data: Mapping[str, Any]) -> FaultRule:
    if not isinstance(data, Mapping):
        raise ValueError("a fault rule must be a JSON object")
    unknown = set(data) - _KEYS
    if unknown:
        raise ValueError("unknown fault rule keys: " + ", ".join(sorted(unknown)))
    operation, kind = data.get("operation"), data.get("kind")
    if not isinstance(operation, str) or not operation:
        raise ValueError("a fault rule needs 'operation' (an operation name or '*')")
    if kind not in KINDS:
        raise ValueError("'kind' must be one of " + ", ".join(KINDS))
    if ("calls" in data) == ("rate" in data):
        raise ValueError("a fault rule needs exactly one of 'calls' and 'rate'")
    rule = FaultRule(operation=operation, kind=kind)
    if "calls" in data:
        calls = data["calls"]
        if not isinstance(calls, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in calls
        ):
            raise ValueError("'calls' must be a list of call numbers >= 1")
        rule.calls = tuple(calls)
    else:
        rate = data["rate"]
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0.0 <= rate <= 1.0:
            raise ValueError("'rate' must be a number from 0 to 1")
        rule.rate = float(rate)
    if kind == "error":
        rule.code = data.get("code", rule.code)
        try:
            error_class(rule.code)
        except KeyError:
            raise ValueError("'code' is not an error code the emulator knows") from None
        rule.message = str(data.get("message", f"Injected fault: {rule.code}."))
    elif "code" in data or "message" in data:
        raise ValueError("'code' and 'message' apply to kind 'error' only")
    if kind == "latency":
        seconds = data.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise ValueError("kind 'latency' needs 'seconds' >= 0")
        rule.seconds = float(seconds)
    elif "seconds" in data:
        raise ValueError("'seconds' applies to kind 'latency' only")
    return rule


def parse_rules(data: Any) -> list[FaultRule]:
    """Rules from a rule object, a list of them, or ``{"rules": [...]}``; ValueError names the problem."""
    if isinstance(data, Mapping) and "rules" in data:
        data = data["rules"]
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list):
        raise ValueError('faults must be a rule object, a list of rules, or {"rules": [...]}')
    return [_parse_rule(item) for item in data]


class FaultInjector:
    """The installed rules and the seed; thread-safe."""

    def __init__(
        self, rules: Iterable[Mapping[str, Any] | FaultRule] | None = None, seed: int = 0
    ) -> None:
        self._lock = threading.Lock()
        self.seed = seed
        self._initial = [r if isinstance(r, FaultRule) else _parse_rule(r) for r in (rules or [])]
        self.rules: list[FaultRule] = []
        self.reset()

    def reset(self) -> None:
        """Back to the constructor's rules, counters at zero."""
        with self._lock:
            self.rules = [FaultRule(**{**r.__dict__, "seen": 0}) for r in self._initial]

    def configure(self, rules: list[FaultRule], seed: int | None = None) -> None:
        """Replace every rule (an empty list clears them); optionally change the seed."""
        with self._lock:
            self.rules = rules
            if seed is not None:
                self.seed = seed

    def decide(self, operation: str) -> Decision:
        """Count this request against each matching rule and say what to do with it."""
        latency = 0.0
        chosen: FaultRule | None = None
        with self._lock:
            for position, rule in enumerate(self.rules):
                if rule.operation not in ("*", operation):
                    continue
                rule.seen += 1
                if rule.calls is not None:
                    fires = rule.seen in rule.calls
                else:
                    draw = random.Random(f"{self.seed}:{position}:{rule.seen}").random()
                    fires = draw < (rule.rate or 0.0)
                if not fires:
                    continue
                if rule.kind == "latency":
                    latency += rule.seconds
                elif chosen is None:
                    chosen = rule
        if chosen is None:
            return Decision(latency=latency)
        return Decision(latency=latency, kind=chosen.kind, code=chosen.code, message=chosen.message)

    def describe(self) -> dict[str, Any]:
        """JSON view: ``{"seed": n, "rules": [rule..., each with "seen"]}``."""
        with self._lock:
            return {"seed": self.seed, "rules": [rule.to_json() for rule in self.rules]}
