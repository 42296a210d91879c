"""ConnectTaskTemplate: an Amazon Connect task template as a Pulumi resource."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from .provider import ConnectTaskTemplateProvider
from .shape import OUTPUT_KEYS

__all__ = ["ConnectTaskTemplate", "ConnectTaskTemplateArgs"]


class ConnectTaskTemplateArgs:
    """The inputs of a ConnectTaskTemplate: CreateTaskTemplate's members in snake_case, plus
    ``region`` (else stack config ``aws:region``, else the AWS environment).

    ``fields`` is a list of ``{"id": {"name": "Severity"}, "type": "NUMBER", "description": ...,
    "single_select_options": [...]}``; ``constraints`` holds ``required_fields``,
    ``read_only_fields`` and ``invisible_fields``, each a list of ``{"id": {"name": ...}}``;
    ``defaults`` is ``{"default_field_values": [{"id": {"name": ...}, "default_value": ...}]}``;
    ``contact_hooks`` is ``{"wrap_up_flow_id": ...}``. Nested keys may also be written in
    AWS's PascalCase. Amazon Connect requires ``constraints`` (listing the field of type NAME
    in ``required_fields``), exactly one field of type NAME, and a ``contact_flow_id`` or a
    field of type QUICK_CONNECT. ``status`` is ACTIVE (the default) or INACTIVE.
    ``idempotency_key`` defaults to ``<project>/<stack>/<resource name>``.
    """

    def __init__(
        self,
        *,
        instance_id: pulumi.Input[str],
        name: pulumi.Input[str],
        fields: pulumi.Input[Sequence[Mapping[str, Any]]],
        constraints: pulumi.Input[Mapping[str, Any]] | None = None,
        description: pulumi.Input[str] | None = None,
        contact_flow_id: pulumi.Input[str] | None = None,
        self_assign_flow_id: pulumi.Input[str] | None = None,
        contact_hooks: pulumi.Input[Mapping[str, Any]] | None = None,
        defaults: pulumi.Input[Mapping[str, Any]] | None = None,
        status: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        idempotency_key: pulumi.Input[str] | None = None,
    ) -> None:
        self.props: dict[str, Any] = {
            k: v for k, v in locals().items() if k not in ("self", "__class__") and v is not None
        }


class ConnectTaskTemplate(Resource, module="connect", name="TaskTemplate"):
    """An Amazon Connect task template, created by CreateTaskTemplate and updated in place.

    The resource id is the template id. Outputs: every input, plus ``template_id``,
    ``template_arn``, ``created_at`` and ``last_modified_at`` (RFC 3339 UTC) and
    ``aws_region``. Changing ``instance_id`` or ``region`` creates a new template.
    """

    template_id: pulumi.Output[str]
    template_arn: pulumi.Output[str]
    created_at: pulumi.Output[str]
    last_modified_at: pulumi.Output[str]
    aws_region: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: ConnectTaskTemplateArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = dict(args.props)
        props.setdefault(
            "idempotency_key", f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
        )
        props.update({key: None for key in OUTPUT_KEYS})
        super().__init__(ConnectTaskTemplateProvider(), resource_name, props, opts)
