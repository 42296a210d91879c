"""The plugin's two resources over their lifecycle cores, and their ids.

A resource's id is ``<instance id>:<own id>`` (a task's ContactId, a template's id), the
``instanceId:resourceId`` form pulumi-aws uses for Amazon Connect resources and the one
``pulumi import`` takes; the cores work with the own id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..common.config import ProviderConfig
from ..common.diffs import Diff
from ..common.errors import ConnectTaskError
from ..task import lifecycle as task
from ..template import lifecycle as template
from .schema import TASK, TEMPLATE

__all__ = ["Kind", "KINDS", "kind_of", "split_id", "default_key"]


@dataclass(frozen=True)
class Kind:
    """One resource type: its token, what its id names, and its lifecycle core."""

    token: str
    what: str  # the own id's name in messages: "contact id"
    check: Callable[[dict, dict], tuple[dict, list[tuple[str, str]]]]
    diff: Callable[[str, dict, dict, ProviderConfig, dict], Diff]
    create: Callable[[dict, ProviderConfig], tuple[str, dict]]
    read: Callable[[str, dict, ProviderConfig], tuple[str, dict, dict] | None]
    import_: Callable[[str, str, str, ProviderConfig], tuple[str, dict, dict] | None]
    update: Callable[[str, dict, dict, ProviderConfig, dict], dict]
    delete: Callable[[str, dict, ProviderConfig], None]


def _import_template(
    id_: str, instance_id: str, key: str, config: ProviderConfig
) -> tuple[str, dict, dict] | None:
    return template.read(id_, {"instance_id": instance_id, "idempotency_key": key}, config)


KINDS = {
    TASK: Kind(
        TASK,
        "contact id",
        task.check,
        task.diff,
        task.create,
        task.read,
        task.import_,
        task.update,
        task.delete,
    ),
    TEMPLATE: Kind(
        TEMPLATE,
        "template id",
        template.check,
        lambda id_, olds, news, _config, _old_inputs: template.diff(id_, olds, news),
        template.create,
        template.read,
        _import_template,
        lambda id_, olds, news, config, _old_inputs: template.update(id_, olds, news, config),
        template.delete,
    ),
}


def kind_of(token: str) -> Kind:
    """The resource type ``token`` names; ConnectTaskError for one this plugin does not have."""
    try:
        return KINDS[token]
    except KeyError:
        raise ConnectTaskError(
            f"connect-tasks has no resource type {token!r}; it has {', '.join(KINDS)}"
        ) from None


def split_id(kind: Kind, id_: str) -> tuple[str, str]:
    """``(instance id, own id)`` of a resource id; ConnectTaskError naming the form otherwise."""
    instance_id, sep, own = id_.partition(":")
    if not sep or not instance_id or not own or ":" in own:
        raise ConnectTaskError(
            f"{kind.token}: the id must be <instance id>:<{kind.what}> "
            f"(as `pulumi import {kind.token} NAME <instance id>:<{kind.what}>` takes it)"
        )
    return instance_id, own


def default_key(urn: str) -> str:
    """``<project>/<stack>/<resource name>``, the dynamic resources' default idempotency_key,
    from a URN ``urn:pulumi:<stack>::<project>::<type>::<name>``."""
    parts = urn.split("::")
    if len(parts) < 4:
        return urn
    return f"{parts[1]}/{parts[0].rsplit(':', 1)[-1]}/{parts[-1]}"
