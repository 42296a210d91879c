"""Opaque NextToken values for the emulator's paged List operations (ListInstances).

ListTaskTemplates and ListContactReferences answer in one response and issue no token.

A token is the base64 of ``{"offset": n}``; a token the emulator did not issue
is InvalidRequestException, as AWS answers a forged one.
"""

from __future__ import annotations

import base64
import json

from .exceptions import InvalidRequestException

__all__ = ["DEFAULT_PAGE_SIZE", "page_offset", "page_token"]

DEFAULT_PAGE_SIZE = 10


def page_token(offset: int) -> str:
    """The NextToken that resumes a listing at ``offset``."""
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def page_offset(token: str | None) -> int:
    """The offset a NextToken resumes at (0 for None); InvalidRequestException if it is not one."""
    if token is None:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode()))["offset"]
    except (ValueError, KeyError, TypeError):
        raise InvalidRequestException("NextToken is not valid") from None
    if not isinstance(offset, int) or offset < 0:
        raise InvalidRequestException("NextToken is not valid")
    return offset
