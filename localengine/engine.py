"""``Engine``: preview, up, refresh and destroy of one stack of a Python Pulumi program.

The program runs in this process under Pulumi's mocks; dynamic resources are driven
through the real provider server with the engine's call sequences (see deployment.py);
the state lives in ``<state_dir>/<stack>.json`` (see state.py). ``up``, ``refresh`` and
``destroy`` hold the stack's lock (see lock.py) from before they read the state until they
end; ``preview`` takes none, as with Pulumi: it changes nothing and reads the state once,
and a save replaces the file whole.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .deployment import Deployment
from .lock import StackLock, describe
from .program import run_program
from .project import EngineError, Project, load_project
from .server import ProviderServer
from .state import StackState, StateStore
from .summary import Summary

__all__ = ["Engine", "EngineError"]

_INTERRUPTED = (
    "the last run of this stack, {holder}, ended without releasing its lock (it was killed?): "
    "the state holds every step it completed; a resource it was creating or deleting when it "
    "stopped may exist outside the state"
)


def _absolute_pythonpath(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the PYTHONPATH the provider server will see (its own, else this
    process's) made of absolute paths."""
    pythonpath = env.get("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(
            os.path.abspath(p) for p in pythonpath.split(os.pathsep) if p
        )
    return env


class Engine:
    """One stack of the program in ``program_dir``.

    ``config`` overrides ``Pulumi.<stack>.yaml`` (keys without a namespace get the
    project's); ``env`` is added to the provider server's environment (the Connect
    lookups, lookups.py, read it the same way, over this process's); ``parallel``
    bounds how many resources are worked on at once. Each operation returns a Summary
    and never raises for a resource failure; EngineError means it could not start
    (lock.StackLocked: another run of ``up``, ``refresh`` or ``destroy`` holds the stack).

    Relative paths (``program_dir``, ``state_dir``, ``PYTHONPATH`` entries) are taken
    from the current directory when the Engine is created: the program and the provider
    server run in the program directory, where they would mean something else.
    """

    def __init__(
        self,
        program_dir: str | os.PathLike[str],
        stack: str,
        state_dir: str | os.PathLike[str],
        config: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        parallel: int = 8,
    ) -> None:
        if parallel < 1:
            raise ValueError("parallel must be at least 1")
        self.program_dir = Path(program_dir).resolve()
        self.stack = stack
        self.store = StateStore(state_dir, stack)  # it makes state_dir absolute
        self.config = dict(config or {})
        self.env = _absolute_pythonpath(dict(env or {}))
        self.parallel = parallel
        self._deployment: Deployment | None = None

    @property
    def server(self) -> ProviderServer | None:
        """The provider server of the operation in progress, if it started one."""
        deployment = self._deployment
        return deployment.server if deployment is not None else None

    def preview(self) -> Summary:
        """Runs the program; Check and Diff only, nothing changes (and no lock is taken)."""
        summary = Summary("preview", self.stack)
        self._run_program(summary)
        return summary

    def up(self) -> Summary:
        """Runs the program and applies its steps; deletes what it no longer declares."""
        with self._locked("up") as summary:
            self._run_program(summary)
        return summary

    def refresh(self) -> Summary:
        """Reads every dynamic resource in the state (the program does not run)."""
        with self._locked("refresh") as summary:
            project = load_project(self.program_dir)
            state = self.store.load()
            config = project.stack_config(self.stack, self.config)
            self._operate(summary, project.name, state, config, Deployment.refresh_all)
        return summary

    def destroy(self) -> Summary:
        """Deletes every resource in the state, with the config of the last up; the
        program does not run (the provider comes from the state)."""
        with self._locked("destroy") as summary:
            state = self.store.load()
            if state.project:
                project_name, config = state.project, state.config
            else:
                project = load_project(self.program_dir)
                project_name, config = project.name, project.stack_config(self.stack, self.config)
            self._operate(summary, project_name, state, config, Deployment.destroy_all)
        return summary

    # -- internals --------------------------------------------------------------------

    @contextmanager
    def _locked(self, operation: str) -> Iterator[Summary]:
        """The stack's lock for one operation, and its Summary (which says so when a
        killed run left the lock behind)."""
        with StackLock(self.store.state_dir, self.stack, operation) as lock:
            summary = Summary(operation, self.stack)
            if lock.interrupted is not None:
                summary.warnings.append(_INTERRUPTED.format(holder=describe(lock.interrupted)))
            yield summary

    def _deployment_for(
        self,
        summary: Summary,
        project_name: str,
        state: StackState,
        config: Mapping[str, str],
        preview: bool,
    ) -> Deployment:
        return Deployment(
            summary=summary,
            preview=preview,
            project=project_name,
            program_dir=self.program_dir,
            store=self.store,
            state=state,
            config=config,
            env=self.env,
            parallel=self.parallel,
        )

    def _operate(
        self,
        summary: Summary,
        project_name: str,
        state: StackState,
        config: Mapping[str, str],
        action: Callable[[Deployment], None],
    ) -> None:
        deployment = self._deployment_for(summary, project_name, state, config, preview=False)
        self._deployment = deployment
        try:
            action(deployment)
        finally:
            deployment.close()
            self._deployment = None

    def _run_program(self, summary: Summary) -> None:
        preview = summary.operation == "preview"
        project: Project = load_project(self.program_dir)
        config = project.stack_config(self.stack, self.config)
        state = self.store.load()
        if not preview:
            state.project, state.config = project.name, dict(config)
            self.store.save(state)
        deployment = self._deployment_for(summary, project.name, state, config, preview)
        self._deployment = deployment
        try:
            try:
                run_program(
                    project,
                    self.stack,
                    config,
                    preview=preview,
                    handler=deployment,
                    workers=self.parallel + 4,
                )
            except Exception as exn:  # noqa: BLE001 the program's own error, reported
                text = "".join(traceback.format_exception_only(exn)).strip()
                summary.errors.append(f"the program failed: {text}")
            if summary.ok:
                deployment.save_stack_outputs()
            deployment.delete_leftovers(proceed=summary.ok)
        finally:
            deployment.close()
            self._deployment = None
