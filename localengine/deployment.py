"""One engine operation: the engine's call sequences for each resource, and the state.

Dynamic resources (type ``pulumi-python:dynamic...``) go to one ProviderServer, started
on first use; other custom resources are mocked (id ``<name>-id``, outputs = inputs plus
``id`` and ``arn``); component resources are only recorded. The state is saved after
every completed step (never in a preview), so a crash loses no created resource.

Provider functions (invokes, in a preview too): pulumi-aws's Amazon Connect lookups
(getContactFlow, getQuickConnect) are answered from the deployment's Connect endpoint,
never AWS (see lookups.py); getCallerIdentity, getRegion and getPartition are faked;
every other function answers {}.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .lookups import TOKENS as LOOKUP_TOKENS
from .lookups import ConnectLookups
from .program import Outcome, Registration
from .server import ProviderError, ProviderServer
from .state import ResourceState, StackState, StateStore
from .summary import CheckFailureReport, Step, Summary
from .values import has_unknown

__all__ = ["ACCOUNT_ID", "DYNAMIC_PREFIX", "Deployment"]

DYNAMIC_PREFIX = "pulumi-python:dynamic"
ACCOUNT_ID = "123456789012"
_SKIPPED = "skipped: a resource it depends on failed"


class Deployment:
    """Steps of one preview/up/refresh/destroy against ``state`` (saved through ``store``).

    ``register``/``read``/``call`` serve the running program (a program.Handler) and may be
    called concurrently; provider work runs at most ``parallel`` resources at a time.
    """

    def __init__(
        self,
        *,
        summary: Summary,
        preview: bool,
        project: str,
        program_dir: Path,
        store: StateStore,
        state: StackState,
        config: Mapping[str, str],
        env: Mapping[str, str] | None,
        parallel: int,
    ) -> None:
        self.summary = summary
        self.preview = preview
        self.project = project
        self.program_dir = program_dir
        self.store = store
        self.state = state
        self.config = dict(config)
        self.env = dict(env or {})
        self.parallel = parallel
        self._lock = threading.RLock()
        self._slots = threading.BoundedSemaphore(parallel)
        self._server: ProviderServer | None = None
        self._server_error: ProviderError | None = None
        self._server_lock = threading.Lock()
        self._registered: set[str] = set()
        self._failed: set[str] = set()
        self._replaced: list[ResourceState] = []  # old copies replaced in this run
        self._stack_outputs: dict[str, Any] | None = None
        self._lookups = ConnectLookups(self.config, self.env)

    # -- provider server --------------------------------------------------------------

    @property
    def server(self) -> ProviderServer | None:
        """The provider server if one is running."""
        return self._server

    def provider(self) -> ProviderServer:
        """The provider server, started on first use (a failed start is not retried)."""
        with self._server_lock:
            if self._server is None:
                if self._server_error is not None:
                    raise self._server_error
                try:
                    self._server = ProviderServer(
                        self.program_dir, self.project, self.config, self.env
                    )
                except ProviderError as exn:
                    self._server_error = exn
                    raise
            return self._server

    def close(self) -> None:
        """Stops the provider server."""
        with self._server_lock:
            if self._server is not None:
                self._server.close()
                self._server = None

    # -- recording --------------------------------------------------------------------

    def _record(self, res: Registration | ResourceState, op: str) -> None:
        with self._lock:
            self.summary.steps.append(Step(res.urn, res.type, res.name, op))

    def _fail(
        self, res: Registration | ResourceState, op: str, error: ProviderError | str
    ) -> Outcome:
        message = error.message if isinstance(error, ProviderError) else error
        detail = error.traceback if isinstance(error, ProviderError) else ""
        with self._lock:
            self._failed.add(res.urn)
            self.summary.steps.append(Step(res.urn, res.type, res.name, op, False, message, detail))
        return Outcome("", {}, ok=False)

    def _mutate(self, change: Callable[[StackState], object]) -> None:
        """Applies ``change`` to the state (what it returns is dropped) and saves it; a preview
        changes nothing."""
        if self.preview:
            return
        with self._lock:
            change(self.state)
            self.store.save(self.state)

    def _put(self, res: ResourceState) -> None:
        self._mutate(lambda state: state.resources.__setitem__(res.urn, res))

    @staticmethod
    def _new_state(
        reg: Registration, id_: str, inputs: dict[str, Any], outputs: dict[str, Any]
    ) -> ResourceState:
        return ResourceState(
            urn=reg.urn,
            type=reg.type,
            name=reg.name,
            custom=reg.custom,
            id=id_,
            inputs=inputs,
            outputs=outputs,
            secret_names=set(reg.secret_names),
            parent=reg.parent,
            dependencies=sorted(reg.dependencies),
        )

    # -- the program's registrations --------------------------------------------------

    def register(self, reg: Registration) -> Outcome:
        """Decides and carries out the step for one declared resource."""
        old = self.state.resources.get(reg.urn)
        op = "create" if old is None else "update"
        with self._lock:
            duplicate = reg.urn in self._registered
            self._registered.add(reg.urn)
            blocked = bool((reg.dependencies | {reg.parent}) & self._failed)
        if duplicate:
            return self._fail(reg, op, f"duplicate resource URN {reg.urn}")
        if blocked or (not self.preview and has_unknown(reg.inputs)):
            return self._fail(reg, op, _SKIPPED)
        if not reg.custom:
            self._put(self._new_state(reg, "", reg.inputs, {}))
            self._record(reg, "create" if old is None else "same")
            return Outcome("", {})
        if not reg.type.startswith(DYNAMIC_PREFIX):
            return self._mocked(reg, old)
        with self._slots:
            return self._dynamic(reg, old)

    def _mocked(self, reg: Registration, old: ResourceState | None) -> Outcome:
        if old is not None and old.inputs == reg.inputs:
            op, id_, outputs = "same", old.id, old.outputs
        else:
            op = "create" if old is None else "update"
            if self.preview:
                id_, outputs = (old.id if old else ""), reg.inputs
            else:
                id_ = f"{reg.name}-id"
                outputs = {**reg.inputs, "id": id_, "arn": self._arn(reg)}
        self._put(self._new_state(reg, id_, reg.inputs, outputs))
        self._record(reg, op)
        return Outcome(id_, outputs, reg.secret_names)

    def _arn(self, reg: Registration) -> str:
        region = self.config.get("aws:region", "us-east-1")
        package, _, rest = reg.type.partition(":")
        service = rest.split(":")[0].split("/")[0] or package
        kind = reg.type.rsplit(":", 1)[-1].lower()
        return f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{kind}/{reg.name}"

    def _checked(
        self, server: ProviderServer, reg: Registration, olds: dict[str, Any]
    ) -> dict[str, Any] | None:
        outcome = server.check(olds, reg.inputs, urn=reg.urn)
        if not outcome.failures:
            return outcome.inputs
        with self._lock:
            self.summary.check_failures.extend(
                CheckFailureReport(reg.type, reg.name, prop, reason)
                for prop, reason in outcome.failures
            )
        return None

    def _dynamic(self, reg: Registration, old: ResourceState | None) -> Outcome:
        op = "create" if old is None else "update"
        try:
            server = self.provider()
            inputs = self._checked(server, reg, old.inputs if old else {})
            if inputs is None:
                return self._fail(reg, op, "check failed")
            if old is None:
                return self._create(server, reg, inputs)
            diff = server.diff(old.id, old.outputs, inputs, old.inputs, urn=reg.urn)
            if diff.replaces:
                op = "replace"
                inputs = self._checked(server, reg, {})
                if inputs is None:
                    return self._fail(reg, op, "check failed")
                return self._replace(
                    server,
                    reg,
                    old,
                    inputs,
                    diff.delete_before_replace or reg.delete_before_replace,
                )
            # With no answer from the provider the engine compares inputs itself, __provider included.
            changed = diff.changes if diff.changes is not None else inputs != old.inputs
            if changed:
                return self._update(server, reg, old, inputs)
            self._put(self._new_state(reg, old.id, inputs, old.outputs))
            self._record(reg, "same")
            return Outcome(old.id, old.outputs, reg.secret_names)
        except ProviderError as exn:
            return self._fail(reg, op, exn)

    def _create(self, server: ProviderServer, reg: Registration, inputs: dict[str, Any]) -> Outcome:
        if self.preview:
            self._record(reg, "create")
            return Outcome("", inputs, reg.secret_names)
        id_, outputs = server.create(inputs, urn=reg.urn)
        self._put(self._new_state(reg, id_, inputs, outputs))
        self._record(reg, "create")
        return Outcome(id_, outputs, reg.secret_names)

    def _update(
        self, server: ProviderServer, reg: Registration, old: ResourceState, inputs: dict[str, Any]
    ) -> Outcome:
        if self.preview:
            self._record(reg, "update")
            return Outcome(old.id, inputs, reg.secret_names)
        outputs = server.update(old.id, old.outputs, inputs, old.inputs, urn=reg.urn)
        self._put(self._new_state(reg, old.id, inputs, outputs))
        self._record(reg, "update")
        return Outcome(old.id, outputs, reg.secret_names)

    def _replace(
        self,
        server: ProviderServer,
        reg: Registration,
        old: ResourceState,
        inputs: dict[str, Any],
        delete_first: bool,
    ) -> Outcome:
        if self.preview:
            self._record(reg, "replace")
            return Outcome("", inputs, reg.secret_names)
        if delete_first:
            server.delete(old.id, old.outputs, old.inputs, urn=reg.urn)
            self._mutate(lambda state: state.resources.pop(reg.urn, None))
            id_, outputs = server.create(inputs, urn=reg.urn)
            self._put(self._new_state(reg, id_, inputs, outputs))
        else:
            id_, outputs = server.create(inputs, urn=reg.urn)
            new = self._new_state(reg, id_, inputs, outputs)

            def swap(state: StackState) -> None:
                state.resources[reg.urn] = new
                state.pending_deletes.append(old)
                self._replaced.append(old)

            self._mutate(swap)
        self._record(reg, "replace")
        return Outcome(id_, outputs, reg.secret_names)

    def read(self, reg: Registration) -> Outcome:
        """A resource the program reads by id: Read(id) with its inputs, no properties."""
        if not reg.type.startswith(DYNAMIC_PREFIX):
            self._record(reg, "read")
            return Outcome(reg.import_id, {**reg.inputs, "id": reg.import_id}, reg.secret_names)
        try:
            with self._slots:
                id_, outputs, _ = self.provider().read(reg.import_id, {}, reg.inputs, urn=reg.urn)
        except ProviderError as exn:
            return self._fail(reg, "read", exn)
        if not id_:
            return self._fail(reg, "read", "the resource does not exist")
        self._record(reg, "read")
        return Outcome(id_, outputs, reg.secret_names)

    def call(self, token: str, args: dict[str, Any]) -> dict[str, Any]:
        """A provider function: the Connect lookups from the deployment's Connect endpoint
        (InvokeError when one fails), fakes for a few AWS data sources, {} otherwise."""
        if token in LOOKUP_TOKENS:
            return self._lookups.call(token, args)
        region = self.config.get("aws:region", "us-east-1")
        if token == "aws:index/getCallerIdentity:getCallerIdentity":
            arn = f"arn:aws:iam::{ACCOUNT_ID}:user/localengine"
            return {
                "accountId": ACCOUNT_ID,
                "arn": arn,
                "userId": "AIDALOCALENGINE",
                "id": ACCOUNT_ID,
            }
        if token == "aws:index/getRegion:getRegion":
            return {
                "name": region,
                "region": region,
                "id": region,
                "description": region,
                "endpoint": f"ec2.{region}.amazonaws.com",
            }
        if token == "aws:index/getPartition:getPartition":
            return {
                "partition": "aws",
                "id": "aws",
                "dnsSuffix": "amazonaws.com",
                "reverseDnsPrefix": "com.amazonaws",
            }
        return {}

    def register_stack_outputs(self, outputs: dict[str, Any]) -> None:
        """Keeps the stack's exports until ``save_stack_outputs``."""
        with self._lock:
            self._stack_outputs = dict(outputs)

    def save_stack_outputs(self) -> None:
        """Records the exports the program registered in place of the last up's (a
        preview records nothing). Call it only after a run that succeeded: the exports of
        a failed run hold the unknown outputs of the resources that failed."""
        with self._lock:
            outputs = self._stack_outputs
        if outputs is not None:
            self._mutate(lambda state: setattr(state, "outputs", outputs))

    # -- after the program, refresh, destroy --------------------------------------------

    def delete_leftovers(self, proceed: bool) -> None:
        """Deletes what the program no longer declares and replaced resources (last, as
        the engine does). A preview only shows them; with ``proceed`` False (the run
        failed) they stay in the state for the next up."""
        with self._lock:
            orphans = [r for urn, r in self.state.resources.items() if urn not in self._registered]
            pending = list(self.state.pending_deletes)
        if self.preview:
            for res in orphans + pending:
                self._record(res, "delete")
        elif proceed:
            self._delete_in_order(orphans + pending)

    def destroy_all(self) -> None:
        """Deletes every resource in the state, dependents first; once none is left, the
        stack's exports go too (the engine deletes the root stack resource last)."""
        with self._lock:
            targets = list(self.state.resources.values()) + list(self.state.pending_deletes)
        self._delete_in_order(targets)

        def forget_exports(state: StackState) -> None:
            if not state.resources and not state.pending_deletes:
                state.outputs = {}

        self._mutate(forget_exports)

    def _delete_in_order(self, targets: list[ResourceState]) -> None:
        remaining = list(targets)
        with ThreadPoolExecutor(
            max_workers=self.parallel, thread_name_prefix="localengine-delete"
        ) as pool:
            while remaining:
                ready = [
                    r
                    for r in remaining
                    if not any(
                        o is not r and (r.urn in o.dependencies or o.parent == r.urn)
                        for o in remaining
                    )
                ] or list(remaining)
                results = list(pool.map(self._delete_one, ready))
                remaining = [r for r in remaining if not any(r is x for x in ready)]
                if not all(results):
                    for res in remaining:
                        self._fail(res, "delete", "skipped: an earlier deletion failed")
                    return

    def _delete_one(self, res: ResourceState) -> bool:
        replaced_now = any(res is r for r in self._replaced)
        try:
            if res.custom and res.type.startswith(DYNAMIC_PREFIX):
                with self._slots:
                    self.provider().delete(res.id, res.outputs, res.inputs, urn=res.urn)
        except ProviderError as exn:
            if replaced_now:
                with self._lock:
                    self.summary.errors.append(
                        f"{res.type} resource '{res.name}': deleting the replaced resource {res.id} failed: "
                        f"{exn.message}"
                    )
            else:
                self._fail(res, "delete", exn)
            return False

        def forget(state: StackState) -> None:
            if any(res is p for p in state.pending_deletes):
                state.pending_deletes[:] = [p for p in state.pending_deletes if p is not res]
            elif state.resources.get(res.urn) is res:
                del state.resources[res.urn]

        self._mutate(forget)
        if not replaced_now:
            self._record(res, "delete")
        return True

    def refresh_all(self) -> None:
        """Reads every resource in the state and records what changed outside."""
        with self._lock:
            targets = list(self.state.resources.values())
        with ThreadPoolExecutor(
            max_workers=self.parallel, thread_name_prefix="localengine-refresh"
        ) as pool:
            list(pool.map(self._refresh_one, targets))

    def _refresh_one(self, res: ResourceState) -> None:
        if not (res.custom and res.type.startswith(DYNAMIC_PREFIX)):
            self._record(res, "same")
            return
        try:
            with self._slots:
                server = self.provider()
                id_, outputs, inputs = server.read(res.id, res.outputs, res.inputs, urn=res.urn)
                if not id_:
                    self._mutate(lambda state: state.resources.pop(res.urn, None))
                    self._record(res, "delete")
                    return
                diff = server.diff(id_, outputs, res.inputs, res.inputs, urn=res.urn)
        except ProviderError as exn:
            self._fail(res, "read", exn)
            return
        drift = diff.changes if diff.changes is not None else outputs != res.outputs
        refreshed = dataclasses.replace(
            res, id=id_, outputs=outputs, inputs=inputs if inputs is not None else res.inputs
        )
        self._put(refreshed)
        self._record(res, "refresh-drift" if drift or diff.replaces else "same")
