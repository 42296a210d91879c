"""A test-only dynamic provider whose "remote" is a JSON file.

The file (stack config ``le-fixture:records``) holds ``items`` (id -> live properties) and
``calls`` (every provider call in order, with the item's ``label``), so tests can count
real effects. Input properties: ``label`` (required), ``value``, ``size`` (must be >= 0),
``replace_key`` (a change replaces), ``dbr`` (delete before replace), ``token``,
``upstream``, ``fail`` (create raises), ``hang`` (create waits up to 20 s).
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

__all__ = ["Item", "ItemProvider", "INPUT_NAMES"]

INPUT_NAMES = ("label", "value", "size", "replace_key", "dbr", "token", "upstream", "fail", "hang")
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
_LOCK = threading.Lock()


def _load(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {"items": {}, "calls": [], "next_id": 1}


def _save(path: str, records: dict[str, Any]) -> None:
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(records, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def _is_unknown(value: Any) -> bool:
    return value == UNKNOWN or type(value).__name__ == "Unknown"


class ItemProvider(ResourceProvider):
    """Plain data only: the records path comes from configure()."""

    records_path: str = ""

    def configure(self, req: ConfigureRequest) -> None:
        self.records_path = req.config.require("records")

    def _log(self, records: dict[str, Any], op: str, label: Any, **extra: Any) -> None:
        records["calls"].append({"op": op, "label": label, **extra})

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = []
        size = news.get("size")
        if isinstance(size, (int, float)) and size < 0:
            failures.append(CheckFailure("size", "must be at least 0"))
        if "label" not in news:
            failures.append(CheckFailure("label", "is required"))
        unknown = sorted(k for k, v in news.items() if _is_unknown(v))
        with _LOCK:
            records = _load(self.records_path)
            self._log(records, "check", news.get("label"), olds_empty=not olds, unknown=unknown)
            _save(self.records_path, records)
        return CheckResult(news, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [k for k in INPUT_NAMES if olds.get(k) != news.get(k)]
        replaces = [k for k in changed if k == "replace_key"]
        with _LOCK:
            records = _load(self.records_path)
            self._log(records, "diff", news.get("label"), id=id_, changed=changed)
            _save(self.records_path, records)
        return DiffResult(
            changes=bool(changed), replaces=replaces, delete_before_replace=bool(news.get("dbr"))
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        with _LOCK:
            records = _load(self.records_path)
            id_ = f"item-{records['next_id']}"
            records["next_id"] += 1
            self._log(
                records,
                "create-started" if props.get("hang") else "create",
                props.get("label"),
                id=id_,
            )
            _save(self.records_path, records)
        if props.get("hang"):
            time.sleep(20)
        if props.get("fail"):
            raise RuntimeError(f"remote refused item {id_}")
        outs = {k: v for k, v in props.items() if k in INPUT_NAMES}
        outs.update(remote_id=id_, generation=1)
        with _LOCK:
            records = _load(self.records_path)
            records["items"][id_] = outs
            _save(self.records_path, records)
        return CreateResult(id_, outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        with _LOCK:
            records = _load(self.records_path)
            self._log(records, "read", props.get("label"), id=id_)
            _save(self.records_path, records)
        live = records["items"].get(id_)
        if live is None:
            return ReadResult("", {})
        inputs = {k: v for k, v in live.items() if k in INPUT_NAMES}
        return ReadResult(id_, dict(live), inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        outs = {k: v for k, v in news.items() if k in INPUT_NAMES}
        outs.update(remote_id=id_, generation=int(olds.get("generation", 0)) + 1)
        with _LOCK:
            records = _load(self.records_path)
            self._log(records, "update", news.get("label"), id=id_)
            records["items"][id_] = outs
            _save(self.records_path, records)
        return UpdateResult(outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        with _LOCK:
            records = _load(self.records_path)
            self._log(
                records, "delete", props.get("label"), id=id_, existed=id_ in records["items"]
            )
            records["items"].pop(id_, None)
            _save(self.records_path, records)


class Item(Resource, module="fixture", name="Item"):
    """A record in the fixture's remote; ``remote_id`` and ``generation`` are outputs."""

    remote_id: pulumi.Output[str]
    generation: pulumi.Output[int]

    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(
            ItemProvider(), name, {**props, "remote_id": None, "generation": None}, opts
        )
