"""A task's lifecycle on plain data: what Check, Diff, Create, Read, Update and Delete do.

Every front (the dynamic provider in :mod:`.provider`, a provider plugin) adapts these
functions; none of them knows Pulumi's types. Inputs and outputs are dicts of
snake_case keys (:mod:`.contact`); a value not known yet is one :func:`is_unknown`
recognises. Each function that calls AWS takes the front's :class:`ProviderConfig`,
which builds the client in the resource's Region.

    check    normalise the inputs and list every violated rule (:mod:`.checks`); no AWS call
    diff     which inputs change and whether each replaces the task (:mod:`.changes`);
             a new target name is resolved to compare it with the recorded id
    create   resolve names (:mod:`.names`), then adopt the task adopt_contact_id names
             (:mod:`.adopt`) or start one: the request is checked against its template
             (:mod:`.template_fit`) and started with an idempotent ClientToken
    read     the live task, its managed attributes and references (:mod:`.inplace`)
    import_  a running task read by its ids alone (:mod:`.importing`)
    update   the in-place changes (:mod:`.inplace`)
    delete   stop the task unless stop_on_delete is false
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..common import aws
from ..common.config import ProviderConfig
from ..common.diffs import Diff, PropertyChange
from ..common.errors import ConnectTaskError
from ..common.unknown import is_unknown
from . import adopt, importing, names, replacing
from .changes import changed_keys, needs_replace, refuse_same_client_token
from .checks import check_inputs
from .contact import ADOPT_KEY, INPUT_KEYS, OUTPUT_KEYS, client_token, contact_outputs
from .inplace import apply_in_place, read_managed
from .requests import sendable, to_request, without_names
from .schedule import resolve_scheduled_time
from .template_fit import check_against_template

__all__ = [
    "check",
    "diff",
    "create",
    "read",
    "import_",
    "update",
    "delete",
    "MAX_GENERATIONS",
    "TEMPLATE_FILLED",
]

# The inputs a task template constrains (its fields, required fields and defaults).
TEMPLATE_FILLED = frozenset({"name", "description", "references", "scheduled_time"})

# How many deliberate re-creations of one resource within AWS's idempotency window
# (7 days) create walks through before it gives up; each ended generation costs a
# StartTaskContact and a DescribeContact.
MAX_GENERATIONS = 64


def _now() -> datetime:
    return datetime.now(UTC)


def _inputs(props: dict[str, Any]) -> dict[str, Any]:
    # An id resolved from a name is an output, not an input (:mod:`.names`).
    return names.as_written({k: props[k] for k in INPUT_KEYS if props.get(k) is not None})


def check(
    olds: dict[str, Any], news: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The checked inputs and every failure as ``(property path, reason)``, sorted."""
    return check_inputs(olds, news, now=_now())


def diff(
    id_: str,
    olds: dict[str, Any],
    news: dict[str, Any],
    config: ProviderConfig,
    old_inputs: dict[str, Any] | None = None,
) -> Diff:
    """Which inputs change from ``olds`` (the state's outputs) to ``news`` (checked inputs),
    and which of them need a new task. Refuses a replacement that would get the same task
    back (a kept client_token or adopt_contact_id). ``old_inputs``, the state's inputs,
    complete an imported task (:mod:`.importing`)."""
    now = _now()
    olds = importing.as_imported(olds, news, old_inputs)
    # Targets compare by what they name; a new name is resolved (an AWS call) only to
    # compare it with the recorded id.
    changed = [k for k in changed_keys(olds, news) if k not in names.TARGET_KEYS]
    changed += names.target_changes(lambda: config.client(olds), olds, news)
    properties = tuple(PropertyChange(k, needs_replace(k, olds, news, now)) for k in changed)
    # Stop the old task before starting its replacement (:mod:`.replacing`).
    result = Diff(properties, delete_before_replace=any(p.replaces for p in properties))
    adopt.refuse_readoption(id_, news, result.replaces)
    refuse_same_client_token(olds, news, result.replaces)
    for key in {olds.get("idempotency_key"), news.get("idempotency_key")}:
        if key is not None and not is_unknown(key):
            replacing.note_current(key, id_)
    return result


def create(props: dict[str, Any], config: ProviderConfig) -> tuple[str, dict[str, Any]]:
    """Start the task, or take the running one adopt_contact_id names (:mod:`.adopt`);
    returns its id and outputs. If create fails, no task was started, or the error names it."""
    inputs = _inputs(props)
    client = config.client(inputs)
    inputs = names.resolve_names(client, inputs)  # a name's id beside it, before anything else
    now = _now()
    if inputs.get(ADOPT_KEY) is not None:
        return adopt.adopt(client, inputs, now=now)
    request = without_names(to_request(inputs))
    if inputs.get("scheduled_time") is not None:
        request["ScheduledTime"] = resolve_scheduled_time(inputs["scheduled_time"], now=now)
    replaced = replacing.superseded(inputs["idempotency_key"])
    try:
        if request.get("TaskTemplateId"):
            check_against_template(client, request)
        contact = _start(client, request, inputs, replaced)
    except ConnectTaskError as error:
        if not replaced:
            raise
        raise ConnectTaskError(
            f"{error}. The {replacing.what_remains(replaced)}; run `pulumi up` again to start the new task"
        ) from None
    outs = {**inputs, **contact_outputs(contact, now), "aws_region": client.meta.region_name}
    return contact["Id"], outs


def _start(client: Any, request: dict, inputs: dict[str, Any], replaced: frozenset[str]) -> dict:
    """The task this definition's token starts; never an ended task or one in ``replaced``."""
    instance_id = request["InstanceId"]
    generations = [None] if inputs.get("client_token") else range(MAX_GENERATIONS)
    for generation in generations:
        if generation is not None:
            request["ClientToken"] = client_token(inputs["idempotency_key"], inputs, generation)
        contact_id = aws.start_task_contact(client, sendable(request))
        try:
            contact = aws.describe_contact(client, instance_id, contact_id)
        except ConnectTaskError as error:
            raise ConnectTaskError(
                f"task {contact_id} was started but reading it back failed: {error}. "
                "Run `pulumi up` again: it returns the same task, it does not start another"
            ) from None
        if contact is None:
            raise ConnectTaskError(
                f"StartTaskContact returned task {contact_id} but DescribeContact does not find it; "
                "run `pulumi up` again"
            )
        if generation is None:
            # The user's own token: what AWS answers is this resource's task (a retry may
            # find it ended), unless it is the task being replaced (diff refuses that).
            if contact_id in replaced:
                raise ConnectTaskError(
                    f"client_token: AWS answers this token with task {contact_id}, the task this "
                    "replaces; set a new client_token (or remove it) to start a new task. No task was started"
                )
            return contact
        # A token that names an ended task, or the task being replaced, belongs to an
        # earlier, deliberately destroyed or replaced task: move on to a new one.
        if not contact.get("DisconnectTimestamp") and contact_id not in replaced:
            return contact
    raise ConnectTaskError(
        f"StartTaskContact: the last {MAX_GENERATIONS} tasks of idempotency_key "
        f"{inputs['idempotency_key']!r} have all ended or been replaced; set a new idempotency_key to start another"
    )


def read(
    id_: str, props: dict[str, Any], config: ProviderConfig
) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """The live task as ``(id, outputs, inputs)``; None when it no longer exists."""
    client = config.client(props)
    instance_id = props["instance_id"]
    contact = aws.describe_contact(client, instance_id, id_)
    if contact is None:
        return None
    outs = {k: v for k, v in props.items() if k != "__provider"}
    outs.update(contact_outputs(contact))
    outs["name"] = contact.get("Name", outs.get("name"))
    if "Description" in contact or "description" in outs:
        outs["description"] = contact.get("Description")
    outs.update(read_managed(client, instance_id, id_, props))
    outs = {k: v for k, v in outs.items() if v is not None}
    return id_, outs, _inputs(outs)


def import_(
    id_: str, instance_id: str, idempotency_key: str, config: ProviderConfig
) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """The running task ``id_`` of ``instance_id`` as ``(id, outputs, inputs)``, read by its
    ids alone (``pulumi import``); None when no such task runs."""
    client = config.client({})
    found = importing.imported(client, instance_id, id_, idempotency_key, now=_now())
    return None if found is None else (id_, *found)


def update(
    id_: str,
    olds: dict[str, Any],
    news: dict[str, Any],
    config: ProviderConfig,
    old_inputs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Apply changes in place; returns the outputs. On failure the error lists what was
    already applied. ``old_inputs`` as for :func:`diff`."""
    olds = importing.as_imported(olds, news, old_inputs)
    outs = {k: olds[k] for k in OUTPUT_KEYS if olds.get(k) is not None}
    outs.update(names.resolved_outputs(olds, news))
    client = config.client(olds)
    template_id = olds.get("task_template_id")
    changed = changed_keys(olds, news)
    if template_id and any(k in TEMPLATE_FILLED for k in changed):
        request = without_names(to_request({**_inputs(news), "task_template_id": template_id}))
        check_against_template(client, request, starting=False)
    outs.update(
        apply_in_place(
            client,
            olds["instance_id"],
            id_,
            olds,
            news,
            changed=changed,
            now=_now(),
            then="The rest was not applied; run `pulumi up` again to finish",
        )
    )
    return {**_inputs(news), **outs}


def delete(id_: str, props: dict[str, Any], config: ProviderConfig) -> None:
    """Stop the task unless stop_on_delete is False; an ended or gone task is fine."""
    if props.get("stop_on_delete") is False:
        return
    aws.stop_contact(config.client(props), props["instance_id"], id_)
    replacing.note_stopped(id_)
