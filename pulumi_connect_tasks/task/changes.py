"""Which inputs of a task changed, and whether each change needs a new task.

The rules diff, update and adoption share (:mod:`.lifecycle`, :mod:`.adopt`). A change
updates the task in place when an Amazon Connect call can make it (UpdateContact,
UpdateContactAttributes, UpdateContactSchedule); anything else replaces the task.
No AWS call here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..common.errors import ConnectTaskError
from ..common.unknown import is_unknown
from .contact import ADOPT_KEY, INPUT_KEYS, REPLACE_KEYS
from .references import same_references
from .validation import EXPIRY_KEY, is_system_segment_key

__all__ = ["changed_keys", "changed_part", "needs_replace", "refuse_same_client_token"]


def changed_keys(olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
    """The inputs whose value differs, in INPUT_KEYS order."""
    # adopt_contact_id only says which task create takes: never a change by itself.
    return [k for k in INPUT_KEYS if k != ADOPT_KEY and not _same(k, olds.get(k), news.get(k))]


def _same(key: str, old: Any, new: Any) -> bool:
    if key == "references":
        return same_references(old, new)
    return old == new


def changed_part(key: str, old: Any, new: Any) -> Any:
    """What UpdateContact must send for ``key``: segment attributes merge by key, so only
    the changed ones (an unchanged system-defined one may not be sent again)."""
    if key == "segment_attributes" and isinstance(old, dict) and isinstance(new, dict):
        return {k: v for k, v in new.items() if old.get(k) != v}
    return new


def _segments_update_in_place(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """UpdateContact changes only "Contact Expiry, and user-defined attributes (String -
    String)": another changed segment attribute needs a new task."""
    for key, value in new.items():
        if old.get(key) == value or key == EXPIRY_KEY:
            continue
        # A value may be written in snake_case or in AWS's member names.
        user_string = (
            not is_system_segment_key(key)
            and isinstance(value, dict)
            and len(value) == 1
            and (set(value) <= {"value_string", "ValueString"})
        )
        if not user_string:
            return False
    return True


def needs_replace(key: str, olds: dict[str, Any], news: dict[str, Any], now: datetime) -> bool:
    """True when a change of ``key`` from ``olds`` to ``news`` needs a new task."""
    if key in REPLACE_KEYS:
        return True
    if key in ("references", "segment_attributes"):
        # UpdateContact adds and changes entries but cannot remove one.
        old, new = olds.get(key) or {}, news.get(key)
        if not isinstance(new, dict) or not set(old) <= set(new):
            return True
        return key == "segment_attributes" and not _segments_update_in_place(old, new)
    if key == "scheduled_time":
        # UpdateContactSchedule moves a schedule but cannot remove one: a task whose time
        # is taken away must run now, which only a new task does.
        if news.get("scheduled_time") is None:
            return True
        # Only a task that is still scheduled can be rescheduled in place.
        scheduled_at = olds.get("scheduled_at")
        if olds.get("state") != "SCHEDULED" or not scheduled_at:
            return True
        return datetime.fromisoformat(scheduled_at.replace("Z", "+00:00")) <= now
    return False


def refuse_same_client_token(
    olds: dict[str, Any], news: dict[str, Any], replaces: list[str]
) -> None:
    """Diff's guard: AWS answers a ClientToken with the task it started, so a replacement
    that keeps the user's client_token would get the old task back, not a new one."""
    token = news.get("client_token")
    if (
        replaces
        and token is not None
        and not is_unknown(token)
        and token == olds.get("client_token")
    ):
        raise ConnectTaskError(
            f"{', '.join(sorted(replaces))}: cannot change on a running task, so this change needs a new "
            "task, but client_token is unchanged and AWS answers it with the current task; set a new "
            "client_token (or remove it), or undo the change"
        )
