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
    """The inputs of a ConnectTask: StartTaskContact's members in snake_case, plus
    ``region`` (else stack config ``aws:region``, else the AWS environment) and
    ``stop_on_delete`` (default True: destroying the resource stops the task).

    ``references`` maps a name to ``{"type": "URL", "value": "https://..."}``;
    ``segment_attributes`` maps a key to ``{"value_string": ...}`` (or value_integer,
    value_map, value_list, value_arn); ``attachments`` is a list of
    ``{"file_name": ..., "s3_url": ...}``. ``scheduled_time`` takes an RFC 3339 timestamp,
    epoch seconds, or an ISO 8601 duration such as ``PT2H`` counted from creation.
    ``idempotency_key`` defaults to ``<project>/<stack>/<resource name>``.

    The target is exactly one of ``contact_flow_id``, ``quick_connect_id``,
    ``task_template_id``, or by name ``contact_flow_name``, ``quick_connect_name``,
    ``task_template_name``. A name is matched exactly (case included) in the instance
    when the task is started (ListContactFlows, ListQuickConnects or ListTaskTemplates);
    no match, or two templates of one name, fails with nothing started. The resolved id
    is an output (``contact_flow_id``...); the id and the name of one target are the same
    task, and the task keeps its target if the flow is later renamed.

    ``adopt_contact_id`` takes the running task with that ContactId instead of starting
    one (Pulumi's import does not work for dynamic resources): create checks that it is a
    task of the instance that has not ended and matches the inputs a running task cannot
    change, then applies the inputs that change in place. Once adopted it is never a
    change: removing or changing it later does nothing (see task/adopt.py).
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
