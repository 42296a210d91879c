"""ConnectTasksProvider: the ``connect-tasks`` provider plugin's every RPC.

A thin front, as the dynamic providers are: the engine's requests in, the lifecycle
cores (:mod:`pulumi_connect_tasks.task.lifecycle`, :mod:`pulumi_connect_tasks.template.lifecycle`)
do the work, in the schema's camelCase names out (:mod:`.convert`). The SDK's server runs
one asyncio loop, so every core call (the AWS calls, and validation) runs in a thread of
a pool: the engine's concurrent creates are served concurrently, paced as one process
(:mod:`pulumi_connect_tasks.common.pacing`).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, TypeVar

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    PropertyDiff,
    PropertyDiffKind,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)

from ..common.config import ProviderConfig
from ..common.errors import ConnectTaskError
from .config import config_failures, config_values, configured
from .convert import camel_path, from_core, to_core
from .functions import read_task_files
from .resources import Kind, default_key, kind_of, split_id
from .schema import PACKAGE, READ_TASK_FILES, in_plugin_words, package_schema, schema_text
from .values import plain_map, secret_keys, value_map

__all__ = ["ConnectTasksProvider", "LOCAL_WORKERS", "OLD_INPUTS", "WORKERS"]

WORKERS = 16
"""Core calls that may call AWS, at once. The engine runs 4 × CPUs steps at once by
default; the pacer, not this, holds the account to its quota."""
LOCAL_WORKERS = 4
"""Check and readTaskFiles at once: no AWS call, so they never wait behind a create the
pacer holds."""

_T = TypeVar("_T")

OLD_INPUTS: ContextVar[Mapping[str, PropertyValue] | None] = ContextVar("OLD_INPUTS", default=None)
"""The state's inputs of the Diff or Update being served. The engine sends them
(``old_inputs``), the SDK's requests drop them; :mod:`.server` sets this."""


@functools.cache
def _inputs_of(token: str) -> frozenset[str]:
    return frozenset(package_schema()["resources"][token]["inputProperties"])


@functools.cache
def _schema_secrets(token: str) -> frozenset[str]:
    properties = package_schema()["resources"][token]["properties"]
    return frozenset(k for k, spec in properties.items() if spec.get("secret"))


class ConnectTasksProvider(Provider):
    """Tasks and task templates, validated at Check, through the lifecycle cores."""

    def __init__(self, workers: int = WORKERS) -> None:
        self.config = ProviderConfig()
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="connect-tasks")
        self._local = ThreadPoolExecutor(LOCAL_WORKERS, thread_name_prefix="connect-tasks-local")

    async def _run(self, fn: Callable[..., _T], *args: Any, local: bool = False) -> _T:
        loop = asyncio.get_running_loop()
        pool = self._local if local else self._pool
        return await loop.run_in_executor(pool, functools.partial(fn, *args))

    def _out(
        self, kind: Kind, props: dict[str, Any], *given: Mapping[str, PropertyValue]
    ) -> dict[str, PropertyValue]:
        """The core's ``props`` for the engine: a property secret in ``given`` (or in the
        schema) stays secret."""
        secrets = secret_keys(*given) | _schema_secrets(kind.token)
        return value_map(from_core(kind.token, props), secrets)

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(schema_text())

    async def check_config(self, request: CheckRequest) -> CheckResponse:
        failures = config_failures(plain_map(request.new_inputs))
        return CheckResponse(
            inputs=request.new_inputs, failures=[CheckFailure(k, r) for k, r in failures]
        )

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        values = config_values(request.variables, plain_map(request.args))
        failures = config_failures(values)
        if failures:
            raise ConnectTaskError(
                "; ".join(f"{PACKAGE}:{key} {reason}" for key, reason in failures)
            )
        self.config = configured(values)
        # No preview: Create and Update run only in `up`, never an AWS call in preview.
        return ConfigureResponse(accept_secrets=True, supports_preview=False)

    async def check(self, request: CheckRequest) -> CheckResponse:
        kind = kind_of(request.type)
        given = plain_map(request.new_inputs)
        # The engine's own keys (``__``) are not the program's.
        failures = [
            (k, f"is not an input of {kind.token}")
            for k in given
            if k not in _inputs_of(kind.token) and not k.startswith("__")
        ]
        news = to_core(kind.token, {k: v for k, v in given.items() if k in _inputs_of(kind.token)})
        news.setdefault("idempotency_key", default_key(request.urn))
        olds = to_core(kind.token, plain_map(request.old_inputs))
        inputs, found = await self._run(kind.check, olds, news, local=True)
        failures += [(camel_path(kind.token, p), in_plugin_words(r)) for p, r in found]
        return CheckResponse(
            inputs=self._out(kind, inputs, request.new_inputs),
            failures=[CheckFailure(p, r) for p, r in sorted(failures)],
        )

    def _states(
        self,
        kind: Kind,
        id_: str,
        olds: Mapping[str, PropertyValue],
        news: Mapping[str, PropertyValue],
    ) -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:
        """What Diff and Update give the core: the own id, the old state, the new inputs and
        the state's inputs (:data:`OLD_INPUTS`), in the core's names."""
        _, own = split_id(kind, id_)
        old_inputs = OLD_INPUTS.get() or {}
        return (
            own,
            to_core(kind.token, plain_map(olds)),
            to_core(kind.token, plain_map(news)),
            to_core(kind.token, plain_map(old_inputs)),
        )

    async def diff(self, request: DiffRequest) -> DiffResponse:
        kind = kind_of(request.type)
        own, olds, news, old_inputs = self._states(
            kind, request.resource_id, request.old_state, request.new_inputs
        )
        found = await self._run(kind.diff, own, olds, news, self.config, old_inputs)
        detailed = {}
        for change in found.properties:
            old, new = olds.get(change.key), news.get(change.key)
            how = "ADD" if old is None else "DELETE" if new is None else "UPDATE"
            # Against the old state (outputs), not the old inputs.
            detailed[camel_path(kind.token, change.key)] = PropertyDiff(
                PropertyDiffKind[how + ("_REPLACE" if change.replaces else "")], input_diff=False
            )
        return DiffResponse(
            changes=bool(found.changed),
            replaces=[camel_path(kind.token, k) for k in found.replaces],
            diffs=list(detailed),
            delete_before_replace=found.delete_before_replace,
            detailed_diff=detailed,
        )

    async def create(self, request: CreateRequest) -> CreateResponse:
        kind = kind_of(request.type)
        props = to_core(kind.token, plain_map(request.properties))
        own, outs = await self._run(kind.create, props, self.config)
        return CreateResponse(
            resource_id=f"{outs['instance_id']}:{own}",
            properties=self._out(kind, outs, request.properties),
        )

    async def read(self, request: ReadRequest) -> ReadResponse:
        kind = kind_of(request.type)
        instance_id, own = split_id(kind, request.resource_id)
        props = to_core(kind.token, plain_map(request.properties))
        if not props and not request.inputs:  # `pulumi import`: the id is all there is
            key = default_key(request.urn)
            found = await self._run(kind.import_, own, instance_id, key, self.config)
        else:
            props.setdefault("instance_id", instance_id)
            found = await self._run(kind.read, own, props, self.config)
        if found is None:
            return ReadResponse(resource_id="")  # gone: the server sends no properties
        _, outs, inputs = found
        given = (request.properties, request.inputs)
        return ReadResponse(
            resource_id=request.resource_id,
            properties=self._out(kind, outs, *given),
            inputs=self._out(kind, inputs, *given),
        )

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        kind = kind_of(request.type)
        own, olds, news, old_inputs = self._states(
            kind, request.resource_id, request.olds, request.news
        )
        outs = await self._run(kind.update, own, olds, news, self.config, old_inputs)
        return UpdateResponse(self._out(kind, outs, request.olds, request.news))

    async def delete(self, request: DeleteRequest) -> None:
        kind = kind_of(request.type)
        instance_id, own = split_id(kind, request.resource_id)
        props = to_core(kind.token, plain_map(request.properties))
        props.setdefault("instance_id", instance_id)
        await self._run(kind.delete, own, props, self.config)

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        if request.tok != READ_TASK_FILES:
            raise ConnectTaskError(
                f"connect-tasks has no function {request.tok!r}; it has {READ_TASK_FILES}"
            )
        result = await self._run(read_task_files, plain_map(request.args), local=True)
        return InvokeResponse(return_value=value_map(result))
