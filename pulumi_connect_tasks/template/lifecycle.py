"""A task template's lifecycle on plain data: what Check, Diff, Create, Read, Update and
Delete do. Every front (the dynamic provider in :mod:`.provider`, a provider plugin) adapts
these functions; none of them knows Pulumi's types.

    check    normalise the inputs (snake_case, instance id) and list every violated rule
             (:mod:`.validation`); no AWS call
    diff     which inputs change; instance_id and region replace, the rest update in place
    create   CreateTaskTemplate with an idempotent ClientToken, then read it back
    read     GetTaskTemplate; a template that no longer exists is None
    update   UpdateTaskTemplate with the whole template (a full update)
    delete   DeleteTaskTemplate; one already gone is fine
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from ..common.config import ProviderConfig
from ..common.diffs import Diff, PropertyChange
from ..common.errors import ConnectTaskError
from ..common.inputs import given_inputs, resource_input_failures
from ..common.unknown import mark_unknowns
from . import aws as template_aws
from .shape import (
    INPUT_KEYS,
    OUTPUT_KEYS,
    REPLACE_KEYS,
    TEMPLATE_FIELDS,
    from_aws,
    property_path,
    template_client_token,
    template_inputs,
    template_outputs,
    template_request,
)
from .validation import validate_task_template

__all__ = [
    "check",
    "check_template_inputs",
    "diff",
    "create",
    "read",
    "update",
    "delete",
    "MAX_GENERATIONS",
]

# Deliberate re-creations of one resource within the ClientToken window that create
# walks through (each costs a CreateTaskTemplate and a GetTaskTemplate) before it gives up.
MAX_GENERATIONS = 64
# A template CreateTaskTemplate just returned is looked up once more after this pause
# before its token is taken to name a deleted template (a read-after-write guard).
READ_BACK_PAUSE_SECONDS = 2.0
_NESTED = ("contact_hooks", "constraints", "defaults", "fields")


def _now() -> datetime:
    return datetime.now(UTC)


def _inputs(props: dict[str, Any]) -> dict[str, Any]:
    return {k: props[k] for k in INPUT_KEYS if props.get(k) is not None}


def check_template_inputs(
    news: dict[str, Any], *, now: datetime
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The checked inputs and every failure as ``(property path, reason)``, sorted.

    The inputs keep unknown values; nested keys are rewritten in snake_case (so state
    holds one spelling) and an instance ARN is reduced to its id.
    """
    inputs = given_inputs(news, OUTPUT_KEYS)
    for key in _NESTED:
        if key in inputs:
            inputs[key] = from_aws(inputs[key])
    failures = resource_input_failures(inputs, INPUT_KEYS, "ConnectTaskTemplate")
    request = template_request({k: mark_unknowns(v) for k, v in inputs.items()})
    for violation in validate_task_template(request, now=now):
        failures.append((property_path(violation.path), violation.message))
    return inputs, sorted(failures)


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        value = {k: _strip(v) for k, v in value.items()}
        return {k: v for k, v in value.items() if v is not None} or None
    if isinstance(value, list):
        return [_strip(v) for v in value] or None
    return value


def _normal(value: Any) -> Any:
    """``value`` in snake_case, with None for empty lists and objects: how diff compares.

    AWS may return an empty list where the user wrote none (or the reverse); both mean
    the same template.
    """
    return _strip(from_aws(value))


def _effective(props: dict[str, Any], key: str) -> Any:
    value = _normal(props.get(key))
    # AWS makes a template ACTIVE unless told otherwise.
    return "ACTIVE" if key == "status" and value is None else value


def _changed_keys(olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
    return [k for k in INPUT_KEYS if _effective(olds, k) != _effective(news, k)]


def check(
    olds: dict[str, Any], news: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The checked inputs and every failure as ``(property path, reason)``, sorted."""
    return check_template_inputs(news, now=_now())


def diff(id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Diff:
    """Changes update in place (UpdateTaskTemplate); instance_id and region replace."""
    return Diff(tuple(PropertyChange(k, k in REPLACE_KEYS) for k in _changed_keys(olds, news)))


def create(props: dict[str, Any], config: ProviderConfig) -> tuple[str, dict[str, Any]]:
    """Create the template; returns its id and outputs. If create fails, none was created,
    or the error names it."""
    inputs = _inputs(props)
    client = config.client(inputs)
    template = _create(client, template_request(inputs), inputs)
    outs = {**inputs, **template_outputs(template), "aws_region": client.meta.region_name}
    return template["Id"], {k: v for k, v in outs.items() if v is not None}


def _create(client: Any, request: dict, inputs: dict[str, Any]) -> dict:
    for generation in range(MAX_GENERATIONS):
        request["ClientToken"] = template_client_token(
            inputs["idempotency_key"], inputs, generation
        )
        template_id = template_aws.create_task_template(client, request)["Id"]
        template = _read_back(client, request["InstanceId"], template_id)
        if template is not None:
            return template
        # The token names a template deleted since: this is a deliberate re-creation.
    raise ConnectTaskError(
        f"CreateTaskTemplate: the last {MAX_GENERATIONS} templates of idempotency_key "
        f"{inputs['idempotency_key']!r} have all been deleted; set a new idempotency_key to create another"
    )


def _read_back(client: Any, instance_id: str, template_id: str) -> dict | None:
    try:
        template = template_aws.get_task_template(client, instance_id, template_id)
        if template is None:
            time.sleep(READ_BACK_PAUSE_SECONDS)
            template = template_aws.get_task_template(client, instance_id, template_id)
    except ConnectTaskError as error:
        raise ConnectTaskError(
            f"task template {template_id} was created but reading it back failed: {error}. "
            "Run `pulumi up` again: it returns the same template, it does not create another"
        ) from None
    return template


def read(
    id_: str, props: dict[str, Any], config: ProviderConfig
) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """The live template as ``(id, outputs, inputs)``; None when it no longer exists."""
    client = config.client(props)
    template = template_aws.get_task_template(client, props["instance_id"], id_)
    if template is None:
        return None
    inputs = {"instance_id": props["instance_id"], **template_inputs(template)}
    if props.get("status") is None and inputs.get("status") == "ACTIVE":
        inputs.pop("status")  # AWS's default, not written by the user
    inputs.update({k: props[k] for k in ("region", "idempotency_key") if props.get(k) is not None})
    outs = {
        **inputs,
        **template_outputs(template),
        "aws_region": props.get("aws_region") or client.meta.region_name,
    }
    return id_, {k: v for k, v in outs.items() if v is not None}, inputs


def update(
    id_: str, olds: dict[str, Any], news: dict[str, Any], config: ProviderConfig
) -> dict[str, Any]:
    """Send the whole template (UpdateTaskTemplate is a full update); nothing when only
    idempotency_key changed. Returns the outputs."""
    inputs = _inputs(news)
    outs = {k: olds[k] for k in OUTPUT_KEYS if olds.get(k) is not None}
    if any(k in TEMPLATE_FIELDS for k in _changed_keys(olds, news)):
        request = {
            **template_request(inputs),
            "TaskTemplateId": id_,
            "Status": inputs.get("status", "ACTIVE"),
        }
        template = template_aws.update_task_template(config.client(olds), request)
        outs.update({k: v for k, v in template_outputs(template).items() if v is not None})
    return {**inputs, **outs}


def delete(id_: str, props: dict[str, Any], config: ProviderConfig) -> None:
    """Delete the template; one that is already gone is fine."""
    template_aws.delete_task_template(config.client(props), props["instance_id"], id_)
