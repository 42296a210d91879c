"""Which task a resource has now, as far as create needs to know it during a replacement.

A replacement's create cannot see the resource it replaces, and its ClientToken can be
the token that started the old task: a definition and its revert, with in-place updates
in between, give the same token, and AWS then answers with the old task. Two facts keep
create from taking that task back:

1. Diff asks the engine to delete first (delete_before_replace), so the old task has
   ended when create runs, and create moves past every ended task. This holds across
   processes and crashes: AWS keeps it.
2. Diff runs in the same provider process before any replacement's create (the engine
   decides a replacement from Diff), and notes here the task each resource has; create
   never takes a task noted for its resource. This covers what (1) cannot: a task that
   delete leaves running (``stop_on_delete=False``) and a replacement the engine forces
   without one from diff (``pulumi up --replace``), which creates before it deletes.

Resources are told apart by their idempotency_key, which the ClientToken derives from.
"""

from __future__ import annotations

import threading

__all__ = ["note_current", "note_stopped", "superseded", "what_remains", "reset"]

_lock = threading.Lock()
_current: dict[str, set[str]] = {}
_stopped: set[str] = set()


def note_current(idempotency_key: str, contact_id: str) -> None:
    """Record that the resource of ``idempotency_key`` has task ``contact_id`` (diff)."""
    if not isinstance(idempotency_key, str) or not contact_id:
        return
    with _lock:
        _current.setdefault(idempotency_key, set()).add(contact_id)


def superseded(idempotency_key: str) -> frozenset[str]:
    """The tasks diff saw this resource have: a create for it must start another."""
    with _lock:
        return frozenset(_current.get(idempotency_key, ()))


def note_stopped(contact_id: str) -> None:
    """Record that delete stopped task ``contact_id`` in this process."""
    with _lock:
        _stopped.add(contact_id)


def what_remains(replaced: frozenset[str]) -> str:
    """For a failed replacement's create: what exists of the tasks it was to replace."""
    with _lock:
        stopped = sorted(replaced & _stopped)
        running = sorted(replaced - _stopped)
    parts = []
    if stopped:
        parts.append(
            f"task {', '.join(stopped)} it replaces was stopped first (delete before replace), so the stack "
            "has no task for this resource until `pulumi up` succeeds"
        )
    if running:
        parts.append(f"task {', '.join(running)} it replaces was not stopped by this replacement")
    return "; ".join(parts)


def reset() -> None:
    """Forget everything noted (tests run many stacks in one process)."""
    with _lock:
        _current.clear()
        _stopped.clear()
