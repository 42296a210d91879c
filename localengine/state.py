"""The stack's state file, ``<state_dir>/<stack>.json``, with secrets encrypted.

File format (version 1)::

    {"version": 1, "stack": "dev", "project": "<name from Pulumi.yaml>",
     "config": {"<ns>:<key>": {"secret": "<Fernet token>"}, ...},      # from the last up
     "resources": {"<urn>": {"type", "name", "custom", "id", "parent", "dependencies",
                             "inputs", "outputs", "secret_names"}, ...},
     "pending_deletes": [{"urn", ...same fields...}, ...],   # replaced, not yet deleted
     "outputs": {"<export name>": <value>, ...}}              # the stack's exports, from the last up

Config values are all stored encrypted (the engine cannot tell which are secret).
For a resource, every top-level input or output whose name is in ``secret_names`` is
stored as ``{"secret": "<Fernet token of its JSON>"}``. In the stack's exports a secret
may sit at any depth, so each one is stored where it is, as Pulumi's own state does:
``{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
"ciphertext": "<Fernet token of its JSON>"}``. The Fernet key lives in
``<state_dir>/.key`` (mode 0600), created on the first save. Saves are atomic (a temp
file, fsync, rename), so an interrupted run leaves the last complete state.

``state_dir`` is made absolute when the store is created: the program runs in its own
directory, and the state must not follow it there.

A file that is not such a state (not JSON, another shape, another version) is a
``StateError`` naming the file and every problem, before anything uses it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from .secret import REDACTED, Secret, map_secrets

__all__ = ["REDACTED", "ResourceState", "StackState", "StateError", "StateStore", "state_problems"]

_VERSION = 1
# Pulumi's signature of a secret value (sdk/go/common/resource/sig); the ciphertext is ours.
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
_MAX_PROBLEMS_SHOWN = 10


class StateError(ValueError):
    """The state file (or its key) cannot be read: the message names the file and what is wrong."""


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string", type(None): "null"}.get(
        type(value), "a value"
    )


def _key(name: str) -> str:
    return f"[{json.dumps(name)}]"


def _sealed(value: Any, token_key: str = "secret") -> bool:
    return isinstance(value, dict) and isinstance(value.get(token_key), str)


def _field(
    problems: list[str],
    path: str,
    raw: dict[str, Any],
    name: str,
    kind: type,
    required: bool = False,
    of_strings: bool = False,
) -> Any:
    """Checks ``raw[name]``: present when ``required``, of ``kind`` (a list of strings with
    ``of_strings``); returns it, or None when it is absent or wrong."""
    if name not in raw:
        if required:
            problems.append(f"{path}.{name}: is missing")
        return None
    value = raw[name]
    wanted = {str: "a string", bool: "a boolean", dict: "an object", list: "an array"}[kind]
    if not isinstance(value, kind):
        problems.append(f"{path}.{name}: must be {wanted}, not {_kind(value)}")
        return None
    if of_strings and isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, str):
                problems.append(f"{path}.{name}[{i}]: must be a string, not {_kind(item)}")
    return value


def _resource_problems(problems: list[str], path: str, raw: Any, with_urn: bool) -> None:
    if not isinstance(raw, dict):
        problems.append(f"{path}: a resource must be an object, not {_kind(raw)}")
        return
    if with_urn:
        _field(problems, path, raw, "urn", str, required=True)
    for name in ("type", "name"):
        if _field(problems, path, raw, name, str, required=True) == "":
            problems.append(f"{path}.{name}: is empty")
    _field(problems, path, raw, "custom", bool, required=True)
    _field(problems, path, raw, "id", str, required=True)
    _field(problems, path, raw, "parent", str)
    _field(problems, path, raw, "dependencies", list, of_strings=True)
    secret_names = _field(problems, path, raw, "secret_names", list, of_strings=True) or []
    for props_name in ("inputs", "outputs"):
        props = _field(problems, path, raw, props_name, dict) or {}
        for name in secret_names:
            if name in props and not _sealed(props[name]):
                problems.append(
                    f'{path}.{props_name}{_key(name)}: must be encrypted, {{"secret": "<token>"}} '
                    "(it is in secret_names)"
                )


def _exports_problems(problems: list[str], path: str, value: Any) -> None:
    if isinstance(value, dict) and value.get(_SIG_KEY) == _SECRET_SIG:
        if not _sealed(value, "ciphertext"):
            problems.append(f"{path}: a secret without its ciphertext")
    elif isinstance(value, dict):
        for k, v in value.items():
            _exports_problems(problems, f"{path}{_key(k)}", v)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _exports_problems(problems, f"{path}[{i}]", v)


def state_problems(raw: Any) -> list[str]:
    """Every way the parsed state file ``raw`` is not a state of this version, as
    ``$.path: problem`` lines; [] when it is one. Values are never quoted."""
    if not isinstance(raw, dict):
        return [f"$: the state must be a JSON object, not {_kind(raw)}"]
    version = raw.get("version")
    if version != _VERSION or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > _VERSION:
            return [
                f"$.version: {version} is the format of a newer local engine (this one reads {_VERSION})"
            ]
        return [
            "$.version: is missing" if "version" not in raw else f"$.version: must be {_VERSION}"
        ]
    problems: list[str] = []
    _field(problems, "$", raw, "stack", str)
    _field(problems, "$", raw, "project", str)
    for key, value in (_field(problems, "$", raw, "config", dict) or {}).items():
        if not _sealed(value):
            problems.append(f'$.config{_key(key)}: must be encrypted, {{"secret": "<token>"}}')
    for urn, resource in (_field(problems, "$", raw, "resources", dict) or {}).items():
        _resource_problems(problems, f"$.resources{_key(urn)}", resource, with_urn=False)
    for i, resource in enumerate(_field(problems, "$", raw, "pending_deletes", list) or []):
        _resource_problems(problems, f"$.pending_deletes[{i}]", resource, with_urn=True)
    outputs = _field(problems, "$", raw, "outputs", dict)
    if outputs is not None:
        _exports_problems(problems, "$.outputs", outputs)
    return problems


@dataclass
class ResourceState:
    """One resource as recorded after a completed step (secret values in clear, in memory)."""

    urn: str
    type: str
    name: str
    custom: bool
    id: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    secret_names: set[str] = field(default_factory=set)
    parent: str = ""
    dependencies: list[str] = field(default_factory=list)

    @property
    def is_dynamic(self) -> bool:
        return self.type.startswith("pulumi-python:dynamic")


@dataclass
class StackState:
    """The whole stack: project and config of the last up, resources by URN, pending
    deletes, and ``outputs``: the stack's exports (``pulumi.export``) of the last up, with
    each secret value, at any depth, as a ``Secret``."""

    project: str = ""
    config: dict[str, str] = field(default_factory=dict)
    resources: dict[str, ResourceState] = field(default_factory=dict)
    pending_deletes: list[ResourceState] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)


class StateStore:
    """Reads and writes one stack's state file in ``state_dir``."""

    def __init__(self, state_dir: str | os.PathLike[str], stack: str) -> None:
        self.state_dir = Path(state_dir).resolve()
        self.stack = stack
        self.path = self.state_dir / f"{stack}.json"
        self.key_path = self.state_dir / ".key"
        self._fernet: Fernet | None = None

    # -- encryption -----------------------------------------------------------------

    def _cipher(self, create: bool) -> Fernet:
        if self._fernet is None:
            if not self.key_path.exists():
                if not create:
                    raise FileNotFoundError(f"the state key {self.key_path} is missing")
                self.state_dir.mkdir(parents=True, exist_ok=True)
                try:
                    fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    pass  # another engine created it first
                else:
                    with os.fdopen(fd, "wb") as f:
                        f.write(Fernet.generate_key())
            try:
                self._fernet = Fernet(self.key_path.read_bytes().strip())
            except ValueError:
                message = "not a state key (a Fernet key: 32 bytes, url-safe base64)"
                raise StateError(f"{self.key_path}: {message}") from None
        return self._fernet

    def _seal(self, value: Any) -> dict[str, str]:
        token = self._cipher(create=True).encrypt(json.dumps(value, sort_keys=True).encode())
        return {"secret": token.decode()}

    def _open(self, sealed: Any, token_key: str = "secret") -> Any:
        try:
            plain = self._cipher(create=False).decrypt(sealed[token_key].encode())
        except InvalidToken:
            raise StateError(
                f"{self.path}: the key {self.key_path} does not decrypt this state"
            ) from None
        return json.loads(plain)

    def _seal_nested(self, value: Any) -> Any:
        return map_secrets(
            value,
            lambda secret: {
                _SIG_KEY: _SECRET_SIG,
                "ciphertext": self._seal(secret.value)["secret"],
            },
        )

    def _open_nested(self, value: Any, redact: bool) -> Any:
        if isinstance(value, dict) and value.get(_SIG_KEY) == _SECRET_SIG:
            return REDACTED if redact else Secret(self._open(value, "ciphertext"))
        if isinstance(value, dict):
            return {k: self._open_nested(v, redact) for k, v in value.items()}
        if isinstance(value, list):
            return [self._open_nested(v, redact) for v in value]
        return value

    # -- (de)serialization ----------------------------------------------------------

    def _encode_props(self, props: dict[str, Any], secret_names: set[str]) -> dict[str, Any]:
        return {k: self._seal(v) if k in secret_names else v for k, v in props.items()}

    def _decode_props(
        self, props: dict[str, Any], secret_names: set[str], redact: bool
    ) -> dict[str, Any]:
        if redact:
            return {k: REDACTED if k in secret_names else v for k, v in props.items()}
        return {k: self._open(v) if k in secret_names else v for k, v in props.items()}

    def _encode_resource(self, res: ResourceState) -> dict[str, Any]:
        return {
            "type": res.type,
            "name": res.name,
            "custom": res.custom,
            "id": res.id,
            "parent": res.parent,
            "dependencies": list(res.dependencies),
            "inputs": self._encode_props(res.inputs, res.secret_names),
            "outputs": self._encode_props(res.outputs, res.secret_names),
            "secret_names": sorted(res.secret_names),
        }

    def _decode_resource(self, urn: str, raw: dict[str, Any], redact: bool) -> ResourceState:
        secret_names = set(raw.get("secret_names", []))
        return ResourceState(
            urn=urn,
            type=raw["type"],
            name=raw["name"],
            custom=bool(raw["custom"]),
            id=raw.get("id", ""),
            inputs=self._decode_props(raw.get("inputs", {}), secret_names, redact),
            outputs=self._decode_props(raw.get("outputs", {}), secret_names, redact),
            secret_names=secret_names,
            parent=raw.get("parent", ""),
            dependencies=list(raw.get("dependencies", [])),
        )

    # -- public ---------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def load(self, redact: bool = False) -> StackState:
        """The stack's state; an empty state when there is no file yet.

        With ``redact``, secret values read as ``"[secret]"`` and the key is never used.
        A key that does not decrypt the state is a ValueError.
        """
        if not self.path.exists():
            return StackState()
        raw = self._read()
        config = {
            k: REDACTED if redact else str(self._open(v)) for k, v in raw.get("config", {}).items()
        }
        resources = {
            urn: self._decode_resource(urn, r, redact)
            for urn, r in raw.get("resources", {}).items()
        }
        pending = [
            self._decode_resource(r["urn"], r, redact) for r in raw.get("pending_deletes", [])
        ]
        outputs = self._open_nested(raw.get("outputs", {}), redact)
        return StackState(raw.get("project", ""), config, resources, pending, outputs)

    def _read(self) -> dict[str, Any]:
        """The parsed state file, checked (StateError: not a state of this version)."""
        try:
            raw = json.loads(self.path.read_bytes())
        except UnicodeDecodeError:
            raise StateError(f"{self.path}: not a state file: not UTF-8 text") from None
        except RecursionError:  # arrays or objects nested past the interpreter's limit
            raise StateError(
                f"{self.path}: not a state file: nested too deeply to be one"
            ) from None
        except ValueError as exn:
            raise StateError(f"{self.path}: not a state file: not valid JSON ({exn})") from None
        problems = state_problems(raw)
        if problems:
            shown = problems[:_MAX_PROBLEMS_SHOWN]
            if len(problems) > len(shown):
                shown.append(f"... and {len(problems) - len(shown)} more")
            lines = "\n".join(f"  {problem}" for problem in shown)
            raise StateError(f"{self.path}: not a state file of this local engine:\n{lines}")
        return raw

    def save(self, state: StackState) -> None:
        """Writes the state atomically (never partially)."""
        doc = {
            "version": _VERSION,
            "stack": self.stack,
            "project": state.project,
            "config": {k: self._seal(v) for k, v in sorted(state.config.items())},
            "resources": {urn: self._encode_resource(r) for urn, r in state.resources.items()},
            "pending_deletes": [
                {"urn": r.urn, **self._encode_resource(r)} for r in state.pending_deletes
            ],
            "outputs": self._seal_nested(state.outputs),
        }
        self.state_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.stack}.", suffix=".tmp", dir=self.state_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f, indent=2)
                f.write("\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
