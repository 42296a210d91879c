"""ConnectTask: an Amazon Connect task as a Pulumi resource."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from .contact import OUTPUT_KEYS
from .provider import ConnectTaskProvider
from .requests import NAME_FIELDS

__all__ = ["ConnectTask", "ConnectTaskArgs"]


class ConnectTaskArgs:
    """The inputs of a ConnectTask: StartTaskContact's members in snake_case (botocore's
    ``connect`` model), plus the resource's own: the target by name, ``adopt_contact_id``,
    ``region``, ``stop_on_delete`` and ``idempotency_key``. Each is described in ``__init__``.

    The target is exactly one of ``contact_flow_id``, ``quick_connect_id``,
    ``task_template_id``, or by name ``contact_flow_name``, ``quick_connect_name``,
    ``task_template_name``. A name is matched exactly (case included) in the instance
    when the task is started (ListContactFlows, ListQuickConnects or ListTaskTemplates);
    no match, or two templates of one name, fails with nothing started. The resolved id
    is an output (``contact_flow_id``...); the id and the name of one target are the same
    task, and the task keeps its target if the flow is later renamed.

    Changing an input updates the task in place where the API allows (``name``,
    ``description``, ``references``, ``segment_attributes``, ``attributes``,
    ``scheduled_time``) and replaces it otherwise: the old task is stopped, then a new one
    started. ``adopt_contact_id`` takes the running task with that ContactId instead of
    starting one (Pulumi's import does not work for dynamic resources): create checks that
    it is a task of the instance that has not ended and matches the inputs a running task
    cannot change, then applies the inputs that change in place. Once adopted it is never a
    change: removing or changing it later does nothing (see task/adopt.py). The reference,
    with the lifecycle of each change: docs/connect-task.md.
    """

    def __init__(
        self,
        *,
        instance_id: pulumi.Input[str],
        name: pulumi.Input[str],
        contact_flow_id: pulumi.Input[str] | None = None,
        quick_connect_id: pulumi.Input[str] | None = None,
        task_template_id: pulumi.Input[str] | None = None,
        contact_flow_name: pulumi.Input[str] | None = None,
        quick_connect_name: pulumi.Input[str] | None = None,
        task_template_name: pulumi.Input[str] | None = None,
        previous_contact_id: pulumi.Input[str] | None = None,
        related_contact_id: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        references: pulumi.Input[Mapping[str, Any]] | None = None,
        attributes: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        scheduled_time: pulumi.Input[Any] | None = None,
        client_token: pulumi.Input[str] | None = None,
        segment_attributes: pulumi.Input[Mapping[str, Any]] | None = None,
        attachments: pulumi.Input[Sequence[Mapping[str, Any]]] | None = None,
        region: pulumi.Input[str] | None = None,
        stop_on_delete: pulumi.Input[bool] | None = None,
        idempotency_key: pulumi.Input[str] | None = None,
        adopt_contact_id: pulumi.Input[str] | None = None,
    ) -> None:
        """The set of arguments for constructing a ConnectTask resource.

        :param instance_id: Required. The Amazon Connect instance the task is started in: its
            id (at most 100 characters) or an instance ARN, which is reduced to its id.
            Changing it replaces the task.
        :param name: Required. The task's name, at most 1,024 characters. Sensitive: never put
            in an error message or a log line; pass it as a secret to keep it encrypted in the
            state. Changing it updates the task in place (UpdateContact).
        :param contact_flow_id: The flow that runs the task, by id (at most 500 characters):
            one of the six targets, exactly one of which is given. Changing it replaces the
            task; switching to the name of the same flow is no change.
        :param quick_connect_id: The quick connect the task goes to, by id: one of the six
            targets. Changing it replaces the task; switching to the name of the same quick
            connect is no change.
        :param task_template_id: The task template the task is started from, by id (1 to 500
            characters): one of the six targets. The template runs its own flow, so a flow
            beside it is an error, and a template without a flow cannot start a task. Before the
            task starts, the template must be ACTIVE and the task must fill its required
            fields, each reference of its field's type; an update is checked against the
            fields too. Changing it replaces the task; switching to the template's name is no
            change.
        :param contact_flow_name: The flow by name instead of id (1 or more characters),
            matched exactly, case included, against the instance's flows (ListContactFlows,
            every page) when the task is started; no match fails with no task started. The id
            it resolves to is the output ``contact_flow_id``. The name and the id of one flow
            are the same task; changing the name to another flow replaces the task, and
            renaming the flow later does not touch the running task.
        :param quick_connect_name: The quick connect by name instead of id (1 to 127
            characters), matched exactly against the instance's quick connects
            (ListQuickConnects, every page) when the task is started; the id is the output
            ``quick_connect_id``. Changing it to another quick connect replaces the task.
        :param task_template_name: The task template by name instead of id (1 to 100
            characters), matched exactly against the instance's templates (ListTaskTemplates)
            when the task is started; two templates of that name are an error, as is none.
            The id is the output ``task_template_id``. Changing it to another template
            replaces the task.
        :param previous_contact_id: The task this one follows in a chain (1 to 256
            characters): updates of user-defined attributes are shared along the chain, which
            holds at most 12 tasks. At most one of ``previous_contact_id`` and
            ``related_contact_id``. Changing it replaces the task.
        :param related_contact_id: A contact this task relates to (1 to 256 characters): its
            attributes are copied to the task once; there is no limit to related tasks. At
            most one of ``previous_contact_id`` and ``related_contact_id``. Changing it
            replaces the task.
        :param description: The task's description, at most 4,096 characters. Sensitive, as
            ``name`` is. Changing it updates the task in place (UpdateContact).
        :param references: Name to ``{"type": "URL", "value": "https://..."}``; at creation
            only the types URL, NUMBER, STRING, DATE and EMAIL, each value fitting its type
            (URL http or https, EMAIL an address, NUMBER a number, DATE epoch seconds or
            milliseconds or an RFC 3339 timestamp from 1970 on, sent to AWS as epoch seconds);
            the names and values take at most 4,096 UTF-8 bytes in all. Adding or changing a
            reference updates the task in place (UpdateContact); removing one replaces it,
            as UpdateContact cannot remove one.
        :param attributes: Key to string value; keys of letters, digits, ``-`` and ``_``, at
            most 32,768 UTF-8 bytes in all. The values are sensitive, as ``name`` is. Changing
            them updates the task in place (UpdateContactAttributes); a removed key is
            cleared (set to ""). Refresh reads only the keys listed here.
        :param scheduled_time: When the task starts: an RFC 3339 timestamp (one without an
            offset is UTC, as botocore takes it: ``2026-12-08T09:00:00``), epoch seconds, or an
            ISO 8601 duration (``PT2H``, ``P1DT30M``) counted from creation; a new time is not
            in the past and at most 6 days ahead. The resolved time is the output
            ``scheduled_at``; a duration is compared as written, so the clock moving is not a
            change. Changing it on a task still scheduled updates it in place
            (UpdateContactSchedule); removing it from a task still scheduled, or changing it
            on a task that already left the schedule, replaces the task.
        :param client_token: Your own idempotency token for StartTaskContact (at most 500
            characters); by default one is derived from ``idempotency_key``, the task as
            written and a generation number. Changing it replaces the task; a replacement that
            keeps it is refused at preview, since AWS would answer with the old task.
        :param segment_attributes: Key to ``{"value_string": ...}`` (or ``value_integer``,
            ``value_map``, ``value_list``, ``value_arn``); keys of letters, digits, ``-`` and
            ``_``, or a system-defined ``connect:<name>``; ``value_list`` and ``value_arn``
            only under a ``connect:`` key, a ``value_arn`` an ARN.
            ``{"connect:ContactExpiry": {"value_map": {"ExpiryDuration": {"value_integer":
            MINUTES}}}}`` sets the expiry. Changing ``connect:ContactExpiry`` or a
            user-defined string value updates the task in place (UpdateContact); changing
            another one, or removing one, replaces the task.
        :param attachments: 1 to 5 of ``{"file_name": ..., "s3_url": <pre-signed URL>}``;
            whether the URL is valid is left to AWS, and attachments cannot be read back from
            a task. Changing them replaces the task.
        :param region: The AWS Region of the task, such as ``us-east-1``; else the stack's
            ``aws:region``, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION``, else the
            profile's. The task stays in the Region it was created in (output
            ``aws_region``): changing this input replaces it, a change of ``aws:region`` does
            not move it.
        :param stop_on_delete: Default True: destroying the resource, or replacing the task,
            stops the task (StopContact); False leaves it running. Changing it is recorded in
            the state, with no AWS call.
        :param idempotency_key: Default ``<project>/<stack>/<resource name>`` (1 to 1,024
            characters): the ClientToken derives from it, so an interrupted ``pulumi up``
            gets the same task back instead of starting a second. After 64 re-creations of one
            resource within the about 7 days AWS keeps a token, set a new one. Changing it is
            recorded in the state, with no AWS call.
        :param adopt_contact_id: The ContactId (1 to 256 characters) of a running task of the
            instance to take into the stack instead of starting one (``pulumi import`` does
            not work for dynamic resources): a contact that is not a task, not in the
            instance, or already ended is refused, as is a mismatch in an input a running task
            cannot change; the inputs that change in place are applied. Adding, changing or
            removing it later is no change; a change that needs a new task is refused while
            it still names the current task.
        """
        self.props: dict[str, Any] = {
            k: v for k, v in locals().items() if k not in ("self", "__class__") and v is not None
        }


class ConnectTask(Resource, module="connect", name="Task"):
    """An Amazon Connect task started by StartTaskContact and tracked through its life.

    The resource id is the ContactId. Outputs: every input, plus ``contact_id``,
    ``contact_arn``, ``created_at`` (RFC 3339 UTC), ``state`` (SCHEDULED, QUEUED,
    CONNECTED or ENDED), ``scheduled_at`` (the resolved scheduled time) and ``aws_region``.
    A target given by name also has its resolved id as an output (``contact_flow_id``,
    ``quick_connect_id`` or ``task_template_id``).
    """

    contact_id: pulumi.Output[str]
    contact_arn: pulumi.Output[str]
    created_at: pulumi.Output[str]
    state: pulumi.Output[str]
    scheduled_at: pulumi.Output[str | None]
    aws_region: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: ConnectTaskArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = dict(args.props)
        props.setdefault(
            "idempotency_key", f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
        )
        props.update({key: None for key in OUTPUT_KEYS})
        # A target given by name: its id is an output (task.contact_flow_id, ...).
        props.update(
            {id_key: None for name_key, id_key in NAME_FIELDS.items() if name_key in props}
        )
        super().__init__(ConnectTaskProvider(), resource_name, props, opts)
