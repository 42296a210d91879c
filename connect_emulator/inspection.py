"""The /_emulator surface for tests: look at state, move the clock, set faults and throttling.

Not part of the AWS API, and unsigned: no Authorization header needed. Every
answer is JSON; a bad request (bodies are strict JSON, see payload.py) gets 400
``{"message": ...}``; an unknown path 404.

    GET  /_emulator/contacts   {"now": t, "contacts": [contact..., each with "state" and "expiry"]}
    GET  /_emulator/calls      {"calls": {op: n}, "succeeded": {op: n}}
    GET  /_emulator/requests   {"clock": "monotonic", "now": t, "capacity": n, "evicted": n,
                                "requests": {op: [{"account", "region", "received", "answered",
                                                   "status", "error", "outcome"}...]}}
                               the last 100000 AWS requests, oldest first (see timings.py)
    GET  /_emulator/clock      {"now": t, "offset_seconds": s}
    POST /_emulator/clock      {"advance_seconds": n} or {"now": epoch}     → as GET
    POST /_emulator/reset      {}                                          → {"reset": true}
    GET  /_emulator/faults     {"seed": n, "rules": [rule..., each with "seen"]}
    POST /_emulator/faults     a rule, a list of rules, or {"rules": [...], "seed": n} → as GET
    GET  /_emulator/throttle   {"enabled": b, "limits": {op: {"rate", "burst"}}, "default": {...},
                                "scoped": [{"operation", "account", "region", "rate", "burst"}...],
                                "buckets": [{"account", "region", "operation", "tokens"}...]}
    POST /_emulator/throttle   {"operation": op, "rate": r, "burst": b} and/or {"enabled": b},
                               or {"reset": true}                          → as GET
                               with "region" and/or "account" (an access key id), the limit
                               holds for that Region/account only
    GET  /_emulator/quota      {"active_tasks_per_instance": n}
    POST /_emulator/quota      {"active_tasks_per_instance": n}            → as GET
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from .faults import parse_rules
from .payload import PayloadError, loads
from .responses import EmulatorApp, json_response
from .state import StateNotSaved

__all__ = ["Inspection"]


def _number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"'{key}' must be a number")
    return float(value)


class Inspection:
    """Serves /_emulator/* for one EmulatorApp; ``save`` persists state after clock moves and resets.

    When ``save`` raises StateNotSaved, it has undone the clock move or reset (the backend
    is back to what the state file holds); the answer is 500.
    """

    def __init__(self, app: EmulatorApp, save: Callable[[], None] = lambda: None) -> None:
        self.app = app
        self.save = save
        self._routes: dict[tuple[str, str], Callable[[Any], Any]] = {
            ("GET", "contacts"): self.contacts,
            ("GET", "calls"): lambda _: self.app.calls.describe(),
            ("GET", "requests"): lambda _: self.app.requests.describe(),
            ("GET", "clock"): self.clock,
            ("POST", "clock"): self.move_clock,
            ("POST", "reset"): self.reset,
            ("GET", "faults"): lambda _: self.app.faults.describe(),
            ("POST", "faults"): self.set_faults,
            ("GET", "throttle"): lambda _: self.app.throttle.describe(),
            ("POST", "throttle"): self.set_throttle,
            ("GET", "quota"): self.quota,
            ("POST", "quota"): self.set_quota,
        }

    def __call__(self, request: Request) -> Response:
        name = request.path[len("/_emulator/") :].strip("/")
        handler = self._routes.get((request.method, name))
        if handler is None:
            return json_response(
                {"message": f"No emulator endpoint {request.method} /_emulator/{name}"}, status=404
            )
        try:
            raw = request.get_data()
            data = loads(raw) if raw.strip() else {}
            if not isinstance(data, (dict, list)):
                raise ValueError("the body must be a JSON object")
            return json_response(handler(data))
        except PayloadError as error:
            return json_response({"message": f"The request body {error}"}, status=400)
        except ValueError as error:
            return json_response({"message": str(error)}, status=400)
        except StateNotSaved as error:
            return json_response({"message": str(error)}, status=500)

    def contacts(self, _: Any) -> dict[str, Any]:
        return {"now": self.app.backend.clock.now(), "contacts": self.app.backend.contact_views()}

    def clock(self, _: Any) -> dict[str, Any]:
        clock = self.app.backend.clock
        return {"now": clock.now(), "offset_seconds": clock.offset}

    def move_clock(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or ("advance_seconds" in data) == ("now" in data):
            raise ValueError("give exactly one of 'advance_seconds' and 'now'")
        clock = self.app.backend.clock
        with self.app.backend.lock:
            if "advance_seconds" in data:
                clock.advance(_number(data, "advance_seconds"))
            else:
                clock.set(_number(data, "now"))
            self.save()
        return self.clock(data)

    def reset(self, _: Any) -> dict[str, Any]:
        backend = self.app.backend
        with backend.lock:
            quota = backend.active_task_quota
            backend.reset()
            backend.clock.reset()
            try:
                self.save()
            except StateNotSaved:
                backend.active_task_quota = quota  # not state: the undo leaves the reset's
                raise
            self.app.calls.reset()
            self.app.requests.reset()
            self.app.faults.reset()
            self.app.throttle.reset()
        return {"reset": True}

    def set_faults(self, data: Any) -> dict[str, Any]:
        seed = data.get("seed") if isinstance(data, dict) else None
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError("'seed' must be an integer")
        rules = (
            parse_rules(data)
            if not (isinstance(data, dict) and set(data) == {"seed"})
            else self.app.faults.rules
        )
        self.app.faults.configure(rules, seed=seed)
        return self.app.faults.describe()

    def set_throttle(self, data: Any) -> dict[str, Any]:
        keys = {"operation", "rate", "burst", "account", "region", "enabled", "reset"}
        if not isinstance(data, dict) or not data or set(data) - keys:
            raise ValueError(
                "give {'operation', 'rate', 'burst'} (optionally 'account', 'region'), {'enabled'} or {'reset': true}"
            )
        if ("account" in data or "region" in data) and "operation" not in data:
            raise ValueError("'account' and 'region' scope an 'operation' limit")
        throttle = self.app.throttle
        if data.get("reset"):
            throttle.reset()
        if "operation" in data:
            if not isinstance(data["operation"], str):
                raise ValueError("'operation' must be an operation name")
            for key in ("account", "region"):
                if key in data and not isinstance(data[key], str):
                    raise ValueError(f"'{key}' must be a string")
            if data.get("region") == "":
                raise ValueError("'region' must name a Region")
            throttle.set_limit(
                data["operation"],
                _number(data, "rate"),
                _number(data, "burst"),
                account=data.get("account"),
                region=data.get("region"),
            )
        if "enabled" in data:
            if not isinstance(data["enabled"], bool):
                raise ValueError("'enabled' must be true or false")
            throttle.set_enabled(data["enabled"])
        return throttle.describe()

    def quota(self, _: Any) -> dict[str, Any]:
        return {"active_tasks_per_instance": self.app.backend.active_task_quota}

    def set_quota(self, data: Any) -> dict[str, Any]:
        value = data.get("active_tasks_per_instance") if isinstance(data, dict) else None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError("'active_tasks_per_instance' must be an integer >= 0")
        self.app.backend.active_task_quota = value
        return self.quota(data)
