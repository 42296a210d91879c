"""The stack's lock: one ``up``, ``refresh`` or ``destroy`` of a stack at a time.

Modelled on the Pulumi CLI's file and cloud-storage backends, which write
``.pulumi/locks/<org>/<project>/<stack>/<uuid>.json`` (pid, username, hostname,
timestamp) for an update, a refresh or a destroy, never for a preview, and refuse to
start while another run's lock is there ("the stack is currently locked by 1 lock(s)").

Here the lock is ``<state_dir>/<stack>.lock``, holding the same fields and the command,
and the run holds ``fcntl.flock`` on it from before it reads the state until it ends.
The kernel drops a flock when the process that holds it ends, however it ends: a run
killed with SIGKILL leaves its file but no lock, and the next run takes the file over
(``StackLock.interrupted`` then says who left it). So there is no ``pulumi cancel`` here:
only a live process can hold the lock, and deleting the file would not stop that
process, only let a second run in beside it.

POSIX only (``fcntl``), as the rest of the engine's process handling.
"""

from __future__ import annotations

import datetime
import fcntl
import getpass
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from .project import EngineError

__all__ = ["StackLock", "StackLocked", "describe"]

# How long a refused run waits for the holder's details: the holder writes them just
# after it takes the lock, so a run that comes in between reads an empty file.
_HOLDER_WAIT_SECONDS = 1.0


class StackLocked(EngineError):
    """Another live run holds the stack's lock; nothing was read or written."""


def _holder(command: str) -> dict[str, Any]:
    try:
        username = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        username = str(os.getuid())
    return {
        "pid": os.getpid(),
        "username": username,
        "hostname": socket.gethostname(),
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": command,
    }


def _read_holder(fd: int) -> dict[str, Any] | None:
    raw = os.pread(fd, 64 * 1024, 0)
    try:
        holder = json.loads(raw)
    except ValueError:
        return None
    return holder if isinstance(holder, dict) else None


def _pid_ended(pid: Any) -> bool:
    """Whether ``pid`` is certainly no process on this machine (signal 0 probes it)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, as another user
        pass
    return False


def describe(holder: dict[str, Any] | None) -> str:
    """``holder`` as ``\\`up\\` started <time> by <user>@<host> (pid <pid>)``."""
    if holder is None:
        return "a run that has not yet written who it is"
    return (
        f"`{holder.get('command', '?')}` started {holder.get('timestamp', '?')} by "
        f"{holder.get('username', '?')}@{holder.get('hostname', '?')} (pid {holder.get('pid', '?')})"
    )


class StackLock:
    """The lock of ``stack`` in ``state_dir``, taken for ``command`` (up, refresh, destroy).

    ``acquire()`` takes it at once or raises StackLocked naming the holder; ``release()``
    removes the file and drops the lock. Use as a context manager.
    """

    def __init__(self, state_dir: str | os.PathLike[str], stack: str, command: str) -> None:
        self.path = Path(state_dir) / f"{stack}.lock"
        self.stack = stack
        self.command = command
        self.interrupted: dict[str, Any] | None = None
        """The details of a run that held the lock and ended without releasing it (killed),
        found by ``acquire()``; None when the last run released it."""
        self._fd: int | None = None
        self._made_dir = False

    def acquire(self) -> None:
        """Takes the lock, or raises StackLocked (another live run holds it)."""
        while True:
            if not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._made_dir = True
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except FileNotFoundError:  # another stack's run removed the empty folder: see release
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another open file holds it: a live run
                holder = self._wait_for_holder(fd)
                os.close(fd)
                raise StackLocked(self._refusal(holder)) from None
            except OSError as exn:  # e.g. a file system without locks
                os.close(fd)
                raise EngineError(f"{self.path}: cannot lock the stack: {exn.strerror}") from None
            # A holder that released the lock between our open and our flock removed the
            # file first: what we hold then is no longer the stack's lock file; start again.
            try:
                current = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                current = False
            if current:
                break
            os.close(fd)
        try:
            self.interrupted = _read_holder(fd)
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(_holder(self.command)).encode(), 0)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Removes the lock file, then drops the lock (in that order: see acquire); the
        state folder too if acquire made it and it is still empty (a run that stopped
        before it saved anything leaves nothing behind)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(fd)
        if self._made_dir:
            try:
                self.path.parent.rmdir()
            except OSError:  # not empty: the state, or another stack's lock
                pass

    def __enter__(self) -> StackLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def _wait_for_holder(self, fd: int) -> dict[str, Any] | None:
        deadline = time.monotonic() + _HOLDER_WAIT_SECONDS
        while (holder := _read_holder(fd)) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return holder

    def _refusal(self, holder: dict[str, Any] | None) -> str:
        pid = holder.get("pid") if holder else None
        host = holder.get("hostname") if holder else None
        if pid is not None and host == socket.gethostname() and _pid_ended(pid):
            stuck = (
                f"pid {pid} has ended, but a process it started still has the lock file open "
                f"(`fuser -v {self.path}` names it): stop that process"
            )
        elif pid is not None:
            stuck = f"if that run hangs, stop it (kill {pid} on {host})"
        else:
            stuck = f"if that run hangs, stop it (`fuser -v {self.path}` names it)"
        return (
            f"stack '{self.stack}' is locked by another run; nothing was read or changed. Wait for it to end, "
            f"then run this again:\n  {self.path}: {describe(holder)}\nThe lock belongs to that process and ends "
            f"with it, even when it is killed, so it never needs clearing by hand; {stuck}."
        )
