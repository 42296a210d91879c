"""Persisting the backend to a JSON file, so an emulator survives restarts (``--state FILE``).

The file holds ``ConnectBackend.to_json()``: ``version`` (``STATE_VERSION``),
instances, flows, quick connects, task templates, contacts, client tokens and
the clock offset. It is written whole, as compact strict JSON (no NaN: see
``encode_state``), to a temporary file beside it (``FILE.<random>.tmp``) and
renamed over the old one, so a reader or a crash never sees half a file;
``load_state`` deletes the temporary files a killed emulator left behind.

``load_state`` refuses, with a ``StateFileError`` that names the file and
lists every problem, a file that is not strict JSON, was written by a newer
emulator (a higher ``version``: loading and re-saving it would lose what this
one does not know), or holds records without the fields the emulator needs.

One emulator serves a state file at a time: ``StateLock`` holds ``fcntl.flock`` on
``FILE.lock`` from before the file is loaded until the emulator stops. Two emulators
on one file would each keep a copy and save it whole, so the last to save would drop
the other's changes; and a starting one would delete the other's temporary file
mid-save. The kernel drops the lock when its process ends, however it ends.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import re
import tempfile
import types
import typing
from pathlib import Path
from typing import Any, Union

from .contacts import Contact
from .payload import PayloadError, loads
from .resources import ContactFlow, Instance, QuickConnect, TaskTemplate

__all__ = [
    "STATE_VERSION",
    "StateFileError",
    "StateLock",
    "StateNotSaved",
    "encode_state",
    "load_state",
    "problems",
    "remove_stale_temporaries",
    "save_state",
]

STATE_VERSION = 1
_RECORDS: dict[str, type[Any]] = {
    "instances": Instance,
    "flows": ContactFlow,
    "quick_connects": QuickConnect,
    "task_templates": TaskTemplate,
    "contacts": Contact,
}
_TOKENS = ("client_tokens", "template_tokens")


class StateFileError(ValueError):
    """The state file cannot be loaded; the message names the file and every problem."""


class StateNotSaved(RuntimeError):
    """Writing the state file failed; the file is as it was before."""


class StateLock:
    """The lock of one state file, ``FILE.lock``: ``acquire()`` takes it or raises
    StateFileError naming the emulator (pid) that holds it; ``release()`` removes the
    lock file, then drops the lock."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.state = Path(path)
        self.path = self.state.with_name(self.state.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise StateFileError(
                    f"{self.state}: another emulator serves this state file (pid {holder}); "
                    "stop it, or give this one another --state"
                ) from None
            except OSError as error:  # e.g. a file system without locks
                os.close(fd)
                raise StateFileError(
                    f"{self.state}: cannot lock the state file: {error.strerror}"
                ) from None
            # A holder that released between our open and our flock removed the file first:
            # what we hold is then no longer the lock file; start again.
            try:
                current = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                current = False
            if current:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Idempotent; removes the file before it drops the lock (see acquire)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:  # gone with its folder, or the folder is no longer writable
            pass
        finally:
            os.close(fd)


def _temporary_name(file: Path) -> re.Pattern[str]:
    # tempfile.mkstemp's names: prefix, 8 characters of [a-z0-9_], suffix.
    return re.compile(re.escape(file.name) + r"\.[a-z0-9_]{8}\.tmp")


def remove_stale_temporaries(path: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary files ``save_state`` leaves when killed mid-write; returns them.

    Only names ``save_state`` makes for this file are touched. Call it holding the
    file's StateLock: a temporary file of another emulator's save would go too.
    """
    file = Path(path)
    if not file.parent.is_dir():
        return []
    pattern = _temporary_name(file)
    removed = []
    for candidate in file.parent.iterdir():
        if pattern.fullmatch(candidate.name) and candidate.is_file():
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def _type_problem(expected: Any, value: Any) -> str | None:
    """What is wrong with ``value`` for the annotation ``expected`` (None if it fits)."""
    origin = typing.get_origin(expected)
    if origin in (Union, types.UnionType):
        options = typing.get_args(expected)
        if value is None and type(None) in options:
            return None
        return _type_problem(next(option for option in options if option is not type(None)), value)
    kind = origin or expected
    if kind is Any:
        return None
    if kind is float:
        fits = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif kind is int:
        fits = isinstance(value, int) and not isinstance(value, bool)
    else:
        fits = isinstance(value, kind)
    names = {
        str: "a string",
        float: "a number",
        int: "an integer",
        bool: "true or false",
        dict: "an object",
        list: "an array",
    }
    return None if fits else f"must be {names.get(kind, kind.__name__)}"


def _record_problems(cls: type[Any], item: Any, where: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: must be an object"]
    hints = typing.get_type_hints(cls)
    fields = {field.name: field for field in dataclasses.fields(cls)}
    problems = []
    for name, field in fields.items():
        if name not in item:
            required = (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            )
            if required:
                problems.append(f"{where}: missing field '{name}'")
            continue
        problem = _type_problem(hints[name], item[name])
        if problem:
            problems.append(f"{where}.{name}: {problem}")
    problems += [f"{where}: unknown field '{name}'" for name in sorted(set(item) - set(fields))]
    return problems


def problems(data: Any) -> list[str]:
    """Every reason ``data`` is not a state this emulator can load, as ``$.path: message`` lines."""
    if not isinstance(data, dict):
        return ["$: must be a JSON object"]
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        return ["$.version: must be an integer"]
    if version > STATE_VERSION:
        return [
            f"$.version: is {version}, written by a newer emulator; this one reads version {STATE_VERSION} at most"
        ]
    found = []
    offset = data.get("clock_offset", 0.0)
    if isinstance(offset, bool) or not isinstance(offset, (int, float)):
        found.append("$.clock_offset: must be a number")
    for key, cls in _RECORDS.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            found.append(f"$.{key}: must be an array")
            continue
        for index, item in enumerate(items):
            found += _record_problems(cls, item, f"$.{key}[{index}]")
    for key in _TOKENS:
        tokens = data.get(key, {})
        if not isinstance(tokens, dict) or not all(
            isinstance(entry, dict) for entry in tokens.values()
        ):
            found.append(f"$.{key}: must be an object of objects")
    return found


def load_state(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The saved state, or None when the file does not exist or is empty.

    Deletes stale temporary files first (``remove_stale_temporaries``). Raises
    StateFileError when the file cannot be read or fails ``problems``; never
    changes the file itself.
    """
    file = Path(path)
    remove_stale_temporaries(file)
    if not file.exists():
        return None
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise StateFileError(
            f"{file}: cannot read the state file: {error.strerror or error}"
        ) from None
    if not raw.strip():
        return None
    try:
        data = loads(raw)
    except PayloadError as error:
        raise StateFileError(f"{file}: the state file {error}") from None
    found = problems(data)
    if found:
        listed = "".join(f"\n  {file}::{line}" for line in found)
        raise StateFileError(
            f"{file} is not a state file this emulator can load (it is left as it is):{listed}"
        )
    return data


def encode_state(data: dict[str, Any]) -> str:
    """``data`` as the state file's text: compact strict JSON; ValueError for NaN or infinity.

    Compact, because only ``json.dumps`` without ``indent`` uses the C encoder: about
    three times faster, and a save happens after every change.
    """
    return json.dumps(data, allow_nan=False)


def save_state(path: str | os.PathLike[str], data: dict[str, Any]) -> str:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename);
    returns the text written (``encode_state``).

    Raises StateNotSaved, leaving the file as it was and no temporary file, when
    the folder cannot be written or ``data`` is not strict JSON (NaN, infinity).
    """
    file = Path(path)
    temporary: str | None = None
    try:
        text = encode_state(data)
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=file.name + ".", suffix=".tmp", dir=file.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, file)
    except (OSError, ValueError, TypeError) as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise StateNotSaved(f"{file}: the state file was not saved: {error}") from error
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise
    return text
