"""Typed Amazon Connect errors, rendered as AWS renders restJson1 errors.

Every error is an HTTP status, a JSON body ``{"message": ...}`` and the header
``x-amzn-ErrorType: <Code>``; botocore reads the code from that header, so an
unmodified boto3 client raises ``client.exceptions.<Code>``.

    ConnectError                          (base; never raised itself)
    ├── InvalidRequestException       400  a rule across fields, state or time
    ├── InvalidParameterException     400  a member breaks its shape or a value rule
    ├── InvalidContactFlowException   400  flow content is not valid
    ├── SerializationException        400  the body is not the JSON the operation takes
    ├── PropertyValidationException   400  a task template's fields, constraints or flows do not fit
    ├── ServiceQuotaExceededException 402  active tasks, contacts per chain, templates per instance
    ├── MissingAuthenticationTokenException 403  no SigV4 Authorization header
    ├── IncompleteSignatureException  403  an Authorization header that is not SigV4's shape
    ├── ResourceNotFoundException     404  unknown instance, flow, quick connect, template, contact
    ├── UnknownOperationException     404  no Connect operation has this method and path
    ├── DuplicateResourceException    409  a flow or quick connect name is taken
    ├── RequestEntityTooLargeException 413 the body is above payload.MAX_BODY_BYTES
    ├── LimitExceededException        429  (fault injection only)
    ├── ThrottlingException           429  the operation's token bucket is empty
    ├── InternalServiceException      500  injected fault, a state file not saved, or an emulator bug
    └── NotImplementedException       501  a real Connect operation the emulator does not serve

Statuses of the modeled errors equal botocore's connect model (a test checks it).
The 403s and the 413 are not in the model: AWS's front end answers them before
the service sees the request (the 413's code is the one AWS Lambda uses).
Messages name members and rules, never the values of sensitive members.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConnectError",
    "DuplicateResourceException",
    "InternalServiceException",
    "IncompleteSignatureException",
    "InvalidContactFlowException",
    "InvalidParameterException",
    "InvalidRequestException",
    "LimitExceededException",
    "MissingAuthenticationTokenException",
    "NotImplementedException",
    "PropertyValidationException",
    "RequestEntityTooLargeException",
    "ResourceNotFoundException",
    "SerializationException",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "UnknownOperationException",
    "error_class",
]


class ConnectError(Exception):
    """An AWS error response: ``code`` (x-amzn-ErrorType), ``status`` and a message."""

    code: str = "InternalServiceException"
    status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict[str, Any]:
        """The JSON body AWS sends for this error."""
        return {"message": self.message}


class InvalidRequestException(ConnectError):
    """The request is well formed but not allowed now (cross-field, state or time rule)."""

    code, status = "InvalidRequestException", 400


class InvalidParameterException(ConnectError):
    """One or more members break their shape (length, enum, required...) or a value rule."""

    code, status = "InvalidParameterException", 400


class InvalidContactFlowException(ConnectError):
    """CreateContactFlow content is not a valid flow; the body lists ``problems``."""

    code, status = "InvalidContactFlowException", 400

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "problems": [{"message": self.message}]}


class SerializationException(ConnectError):
    """The request body is not a JSON object, or a value cannot be read as its type."""

    code, status = "SerializationException", 400


class PropertyValidationException(ConnectError):
    """A task template breaks a rule across its members; ``properties`` lists each one.

    Each property is ``(PropertyPath, Reason, Message)``, Reason one of the model's enum
    (REFERENCED_RESOURCE_NOT_FOUND, UNIQUE_CONSTRAINT_VIOLATED, REQUIRED_PROPERTY_MISSING,
    INVALID_FORMAT, ...). The body uses the model's member names: Message, PropertyList.
    """

    code, status = "PropertyValidationException", 400

    def __init__(self, message: str, properties: tuple[tuple[str, str, str], ...] = ()) -> None:
        super().__init__(message)
        self.properties = tuple(properties)

    def body(self) -> dict[str, Any]:
        listed = [
            {"PropertyPath": path, "Reason": reason, "Message": text}
            for path, reason, text in self.properties
        ]
        return {"Message": self.message, "PropertyList": listed}


class ServiceQuotaExceededException(ConnectError):
    """A quota is reached (active tasks per instance, 12 contacts per PreviousContactId chain, 50 task templates)."""

    code, status = "ServiceQuotaExceededException", 402


class MissingAuthenticationTokenException(ConnectError):
    """The request has no Authorization header (AWS: "Missing Authentication Token")."""

    code, status = "MissingAuthenticationTokenException", 403


class IncompleteSignatureException(ConnectError):
    """The Authorization header lacks what a SigV4 signature has (Credential, SignedHeaders, ...)."""

    code, status = "IncompleteSignatureException", 403


class ResourceNotFoundException(ConnectError):
    """The instance, flow, quick connect, task template or contact does not exist."""

    code, status = "ResourceNotFoundException", 404


class UnknownOperationException(ConnectError):
    """No Amazon Connect operation is routed at this method and path."""

    code, status = "UnknownOperationException", 404


class DuplicateResourceException(ConnectError):
    """A resource with this name already exists in the instance."""

    code, status = "DuplicateResourceException", 409


class RequestEntityTooLargeException(ConnectError):
    """The request body is larger than the emulator reads (payload.MAX_BODY_BYTES)."""

    code, status = "RequestEntityTooLargeException", 413


class LimitExceededException(ConnectError):
    """A limit was exceeded (raised by fault injection only)."""

    code, status = "LimitExceededException", 429


class ThrottlingException(ConnectError):
    """The operation's request rate is above its token bucket."""

    code, status = "ThrottlingException", 429


class InternalServiceException(ConnectError):
    """Injected 500, a state file that could not be saved, or an unexpected error inside the emulator."""

    code, status = "InternalServiceException", 500


class NotImplementedException(ConnectError):
    """A real Connect operation that the emulator does not serve."""

    code, status = "NotImplementedException", 501


_ALL: tuple[type[ConnectError], ...] = (
    InvalidRequestException,
    InvalidParameterException,
    InvalidContactFlowException,
    SerializationException,
    PropertyValidationException,
    ServiceQuotaExceededException,
    MissingAuthenticationTokenException,
    IncompleteSignatureException,
    ResourceNotFoundException,
    UnknownOperationException,
    DuplicateResourceException,
    RequestEntityTooLargeException,
    LimitExceededException,
    ThrottlingException,
    InternalServiceException,
    NotImplementedException,
)


def error_class(code: str) -> type[ConnectError]:
    """The error class for an AWS error code; KeyError if the emulator has none."""
    for cls in _ALL:
        if cls.code == code:
            return cls
    raise KeyError(code)
