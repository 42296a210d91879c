"""Request bodies and the state file as strict JSON: a size limit, finite numbers, bounded nesting.

Python's ``json`` reads more than JSON: ``NaN``, ``Infinity`` and ``-Infinity``,
numbers beyond a double's range (``1e999`` becomes ``inf``; a 400-digit integer
stays an int no timestamp can hold), and nesting as deep as the interpreter's
recursion limit, past which it raises RecursionError. ``loads`` refuses all of
these with a ``PayloadError`` (a ValueError) whose message says which rule
was broken, so a caller answers 400 (or names the state file) instead of
storing NaN or failing with a 500.

Limits:

* ``MAX_BODY_BYTES`` (1 MiB) for a request body. botocore's model bounds
  neither flow Content nor a task's SegmentAttributes; the largest request
  that the documented budgets bound is a StartTaskContact of a few hundred KB,
  even with every character \\u-escaped as botocore's ``json.dumps`` escapes it
  (32,768 bytes of attributes, 4,096 of references, a 4,096-character
  description). 1 MiB leaves room for real flows, and no client can make the
  emulator read 100 MB into memory.
* ``MAX_DEPTH`` (100) levels of arrays and objects. The deepest Connect input
  the emulator serves is 5 levels, apart from SegmentAttributes' ValueMap,
  which may nest itself; 100 is far above both and far below the recursion
  limit.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = ["MAX_BODY_BYTES", "MAX_DEPTH", "PayloadError", "loads"]

MAX_BODY_BYTES = 1024 * 1024
MAX_DEPTH = 100

# A JSON string (skipped whole, so brackets inside it do not count) or one bracket.
_STRING_OR_BRACKET = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_TOO_DEEP = f"nests arrays and objects deeper than {MAX_DEPTH} levels"


class PayloadError(ValueError):
    """The bytes are not strict JSON, or break a limit.

    The message is a predicate naming the rule, never a value: "is not valid
    JSON", so a caller writes "The request body " + message.
    """


def _constant(name: str) -> Any:
    raise PayloadError(f"is not valid JSON: {name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise PayloadError("has a number out of range (JSON numbers must fit a double)")
    return number


def _integer(text: str) -> int:
    _finite(text)  # float() of a digit string has no length limit; int() does (4,300 digits)
    return int(text)


def _check_depth(raw: bytes) -> None:
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return
    depth = 0
    for token in _STRING_OR_BRACKET.finditer(raw):
        bracket = token.group()
        if bracket in (b"[", b"{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise PayloadError(_TOO_DEEP)
        elif bracket in (b"]", b"}"):
            depth -= 1


def loads(raw: bytes) -> Any:
    """The JSON value of ``raw``; PayloadError if it is not strict JSON or nests deeper than MAX_DEPTH."""
    _check_depth(raw)
    try:
        return json.loads(raw, parse_constant=_constant, parse_float=_finite, parse_int=_integer)
    except PayloadError:
        raise
    except RecursionError:
        raise PayloadError(_TOO_DEEP) from None
    except ValueError:
        raise PayloadError("is not valid JSON") from None
