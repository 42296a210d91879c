"""The Pulumi project in a program directory: its name, entry point and stack config."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = ["EngineError", "Project", "load_project", "namespaced"]


class EngineError(Exception):
    """The engine cannot run: a missing or malformed project, config it cannot read."""


@dataclass(frozen=True)
class Project:
    """``name`` from Pulumi.yaml, ``main`` the program file, ``defaults`` its config defaults."""

    directory: Path
    name: str
    main: Path
    defaults: dict[str, str]

    def stack_config(
        self, stack: str, overrides: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        """The whole stack config, namespaced, every value a string.

        Layers: Pulumi.yaml defaults, then ``Pulumi.<stack>.yaml``, then ``overrides``
        (keys without a namespace get the project's). An encrypted (``secure:``) value
        that ``overrides`` does not replace is an EngineError naming the keys (never the
        ciphertext): this engine has no secrets provider to decrypt it.
        """
        config = dict(self.defaults)
        path = self.directory / f"Pulumi.{stack}.yaml"
        doc = _read_yaml(path) if path.exists() else {}
        encrypted = []
        for key, value in (doc.get("config") or {}).items():
            full = namespaced(key, self.name)
            if isinstance(value, dict) and set(value) == {"secure"}:
                encrypted.append(full)
                continue
            config[full] = _as_string(value)
        for key, value in (overrides or {}).items():
            config[namespaced(key, self.name)] = str(value)
        missing = sorted(k for k in encrypted if k not in config)
        if missing:
            raise EngineError(_secure_message(path, stack, missing))
        return config


def _secure_message(path: Path, stack: str, keys: list[str]) -> str:
    flags = " ".join(f"--config {key}=VALUE" for key in keys)
    return (
        f"{path}: the local engine cannot decrypt secure config values ({', '.join(keys)}): "
        f"it has no Pulumi secrets provider. Pass each value on the command line ({flags}), "
        f"or write it as plain text in a Pulumi.{stack}.yaml that stays on this machine"
    )


def namespaced(key: str, project: str) -> str:
    """``key`` with the project as namespace when it has none (``"x"`` -> ``"proj:x"``)."""
    return key if ":" in key else f"{project}:{key}"


def _as_string(value: Any) -> str:
    # Pulumi keeps config values as strings; structured values as JSON.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exn:
        raise EngineError(f"{path}: not valid YAML ({exn.__class__.__name__})") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise EngineError(f"{path}: must be a mapping")
    return doc


def load_project(program_dir: str | Path) -> Project:
    """Reads ``Pulumi.yaml`` in ``program_dir``."""
    directory = Path(program_dir).resolve()
    path = directory / "Pulumi.yaml"
    if not path.exists():
        raise EngineError(f"{directory}: no Pulumi.yaml")
    doc = _read_yaml(path)
    name = doc.get("name")
    if not isinstance(name, str) or not name:
        raise EngineError(f"{path}: 'name' is required")
    main = directory / str(doc.get("main") or "")
    if main.is_dir():
        main = main / "__main__.py"
    if not main.exists():
        raise EngineError(f"{directory}: no program ({main.name} not found)")
    defaults = {}
    for key, spec in (doc.get("config") or {}).items():
        value = spec.get("default", spec.get("value")) if isinstance(spec, dict) else spec
        if value is not None:
            defaults[namespaced(key, name)] = _as_string(value)
    return Project(directory, name, main, defaults)
