"""A ConnectTask's target given by name: contact_flow_name, quick_connect_name, task_template_name.

StartTaskContact takes ids only, so a name is resolved to its id in the task's instance:

1. create: :func:`resolve_names` lists the instance's flows (ListContactFlows, every
   page), quick connects (ListQuickConnects, every page) or task templates
   (ListTaskTemplates, one unpaged call) and matches the name exactly. No match, or
   two templates of one name, fails before anything is started. The resolved id goes
   into the outputs beside the name (``contact_flow_id`` next to ``contact_flow_name``);
   the template check and the ClientToken use the id, so the id and the name of one
   flow give one token.
2. read: :func:`as_written` rebuilds the inputs from the outputs without the resolved id,
   so a refresh keeps the input the user wrote (and check never sees two targets).
3. diff: :func:`target_changes` compares targets, not spellings. An unchanged name is
   the same target without a call (the flow may since have been renamed or recreated:
   the task keeps running the one it started with). Switching between the id and the
   name of one target is no change; the name is then resolved in the old instance (the
   engine keeps the old outputs of an unchanged resource, so until an update records the
   name, each diff resolves it again: one listing per instance per process, see below).
4. update: :func:`resolved_outputs` carries the resolved id over to the new outputs.

AWS refuses a second flow or quick connect of one name in an instance
(DuplicateResourceException) but not a second task template, so only a template name
can be ambiguous.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, NamedTuple

from ..common import aws
from ..common.errors import AwsCallError, ConnectTaskError
from ..common.ids import instance_id
from ..common.unknown import is_unknown
from .requests import NAME_FIELDS

__all__ = [
    "NAME_KEYS",
    "TARGET_KEYS",
    "instance_id_of",
    "resolve_names",
    "resolve_name",
    "as_written",
    "resolved_outputs",
    "target_changes",
]


class _Kind(NamedTuple):
    name_key: str
    id_key: str
    noun: str
    lister: Callable[[Any, str], list[dict]]
    name_member: str  # how a definition file spells name_key and id_key
    id_member: str


_KINDS = (
    _Kind(
        "contact_flow_name",
        "contact_flow_id",
        "contact flow",
        aws.list_contact_flows,
        "ContactFlowName",
        "ContactFlowId",
    ),
    _Kind(
        "quick_connect_name",
        "quick_connect_id",
        "quick connect",
        aws.list_quick_connects,
        "QuickConnectName",
        "QuickConnectId",
    ),
    _Kind(
        "task_template_name",
        "task_template_id",
        "task template",
        aws.list_task_templates,
        "TaskTemplateName",
        "TaskTemplateId",
    ),
)
assert {kind.name_key: kind.id_key for kind in _KINDS} == NAME_FIELDS

NAME_KEYS: tuple[str, ...] = tuple(kind.name_key for kind in _KINDS)
"""The inputs that name a target by name."""
TARGET_KEYS: frozenset[str] = frozenset(NAME_KEYS) | frozenset(kind.id_key for kind in _KINDS)
"""Every input that names a target, by id or by name: compared by :func:`target_changes`."""


def instance_id_of(props: dict[str, Any]) -> str:
    """The instance id of a task's inputs or outputs (an instance ARN reduced to its id)."""
    return instance_id(props["instance_id"])


class _Listing:
    """One instance's flows (or quick connects, or templates) as last listed, and the names
    already looked up again for not being in it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: list[dict] | None = None
        self.missed: set[str] = set()


# The listings of this process (one `pulumi up`, one `connect-tasks start`), per client and
# (instance, kind): a TaskSet of 45 tasks naming one flow lists the flows once, not 45
# times at the List operations' 2 requests per second, and the 4 threads of the provider
# server wait for one listing instead of making four. Weak keys: a client's listings go
# with it.
_listings: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], _Listing]] = (
    weakref.WeakKeyDictionary()
)
_listings_lock = threading.Lock()


def _ids_named(client, instance_id: str, kind: _Kind, name: str) -> list[str]:
    with _listings_lock:
        listing = _listings.setdefault(client, {}).setdefault((instance_id, kind.noun), _Listing())
    with listing.lock:
        if listing.items is None:
            listing.items = kind.lister(client, instance_id)
        ids = [item["Id"] for item in listing.items if item.get("Name") == name]
        if not ids and name not in listing.missed:
            # Created since the listing (by this same deployment, say): list once more.
            listing.missed.add(name)
            listing.items = kind.lister(client, instance_id)
            ids = [item["Id"] for item in listing.items if item.get("Name") == name]
        return ids


def resolve_name(client, instance_id: str, key: str, name: str) -> str:
    """The id of the flow, quick connect or template ``name`` names in the instance.

    ``key`` is the input (``contact_flow_name``) or the definition file's member
    (``ContactFlowName``) that holds the name; errors spell it, and its id, the same way.
    The name must match exactly (case included) one item of the instance; otherwise a
    ConnectTaskError names the input and the instance and says what to do. A failed
    list call is an AwsCallError that also names the input. Nothing is started either way.
    Each instance's items are listed once per process (and once more for a name not found).
    """
    kind = next(kind for kind in _KINDS if key in (kind.name_key, kind.name_member))
    if key == kind.name_member:
        kind = kind._replace(name_key=kind.name_member, id_key=kind.id_member)
    try:
        ids = _ids_named(client, instance_id, kind, name)
    except AwsCallError as error:
        raise AwsCallError(
            error.operation,
            error.code,
            f"{kind.name_key}: resolving the {kind.noun} name failed, no task was started: {error}",
        ) from None
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise ConnectTaskError(
            f"{kind.name_key}: no {kind.noun} named {name!r} in instance {instance_id} (names match exactly, "
            f"case included); check the name and the instance, or give {kind.id_key}; no task was started"
        )
    raise ConnectTaskError(
        f"{kind.name_key}: {len(ids)} {kind.noun}s are named {name!r} in instance {instance_id} "
        f"({', '.join(sorted(ids))}); give {kind.id_key} instead, or rename all but one; no task was started"
    )


def resolve_names(client, inputs: dict[str, Any]) -> dict[str, Any]:
    """``inputs`` with the id of each target name beside the name (unchanged without a name).

    Called first in create: its errors leave nothing started.
    """
    resolved = dict(inputs)
    for kind in _KINDS:
        name = inputs.get(kind.name_key)
        if name is not None:
            resolved[kind.id_key] = resolve_name(
                client, instance_id_of(inputs), kind.name_key, name
            )
    return resolved


def as_written(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` without the ids resolved from names: the inputs as the user wrote them."""
    return {
        k: v
        for k, v in props.items()
        if not any(k == kind.id_key and kind.name_key in props for kind in _KINDS)
    }


def resolved_outputs(olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
    """The resolved ids an update keeps: for each name in ``news``, the id recorded in
    ``olds`` (the diff found both name the same target, else it would replace)."""
    return {
        kind.id_key: olds[kind.id_key]
        for kind in _KINDS
        if news.get(kind.name_key) is not None and olds.get(kind.id_key) is not None
    }


def _written(props: dict[str, Any], kind: _Kind) -> list[str]:
    """The keys of ``kind`` the user wrote: the name if given (its id beside it is resolved)."""
    if props.get(kind.name_key) is not None:
        return [kind.name_key]
    return [kind.id_key] if props.get(kind.id_key) is not None else []


def _same_target(
    client: Callable[[], Any], olds: dict[str, Any], news: dict[str, Any], kind: _Kind
) -> bool:
    old_id, old_name = olds.get(kind.id_key), olds.get(kind.name_key)
    new_id, new_name = news.get(kind.id_key), news.get(kind.name_key)
    if new_name is None:
        return new_id == old_id and (new_id is not None or old_name is None)
    if new_name == old_name:
        return True  # no call: the task keeps the target it started with
    if is_unknown(new_name) or old_id is None:
        return False
    return resolve_name(client(), instance_id_of(olds), kind.name_key, new_name) == old_id


def target_changes(
    client: Callable[[], Any], olds: dict[str, Any], news: dict[str, Any]
) -> list[str]:
    """The target inputs that changed between the old outputs and the new inputs.

    Targets compare by what they name: ``contact_flow_id`` and ``contact_flow_name`` of one
    flow are no change. ``client`` is called (for the old task's region) only when a new
    name must be resolved to compare it with the recorded id.
    """
    changed: list[str] = []
    for kind in _KINDS:
        written = _written(news, kind) + _written(olds, kind)
        if written and not _same_target(client, olds, news, kind):
            changed += list(dict.fromkeys(written))
    return changed
