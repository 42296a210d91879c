"""``Engine``: preview, up, refresh and destroy of one stack of a Python Pulumi program.

The program runs in this process under Pulumi's mocks; dynamic resources are driven
through the real provider server with the engine's call sequences (see deployment.py);
the state lives in ``<state_dir>/<stack>.json`` (see state.py).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path

from .deployment import Deployment
from .program import run_program
from .project import EngineError, Project, load_project
from .server import ProviderServer
from .state import StackState, StateStore
from .summary import Summary

__all__ = ["Engine", "EngineError"]


def _absolute_pythonpath(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the PYTHONPATH the provider server will see (its own, else this
    process's) made of absolute paths."""
    pythonpath = env.get("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in pythonpath.split(os.pathsep) if p)
    return env


class Engine:
    """One stack of the program in ``program_dir``.

    ``config`` overrides ``Pulumi.<stack>.yaml`` (keys without a namespace get the
    project's); ``env`` is added to the provider server's environment; ``parallel``
    bounds how many resources are worked on at once. Each operation returns a Summary
    and never raises for a resource failure; EngineError means it could not start.

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
        """Runs the program; Check and Diff only, nothing changes."""
        return self._run_program(preview=True)

    def up(self) -> Summary:
        """Runs the program and applies its steps; deletes what it no longer declares."""
        return self._run_program(preview=False)

    def refresh(self) -> Summary:
        """Reads every dynamic resource in the state (the program does not run)."""
        project = load_project(self.program_dir)
        state = self.store.load()
        summary = Summary("refresh", self.stack)
        self._operate(summary, project.name, state, project.stack_config(self.stack, self.config), Deployment.refresh_all)
        return summary

    def destroy(self) -> Summary:
        """Deletes every resource in the state, with the config of the last up; the
        program does not run (the provider comes from the state)."""
        state = self.store.load()
        summary = Summary("destroy", self.stack)
        if state.project:
            project_name, config = state.project, state.config
        else:
            project = load_project(self.program_dir)
            project_name, config = project.name, project.stack_config(self.stack, self.config)
        self._operate(summary, project_name, state, config, Deployment.destroy_all)
        return summary

    # -- internals --------------------------------------------------------------------

    def _deployment_for(
        self, summary: Summary, project_name: str, state: StackState, config: Mapping[str, str], preview: bool
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

    def _run_program(self, preview: bool) -> Summary:
        project: Project = load_project(self.program_dir)
        config = project.stack_config(self.stack, self.config)
        state = self.store.load()
        summary = Summary("preview" if preview else "up", self.stack)
        if not preview:
            state.project, state.config = project.name, dict(config)
            self.store.save(state)
        deployment = self._deployment_for(summary, project.name, state, config, preview)
        self._deployment = deployment
        try:
            try:
                run_program(
                    project, self.stack, config, preview=preview, handler=deployment, workers=self.parallel + 4
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
        return summary
