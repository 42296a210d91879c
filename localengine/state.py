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

__all__ = ["REDACTED", "ResourceState", "StackState", "StateStore"]

_VERSION = 1
# Pulumi's signature of a secret value (sdk/go/common/resource/sig); the ciphertext is ours.
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


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
            self._fernet = Fernet(self.key_path.read_bytes().strip())
        return self._fernet

    def _seal(self, value: Any) -> dict[str, str]:
        token = self._cipher(create=True).encrypt(json.dumps(value, sort_keys=True).encode())
        return {"secret": token.decode()}

    def _open(self, sealed: Any, token_key: str = "secret") -> Any:
        try:
            plain = self._cipher(create=False).decrypt(sealed[token_key].encode())
        except InvalidToken:
            raise ValueError(f"{self.path}: the key {self.key_path} does not decrypt this state") from None
        return json.loads(plain)

    def _seal_nested(self, value: Any) -> Any:
        return map_secrets(value, lambda secret: {_SIG_KEY: _SECRET_SIG, "ciphertext": self._seal(secret.value)["secret"]})

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

    def _decode_props(self, props: dict[str, Any], secret_names: set[str], redact: bool) -> dict[str, Any]:
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
        raw = json.loads(self.path.read_text(encoding="utf-8"))
        if raw.get("version") != _VERSION:
            raise ValueError(f"{self.path}: unsupported state version {raw.get('version')!r}")
        config = {
            k: REDACTED if redact else str(self._open(v)) for k, v in raw.get("config", {}).items()
        }
        resources = {urn: self._decode_resource(urn, r, redact) for urn, r in raw.get("resources", {}).items()}
        pending = [self._decode_resource(r["urn"], r, redact) for r in raw.get("pending_deletes", [])]
        outputs = self._open_nested(raw.get("outputs", {}), redact)
        return StackState(raw.get("project", ""), config, resources, pending, outputs)

    def save(self, state: StackState) -> None:
        """Writes the state atomically (never partially)."""
        doc = {
            "version": _VERSION,
            "stack": self.stack,
            "project": state.project,
            "config": {k: self._seal(v) for k, v in sorted(state.config.items())},
            "resources": {urn: self._encode_resource(r) for urn, r in state.resources.items()},
            "pending_deletes": [{"urn": r.urn, **self._encode_resource(r)} for r in state.pending_deletes],
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
