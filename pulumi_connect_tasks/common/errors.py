"""Errors raised by the ConnectTask provider.

    ConnectTaskError                 base class; its text is one line a user can act on
    ├── AwsCallError                 an AWS call failed (after the retries of pulumi_connect_tasks.common.retrying)
    ├── PartialFailure               a multi-call step failed part way; says what was applied
    ├── OutOfRange                   a scheduled time no datetime can hold (also a ValueError)
    ├── UnreadableDefinition         a definition file could not be read, decoded or parsed
    ├── UsageError                   connect-tasks: a path that is not there or not a definition file
    │   └── SameKey                  connect-tasks start: two files of the run have one key
    ├── TaskDefinitionError          a TaskSet's files are broken or clash (also a ValueError)
    └── RecurringTaskError           a RecurringConnectTask's inputs break a rule

AWS errors are translated in one place, :func:`translate`, into a line that names the
operation, the AWS error code and what the user can do. Sensitive request values (task
name, description, attribute values) are masked in AWS's own message before it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol
from urllib.parse import urlsplit

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
)

__all__ = [
    "ConnectTaskError",
    "AwsCallError",
    "PartialFailure",
    "OutOfRange",
    "translate",
    "error_code",
    "UnreadableDefinition",
    "UsageError",
    "SameKey",
    "TaskDefinitionError",
    "RecurringTaskError",
]

# What a user can do about each error code. Codes not listed get AWS's message only.
# NoRegion is said the provider's way; the CLI passes its own (--region).
ADVICE: dict[str, str] = {
    "NoRegion": "set the region input, `pulumi config set aws:region <region>`, or AWS_REGION",
    "ResourceNotFoundException": (
        "the instance, flow, quick connect, template or contact does not exist in this "
        "account and Region; check the ids and the region"
    ),
    "InvalidRequestException": "Amazon Connect rejected the request; fix the input it names",
    "InvalidParameterException": "Amazon Connect rejected a parameter; fix the input it names",
    "ThrottlingException": (
        "still throttled when the retry deadline passed: other clients are spending this "
        "account's quota in this Region; raise connect-tasks:retryDeadline "
        "(CONNECT_TASKS_RETRY_DEADLINE), or lower connect-tasks:startTaskContactRate if it is "
        "set above the account's quota"
    ),
    "LimitExceededException": (
        "still throttled when the retry deadline passed; raise connect-tasks:retryDeadline "
        "(CONNECT_TASKS_RETRY_DEADLINE) or try again later"
    ),
    "ServiceQuotaExceededException": (
        "a quota is reached (2,500 active tasks per instance, or 12 linked tasks in one "
        "PreviousContactId chain); not retried: end some tasks or request a quota increase"
    ),
    "AccessDeniedException": (
        "the credentials lack a permission for this call; see the IAM policy in docs/aws.md"
    ),
    "InternalServiceException": (
        "Amazon Connect still failed when the retry deadline passed; run the command again "
        "(creates are idempotent)"
    ),
    "InvalidActiveRegionException": "the instance is not active in this Region; use its active Region",
    "ConflictException": "the contact changed concurrently; run the command again",
    "ContactNotFoundException": "the contact is no longer active",
    "UnrecognizedClientException": "the AWS credentials are not valid for this account",
    "ExpiredTokenException": "the AWS session token has expired; refresh your credentials",
}


class ConnectTaskError(Exception):
    """Base class: the message is one line meant for the person running `pulumi up`."""


class AwsCallError(ConnectTaskError):
    """An AWS call failed. ``operation`` and ``code`` say which and why."""

    def __init__(self, operation: str, code: str, message: str) -> None:
        self.operation = operation
        self.code = code
        super().__init__(message)


class PartialFailure(ConnectTaskError):
    """An update made several calls and one failed: the message lists what was applied."""


class OutOfRange(ConnectTaskError, ValueError):
    """A scheduled time in an accepted form that no datetime can hold (epoch seconds past the
    year 9999, a duration of millions of years): certainly outside the scheduling window.
    A ValueError too, as every other unreadable scheduled time is."""


def error_code(error: ClientError) -> str:
    """The AWS error code of a ClientError ("" if AWS sent none)."""
    return str(error.response.get("Error", {}).get("Code", ""))


def _mask(text: str, sensitive: Iterable[str]) -> str:
    # Longest first, so a value that contains another is masked whole.
    for value in sorted((v for v in sensitive if v and len(v) >= 3), key=len, reverse=True):
        text = text.replace(value, "***")
    return text


def _unreachable(operation: str, error: BotoCoreError, region: str | None) -> AwsCallError:
    """The connection could not be opened: name where it went and what to check."""
    url = urlsplit(str(error.kwargs.get("endpoint_url", "")))
    endpoint = f"{url.scheme}://{url.netloc}" if url.netloc else "the endpoint"
    where = f"{endpoint} (Region {region})" if region else endpoint
    code = type(error).__name__
    return AwsCallError(
        operation,
        code,
        f"{operation} failed: {code}: could not connect to {where}, so nothing was sent; check that "
        "the endpoint is up (the local emulator: `make emulator`), AWS_ENDPOINT_URL_CONNECT or "
        "AWS_ENDPOINT_URL, and the Region",
    )


def translate(
    operation: str,
    error: ClientError | BotoCoreError,
    sensitive: Iterable[str] = (),
    advice: Mapping[str, str] | None = None,
    region: str | None = None,
) -> AwsCallError:
    """Turn a botocore error into one line: ``<Operation> failed: <Code>: <what to do>``.

    ``advice`` overrides :data:`ADVICE` for some codes (an operation's own quota, say).
    ``region`` is the client's, named when the endpoint could not be reached.
    The properties AWS lists in a PropertyList (path and reason, never values) are named.
    """
    advice_for = {**ADVICE, **(advice or {})}
    if isinstance(error, NoCredentialsError):
        return AwsCallError(
            operation,
            "NoCredentials",
            f"{operation} failed: no AWS credentials found; set AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (any values for the local emulator), or "
            "aws:profile in a stack's config",
        )
    if isinstance(error, NoRegionError):
        return AwsCallError(
            operation,
            "NoRegion",
            f"{operation} failed: no AWS Region; {advice_for['NoRegion']}",
        )
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError)):
        return _unreachable(operation, error, region)
    if isinstance(error, BotoCoreError):
        return AwsCallError(
            operation, type(error).__name__, f"{operation} failed: {type(error).__name__}: {error}"
        )
    code = error_code(error) or "Unknown"
    aws_message = _mask(str(error.response.get("Error", {}).get("Message", "")), sensitive)
    what_to_do = advice_for.get(code, "the call failed; see AWS's message")
    details = [f"AWS says: {aws_message.rstrip('.')}"] if aws_message else []
    properties = [p for p in error.response.get("PropertyList") or [] if isinstance(p, dict)]
    if properties:
        details.append(
            "properties: "
            + ", ".join(f"{p.get('PropertyPath')} ({p.get('Reason')})" for p in properties)
        )
    request_id = error.response.get("ResponseMetadata", {}).get("RequestId")
    if request_id:
        details.append(f"request id {request_id}")
    line = f"{operation} failed: {code}: {what_to_do}"
    if details:
        line += f" ({'; '.join(details)})"
    return AwsCallError(operation, code, line)


class UnreadableDefinition(ConnectTaskError):
    """A definition file could not be read, decoded or parsed. The message says which."""

    def __init__(self, message: str, position: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.position = position
        """Where the text stops being valid, (line, column) counted from 1 (a
        ``files.positions.Position``); None if the file could not be read at all."""


class UsageError(ConnectTaskError):
    """``connect-tasks``: a command line that names something that is not there, or not a
    definition file (exit status 2)."""


class SameKey(UsageError):
    """Two files have one key: a usage error. The message names the files and the key."""


class _Listed(Protocol):
    """What TaskDefinitionError lists: one problem that writes itself as one line."""

    def line(self) -> str: ...


class TaskDefinitionError(ConnectTaskError, ValueError):
    """A TaskSet's files are broken or clash; ``problems`` lists every one.

    Raised before the TaskSet declares anything. Also a ValueError, as it was before it
    joined this family, so that code catching ValueError still catches it.
    """

    def __init__(self, summary: str, problems: Sequence[_Listed]) -> None:
        self.problems = problems
        super().__init__("\n".join([summary] + ["  " + problem.line() for problem in problems]))


class RecurringTaskError(ConnectTaskError):
    """A RecurringConnectTask's inputs break a rule; ``failures`` lists each as
    ``(property path, reason)``, never a value.

    Raised before the component declares anything, or, for a value known only at deploy
    time, before its role, policy or schedule is created. Not a ValueError: Pulumi wraps a
    ValueError raised in an apply in one "While processing ..." line per resource.
    """

    def __init__(self, where: str, failures: Sequence[tuple[str, str]]) -> None:
        self.failures = list(failures)
        lines = [f"  {path}: {reason}" if path else f"  {reason}" for path, reason in failures]
        super().__init__("\n".join([f"{where}: the recurring task breaks a rule:", *lines]))
