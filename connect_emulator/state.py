"""Persisting the backend to a JSON file, so an emulator survives restarts (``--state FILE``).

The file holds ``ConnectBackend.to_json()``: instances, flows, quick
connects, task templates, contacts, client tokens and the clock offset. It is written whole
to a temporary file and renamed over the old one, so a reader or a crash
never sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["load_state", "save_state"]


def load_state(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The saved state, or None when the file does not exist or is empty.

    Raises ValueError when the file is not a JSON object.
    """
    file = Path(path)
    if not file.exists():
        return None
    text = file.read_text(encoding="utf-8")
    if not text.strip():
        return None
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{file}: the state file must hold a JSON object")
    return data


def save_state(path: str | os.PathLike[str], data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=file.name + ".", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
