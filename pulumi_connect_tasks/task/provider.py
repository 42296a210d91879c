"""ConnectTaskProvider: the dynamic provider behind :class:`ConnectTask`.

The object is pickled into the stack's state by reference (module path and class name
are a stable API: moving them breaks existing stacks). It holds plain data only; the
region and profile it learns in ``configure`` are set in the provider server's process.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from ..common import aws
from ..common.base import ConnectProvider
from ..common.errors import ConnectTaskError, PartialFailure
from ..template import aws as template_aws
from ..template.check import template_violations
from . import adopt, names, replacing
from .checks import check_inputs, is_unknown
from .contact import (
    CONTACT_FIELDS,
    INPUT_KEYS,
    OUTPUT_KEYS,
    REPLACE_KEYS,
    client_token,
    contact_outputs,
    task_state,
)
from .references import same_references, sent_value
from .requests import to_request, without_names
from .schedule import resolve_scheduled_time, to_rfc3339
from .validation import EXPIRY_KEY, is_system_segment_key

__all__ = ["ConnectTaskProvider", "MAX_GENERATIONS"]

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


class ConnectTaskProvider(ConnectProvider):
    """Starts, reads, updates and stops one Amazon Connect task."""

    # -- check / diff: no AWS call ---------------------------------------------------
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = check_inputs(olds, news, now=_now())
        return CheckResult(inputs, [CheckFailure(p, reason) for p, reason in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        # Targets compare by what they name; a new name is resolved (an AWS call) only to
        # compare it with the recorded id.
        changed = [k for k in _changed_keys(olds, news) if k not in names.TARGET_KEYS]
        changed += names.target_changes(lambda: self._client(olds), olds, news)
        replaces = [k for k in changed if _needs_replace(k, olds, news)]
        adopt.refuse_readoption(_id, news, replaces)
        _refuse_same_client_token(olds, news, replaces)
        for key in {olds.get("idempotency_key"), news.get("idempotency_key")}:
            if not is_unknown(key):
                replacing.note_current(key, _id)
        # Stop the old task before starting its replacement (:mod:`.replacing`).
        return DiffResult(
            changes=bool(changed), replaces=replaces, delete_before_replace=bool(replaces)
        )

    # -- create ------------------------------------------------------------------------
    def create(self, props: dict[str, Any]) -> CreateResult:
        """Start the task, or take the running one adopt_contact_id names (:mod:`.adopt`).
        If create fails, no task was started, or the error names it."""
        inputs = _inputs(props)
        client = self._client(inputs)
        inputs = names.resolve_names(client, inputs)  # a name's id beside it, before anything else
        if inputs.get(adopt.ADOPT_KEY) is not None:
            return CreateResult(*adopt.adopt(self, client, inputs))
        now = _now()
        request = without_names(to_request(inputs))
        if inputs.get("scheduled_time") is not None:
            request["ScheduledTime"] = resolve_scheduled_time(inputs["scheduled_time"], now=now)
        replaced = replacing.superseded(inputs["idempotency_key"])
        try:
            if request.get("TaskTemplateId"):
                _check_against_template(client, request)
            contact = self._start(client, request, inputs, replaced)
        except ConnectTaskError as error:
            if not replaced:
                raise
            raise ConnectTaskError(
                f"{error}. The {replacing.what_remains(replaced)}; run `pulumi up` again to start the new task"
            ) from None
        outs = {**inputs, **contact_outputs(contact, now), "aws_region": client.meta.region_name}
        return CreateResult(contact["Id"], outs)

    def _start(
        self, client, request: dict, inputs: dict[str, Any], replaced: frozenset[str]
    ) -> dict:
        """The task this definition's token starts; never an ended task or one in ``replaced``."""
        instance_id = request["InstanceId"]
        generations = [None] if inputs.get("client_token") else range(MAX_GENERATIONS)
        for generation in generations:
            if generation is not None:
                request["ClientToken"] = client_token(inputs["idempotency_key"], inputs, generation)
            contact_id = aws.start_task_contact(client, request)
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

    # -- read ------------------------------------------------------------------------
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Read the live task; a task that no longer exists reads as id ""."""
        client = self._client(props)
        instance_id = props["instance_id"]
        contact = aws.describe_contact(client, instance_id, id_)
        if contact is None:
            return ReadResult("", {})
        outs = {k: v for k, v in props.items() if k != "__provider"}
        outs.update(contact_outputs(contact))
        outs["name"] = contact.get("Name", outs.get("name"))
        if "Description" in contact or "description" in outs:
            outs["description"] = contact.get("Description")
        outs.update(read_managed(client, instance_id, id_, props))
        outs = {k: v for k, v in outs.items() if v is not None}
        return ReadResult(id_, outs, _inputs(outs))

    # -- update ----------------------------------------------------------------------
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply changes in place. On failure the error lists what was already applied."""
        outs = {k: olds[k] for k in OUTPUT_KEYS if olds.get(k) is not None}
        outs.update(names.resolved_outputs(olds, news))
        client = self._client(olds)
        template_id = olds.get("task_template_id")
        if template_id and any(k in TEMPLATE_FILLED for k in _changed_keys(olds, news)):
            request = without_names(to_request({**_inputs(news), "task_template_id": template_id}))
            _check_against_template(client, request, starting=False)
        outs.update(
            self._apply_in_place(
                client,
                olds["instance_id"],
                id_,
                olds,
                news,
                then="The rest was not applied; run `pulumi up` again to finish",
            )
        )
        return UpdateResult({**_inputs(news), **outs})

    def _apply_in_place(
        self,
        client,
        instance_id: str,
        id_: str,
        olds: dict[str, Any],
        news: dict[str, Any],
        *,
        then: str,
    ) -> dict[str, Any]:
        """Make the task's in-place inputs what ``news`` says where they differ from ``olds``
        (update, and adoption: :mod:`.adopt`); returns the outputs this changes. If a call
        fails after others succeeded, PartialFailure lists what was applied, then ``then``."""
        changed = _changed_keys(olds, news)
        outs: dict[str, Any] = {}
        applied: list[str] = []
        try:
            contact_changes = {
                member: to_request({k: _changed_part(k, olds.get(k), news.get(k))}).get(
                    member, "" if k == "description" else None
                )
                for k, member in CONTACT_FIELDS.items()
                if k in changed
            }
            contact_changes = {m: v for m, v in contact_changes.items() if v is not None}
            if contact_changes:
                aws.update_contact(client, instance_id, id_, contact_changes)
                applied.append(f"UpdateContact ({', '.join(sorted(contact_changes))})")
            if "attributes" in changed:
                new_attrs = dict(news.get("attributes") or {})
                cleared = {k: "" for k in (olds.get("attributes") or {}) if k not in new_attrs}
                aws.update_contact_attributes(client, instance_id, id_, {**new_attrs, **cleared})
                applied.append("UpdateContactAttributes")
            if "scheduled_time" in changed:
                outs["scheduled_at"] = self._reschedule(
                    client, instance_id, id_, news["scheduled_time"]
                )
                applied.append("UpdateContactSchedule")
        except ConnectTaskError as error:
            if not applied:
                raise
            raise PartialFailure(
                f"{error}. Already applied to task {id_}: {'; '.join(applied)}. {then}"
            ) from None
        return outs

    def _reschedule(self, client, instance_id: str, contact_id: str, scheduled_time: Any) -> str:
        contact = aws.describe_contact(client, instance_id, contact_id)
        now = _now()
        state = task_state(contact, now) if contact else "gone"
        if state != "SCHEDULED":
            raise ConnectTaskError(
                f"UpdateContactSchedule: task {contact_id} is {state}, and only a scheduled task can "
                "be rescheduled; run `pulumi refresh`, then `pulumi up` replaces it"
            )
        when = resolve_scheduled_time(scheduled_time, now=now)
        aws.update_contact_schedule(client, instance_id, contact_id, when)
        return to_rfc3339(when)

    # -- delete ----------------------------------------------------------------------
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Stop the task unless stop_on_delete is False; an ended or gone task is fine."""
        if props.get("stop_on_delete") is False:
            return
        aws.stop_contact(self._client(props), props["instance_id"], id_)
        replacing.note_stopped(id_)


def _refuse_same_client_token(
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


def _check_against_template(client, request: dict, *, starting: bool = True) -> None:
    """Fail before StartTaskContact (or, with ``starting=False``, before an update's first
    call) when the task does not fit the template it names."""
    instance_id, template_id = request["InstanceId"], request["TaskTemplateId"]
    nothing_done = "no task was started" if starting else "nothing was changed"
    template = template_aws.get_task_template(client, instance_id, template_id)
    if template is None:
        if not starting:
            return  # the task keeps what it was started with; AWS checks the rest
        raise ConnectTaskError(
            f"task_template_id: task template {template_id} does not exist in instance {instance_id}; "
            f"{nothing_done}"
        )
    problems = template_violations(template, request, starting=starting)
    if problems:
        listed = "; ".join(f"{path}: {message}" for path, message in problems)
        raise ConnectTaskError(f"the task does not fit its task template, {nothing_done}: {listed}")


def read_managed(
    client, instance_id: str, contact_id: str, props: dict[str, Any]
) -> dict[str, Any]:
    """The live ``attributes`` and ``references`` of the task, each only if ``props`` has
    some, and only the keys and names ``props`` gives: a flow may add its own (refresh,
    and adoption: :mod:`.adopt`)."""
    managed: dict[str, Any] = {}
    if props.get("attributes"):
        live = aws.get_contact_attributes(client, instance_id, contact_id)
        managed["attributes"] = {k: live[k] for k in props["attributes"] if k in live}
    if props.get("references"):
        managed["references"] = _as_written(
            props["references"], aws.list_contact_references(client, instance_id, contact_id)
        )
    return managed


def _as_written(written: dict[str, Any], live: dict[str, dict]) -> dict[str, Any]:
    """The managed references as read, in the spelling the inputs use where they send the
    same thing (a DATE written in RFC 3339 reads back in epoch seconds: not drift)."""
    out = {}
    for name, reference in written.items():
        if name not in live:
            continue
        same = (
            isinstance(reference, dict)
            and reference.get("type") == live[name]["type"]
            and (sent_value(reference.get("type"), reference.get("value")) == live[name]["value"])
        )
        out[name] = reference if same else live[name]
    return out


def _changed_keys(olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
    # adopt_contact_id only says which task create takes: never a change by itself.
    return [
        k for k in INPUT_KEYS if k != adopt.ADOPT_KEY and not _same(k, olds.get(k), news.get(k))
    ]


def _same(key: str, old: Any, new: Any) -> bool:
    if key == "references":
        return same_references(old, new)
    return old == new


def _changed_part(key: str, old: Any, new: Any) -> Any:
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


def _needs_replace(key: str, olds: dict[str, Any], news: dict[str, Any]) -> bool:
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
        return datetime.fromisoformat(scheduled_at.replace("Z", "+00:00")) <= _now()
    return False
