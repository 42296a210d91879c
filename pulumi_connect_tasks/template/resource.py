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
    ``region`` (else stack config ``aws:region``, else the AWS environment) and
    ``idempotency_key``. Each is described in ``__init__``.

    Nested keys may be written in snake_case or in AWS's PascalCase. Amazon Connect requires
    ``constraints`` (listing the field of type NAME in ``required_fields``), exactly one field
    of type NAME, and a ``contact_flow_id`` or a field of type QUICK_CONNECT. Every change but
    ``instance_id`` and ``region`` updates the template in place (UpdateTaskTemplate, a full
    update); those two create a new template. The reference: docs/templates.md.
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
        """The set of arguments for constructing a ConnectTaskTemplate resource.

        :param instance_id: Required. The Amazon Connect instance the template belongs to: its
            id (at most 100 characters) or an instance ARN, which is reduced to its id.
            Changing it creates a new template.
        :param name: Required. The template's name, 1 to 100 characters; a task can name the
            template by it (``task_template_name``). Changing it updates the template in place.
        :param fields: Required. A list of ``{"id": {"name": "Severity"}, "type": "NUMBER",
            "description": ..., "single_select_options": [...]}``: names of 1 to 100
            characters, unique; types NAME, DESCRIPTION, SCHEDULED_TIME, QUICK_CONNECT, URL,
            NUMBER, TEXT, TEXT_AREA, DATE_TIME, BOOLEAN, SINGLE_SELECT, EMAIL, SELF_ASSIGN or
            EXPIRY_DURATION; exactly one field of type NAME; a SINGLE_SELECT field lists at
            least one option. A task's reference of a field's name must have the type the
            field gives (TEXT, TEXT_AREA, BOOLEAN, SINGLE_SELECT: STRING; NUMBER: NUMBER;
            DATE_TIME: DATE; URL: URL; EMAIL: EMAIL). Changing them updates the template in
            place.
        :param constraints: Required by Amazon Connect, though optional in the API model:
            ``required_fields``, ``read_only_fields`` and ``invisible_fields``, each a list of
            ``{"id": {"name": ...}}`` naming a field of ``fields``; ``required_fields`` lists
            the field of type NAME. A task from the template must fill every required field.
            Changing them updates the template in place.
        :param description: The template's description, 1 to 255 characters. Changing it
            updates the template in place.
        :param contact_flow_id: The flow a task started from the template runs (at most 500
            characters). A template needs it or a field of type QUICK_CONNECT, and one without
            it cannot start a task through the API. Changing it updates the template in place.
        :param self_assign_flow_id: The flow run when the template is used to create a
            self-assigned task (at most 500 characters). Changing it updates the template in
            place.
        :param contact_hooks: ``{"wrap_up_flow_id": ...}``: the flow module (1 to 256
            characters) that runs when an agent disconnects from a task of this template.
            Changing it updates the template in place.
        :param defaults: ``{"default_field_values": [{"id": {"name": ...}, "default_value":
            ...}]}``: each names a field of ``fields``, with a value of at most 4,096 characters
            (for a SINGLE_SELECT field, one of its options). A default fills a required field of a
            task, and default references count in the task's 4,096-byte budget of references.
            Changing them updates the template in place.
        :param status: ACTIVE (the default) or INACTIVE; only an ACTIVE template can start a
            task. Changing it updates the template in place.
        :param region: The AWS Region of the template, such as ``us-east-1``; else the stack's
            ``aws:region``, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION``, else the
            profile's. Changing it creates a new template.
        :param idempotency_key: Default ``<project>/<stack>/<resource name>`` (1 to 1,024
            characters): CreateTaskTemplate's ClientToken derives from it, the template as
            written and a generation number, stable across retries, as a task's does.
            Changing it alone makes no AWS call.
        """
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
