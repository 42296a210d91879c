"""Which requests count as signed: the shape of AWS Signature Version 4, not its maths.

AWS answers a request without an ``Authorization`` header 403
MissingAuthenticationTokenException "Missing Authentication Token", and one whose
header is not SigV4's shape 403 IncompleteSignatureException, before any
operation runs. The emulator does the same. It knows no secret keys, so it never
checks the signature itself: any access key id signs, and one key is one
account for throttling.

A SigV4 header reads
``AWS4-HMAC-SHA256 Credential=KEY/YYYYMMDD/REGION/SERVICE/aws4_request,
SignedHeaders=host;x-amz-date, Signature=HEX`` and comes with an ``X-Amz-Date``
(or ``Date``) header. A presigned request carries the same in the query string
(``X-Amz-Algorithm``, ``X-Amz-Credential``, ``X-Amz-Date``,
``X-Amz-SignedHeaders``, ``X-Amz-Signature``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from .exceptions import IncompleteSignatureException, MissingAuthenticationTokenException
from .throttle import ANONYMOUS_ACCOUNT

__all__ = ["ALGORITHM", "DEFAULT_REGION", "Headers", "authenticate", "credential_scope"]

ALGORITHM = "AWS4-HMAC-SHA256"
DEFAULT_REGION = "us-east-1"
_SCOPE = re.compile(r"([^/,\s]+)/\d{8}/([a-z0-9-]+)/[a-z0-9-]+/aws4_request")
_CREDENTIAL_SCOPE = re.compile(r"Credential=" + _SCOPE.pattern)
_PARAMETERS = ("Credential", "Signature", "SignedHeaders")
_QUERY = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)


class Headers(Protocol):
    """What is read of a request's headers: werkzeug's ``Headers`` (names case-insensitive) or
    any mapping of names to values."""

    def get(self, key: str, /) -> str | None: ...

    def __contains__(self, key: str, /) -> bool: ...


def credential_scope(authorization: str | None) -> tuple[str, str]:
    """(access key id, Region) of a SigV4 Authorization header's credential scope.

    Without a parsable header: the anonymous account ``""`` and us-east-1.
    """
    found = _CREDENTIAL_SCOPE.search(authorization or "")
    return (found.group(1), found.group(2)) if found else (ANONYMOUS_ACCOUNT, DEFAULT_REGION)


def _header_problems(authorization: str, headers: Headers) -> list[str]:
    """AWS's sentences for what a SigV4 Authorization header lacks (never its value)."""
    algorithm, _, rest = authorization.strip().partition(" ")
    if algorithm != ALGORITHM:
        return [f"Authorization header must use the {ALGORITHM} algorithm."]
    given = {part.split("=", 1)[0].strip() for part in rest.split(",") if "=" in part}
    problems = [
        f"Authorization header requires '{name}' parameter."
        for name in _PARAMETERS
        if name not in given
    ]
    if "X-Amz-Date" not in headers and "Date" not in headers:
        problems.append(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        )
    if not problems and not _CREDENTIAL_SCOPE.search(authorization):
        problems.append("Credential must be KEY/YYYYMMDD/REGION/SERVICE/aws4_request.")
    return problems


def authenticate(headers: Headers, query: Mapping[str, str]) -> tuple[str, str]:
    """(access key id, Region) of a request signed as SigV4 signs, in its headers or its query string.

    Raises MissingAuthenticationTokenException without a signature,
    IncompleteSignatureException when one is there but not SigV4's shape.
    """
    authorization = headers.get("Authorization")
    if authorization is None and "X-Amz-Credential" in query:
        missing = [name for name in _QUERY if not query.get(name)]
        found = _SCOPE.fullmatch(query.get("X-Amz-Credential", ""))
        if missing or found is None or query.get("X-Amz-Algorithm") != ALGORITHM:
            named = ", ".join(missing) or "X-Amz-Algorithm and X-Amz-Credential"
            raise IncompleteSignatureException(
                f"A presigned request needs valid {named} query parameters."
            )
        return found.group(1), found.group(2)
    if not authorization:
        raise MissingAuthenticationTokenException("Missing Authentication Token")
    problems = _header_problems(authorization, headers)
    if problems:
        raise IncompleteSignatureException(" ".join(problems))
    return credential_scope(authorization)
