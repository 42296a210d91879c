"""A task's references as Amazon Connect receives them: DATE values and the byte budget.

botocore's ``Reference`` shape says "DATE must be of type Epoch timestamp". People write
dates as RFC 3339 timestamps, so a DATE value may be written either way and is *sent* as
epoch digits: an RFC 3339 value becomes whole epoch seconds (a fraction of a second is
dropped), a value already in epoch digits (seconds or milliseconds) is sent unchanged.
Comparisons (refresh, diff) use the sent form, so the two spellings of one instant are
never a change.

The same shape says "You can have up to 4,096 UTF-8 bytes across all references for a
contact". AWS does not say what is counted; :func:`references_size` counts the UTF-8
bytes of every reference's name and of its value as sent, not its Type.

Works on references in AWS shape (``{"Type": ..., "Value": ...}``) and in ConnectTask's
snake_case shape (``{"type": ..., "value": ...}``). Standard library only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from ..common.timestamps import parse_rfc3339

__all__ = [
    "REFERENCES_BUDGET",
    "is_date_value",
    "sent_date",
    "sent_value",
    "sent_references",
    "with_sent_references",
    "references_size",
    "same_references",
]

REFERENCES_BUDGET = 4096
_EPOCH_DIGITS = re.compile(r"[0-9]{1,13}")  # epoch seconds or milliseconds


def _member(reference: Mapping[str, Any], name: str) -> Any:
    """``Type``/``Value`` of an AWS-shaped reference, or ``type``/``value`` of a snake_case one."""
    return reference[name] if name in reference else reference.get(name.lower())


def _epoch_of(text: str) -> int | None:
    try:
        seconds = math.floor(parse_rfc3339(text).timestamp())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def is_date_value(text: str) -> bool:
    """True for epoch digits (seconds or milliseconds) or an RFC 3339 timestamp from 1970 on."""
    return bool(_EPOCH_DIGITS.fullmatch(text)) or _epoch_of(text) is not None


def sent_date(text: str) -> str:
    """The epoch form of a DATE value: epoch digits as they are, RFC 3339 as whole seconds.

    A value that is neither is returned unchanged (validation reports it).
    """
    if _EPOCH_DIGITS.fullmatch(text):
        return text
    seconds = _epoch_of(text)
    return text if seconds is None else str(seconds)


def sent_value(kind: Any, value: Any) -> Any:
    """``value`` as it is sent for a reference of type ``kind``."""
    return sent_date(value) if kind == "DATE" and isinstance(value, str) else value


def sent_references(references: Any) -> Any:
    """A copy of ``references`` with every DATE value in its sent form; other values as they are."""
    if not isinstance(references, Mapping):
        return references
    out = {}
    for name, reference in references.items():
        if isinstance(reference, Mapping):
            key = "Value" if "Value" in reference else "value"
            if key in reference:
                reference = {
                    **reference,
                    key: sent_value(_member(reference, "Type"), reference[key]),
                }
        out[name] = reference
    return out


def with_sent_references(request: dict[str, Any]) -> dict[str, Any]:
    """``request`` (AWS shape) with its References in their sent form; the input is not changed."""
    if "References" not in request:
        return request
    return {**request, "References": sent_references(request["References"])}


def references_size(references: Mapping[str, Any]) -> int:
    """UTF-8 bytes of every reference's name plus its value as sent (a missing value counts 0)."""
    size = 0
    for name, reference in references.items():
        size += len(str(name).encode("utf-8", "surrogatepass"))
        value = (
            sent_value(_member(reference, "Type"), _member(reference, "Value"))
            if isinstance(reference, Mapping)
            else None
        )
        if isinstance(value, str):
            size += len(value.encode("utf-8", "surrogatepass"))
    return size


def same_references(old: Any, new: Any) -> bool:
    """True when two reference maps send the same thing (a DATE in either spelling counts once)."""
    return sent_references(old) == sent_references(new)
