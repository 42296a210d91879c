"""The stack's state file, ``<state_dir>/<stack>.json``, with secrets encrypted.

File format (version 1)::

    {"version": 1, "stack": "dev", "project": "<name from Pulumi.yaml>",
     "config": {"<ns>:<key>": {"secret": "<Fernet token>"}, ...},      # from the last up
     "resources": {"<urn>": {"type", "name", "custom", "id", "parent", "dependencies",
                             "inputs", "outputs", "secret_names"}, ...},
     "pending_deletes": [{"urn", ...same fields...}, ...]}   # replaced, not yet deleted

Config values are all stored encrypted (the engine cannot tell which are secret).
For a resource, every top-level input or output whose name is in ``secret_names`` is
stored as ``{"secret": "<Fernet token of its JSON>"}``. The Fernet key lives in
``<state_dir>/.key`` (mode 0600), created on the first save. Saves are atomic (a temp
file, fsync, rename), so an interrupted run leaves the last complete state.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

__all__ = ["REDACTED", "ResourceState", "StackState", "StateStore"]

REDACTED = "[secret]"
_VERSION = 1


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
    """The whole stack: project and config of the last up, resources by URN, pending deletes."""

    project: str = ""
    config: dict[str, str] = field(default_factory=dict)
    resources: dict[str, ResourceState] = field(default_factory=dict)
    pending_deletes: list[ResourceState] = field(default_factory=list)


class StateStore:
    """Reads and writes one stack's state file in ``state_dir``."""

    def __init__(self, state_dir: str | os.PathLike[str], stack: str) -> None:
        self.state_dir = Path(state_dir)
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

    def _open(self, sealed: Any) -> Any:
        return json.loads(self._cipher(create=False).decrypt(sealed["secret"].encode()))

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
        return StackState(raw.get("project", ""), config, resources, pending)

    def save(self, state: StackState) -> None:
        """Writes the state atomically (never partially)."""
        doc = {
            "version": _VERSION,
            "stack": self.stack,
            "project": state.project,
            "config": {k: self._seal(v) for k, v in sorted(state.config.items())},
            "resources": {urn: self._encode_resource(r) for urn, r in state.resources.items()},
            "pending_deletes": [{"urn": r.urn, **self._encode_resource(r)} for r in state.pending_deletes],
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
