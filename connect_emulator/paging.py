"""Opaque NextToken values and page cutting for the emulator's paged List operations.

Paged: ListInstances (default page size 10, its MaxResults allows at most 10),
ListContactFlows and ListQuickConnects (default page size 100, see
``SUMMARY_PAGE_SIZE``). ListTaskTemplates and ListContactReferences answer in
one response and issue no token.

A token is the base64 of ``{"offset": n}``; a token the emulator did not issue
is InvalidRequestException, as AWS answers a forged one.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import TypeVar

from .exceptions import InvalidRequestException

__all__ = ["DEFAULT_PAGE_SIZE", "SUMMARY_PAGE_SIZE", "page", "page_offset", "page_token"]

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 10
"""ListInstances' page when MaxResults is absent (its MaxResults is 1 to 10)."""

# botocore's MaxResults of ListContactFlows and ListQuickConnects: "The maximum number of
# results to return per page. The default MaxResult size is 100."
SUMMARY_PAGE_SIZE = 100
"""ListContactFlows' and ListQuickConnects' page when MaxResults is absent (their MaxResults is 1 to 1000)."""


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
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidRequestException("NextToken is not valid")
    return offset


def page(
    items: Sequence[T], next_token: str | None, max_results: int | None, default_size: int
) -> tuple[list[T], str | None]:
    """The page of ``items`` a request asks for, and the NextToken of the next page (None after the last).

    ``max_results`` is the request's MaxResults (already checked against the
    shape), ``default_size`` the page size when it is absent.
    """
    offset = page_offset(next_token)
    size = default_size if max_results is None else max_results
    token = page_token(offset + size) if offset + size < len(items) else None
    return list(items[offset : offset + size]), token
