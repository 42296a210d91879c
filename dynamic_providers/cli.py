"""``connect-tasks``: validate task definition files, print their schema, start one task.

    connect-tasks validate [--format text|json|github] PATH...   files or folders (recursing)
    connect-tasks schema                                          the definition files' JSON Schema
    connect-tasks start FILE [--instance-id ID] [--contact-flow-id ID] [--region R]

``validate`` is offline: the provider's rules from the same code, with what a TaskSet
supplies (InstanceId, and a flow when a file names none) not known yet. Exit status: 0
valid, 1 a violation, 2 a usage error or a file that cannot be read or parsed. JSON
details carry each problem's line and column; ``--format github`` prints them as GitHub
Actions annotations, one workflow command per problem.
``start`` calls Amazon Connect (honouring AWS_ENDPOINT_URL_CONNECT) and prints one JSON
object; it exits 1 when the task is invalid or AWS refuses it, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

from .definitions import (
    DEFINITION_SUFFIXES,
    SCHEMA_NAME,
    Problem,
    UnreadableDefinition,
    check_file,
    definition_files,
    definition_request,
    read_definition,
)

__all__ = ["main", "start_token"]

PROG = "connect-tasks"
EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    """A command line that names something that is not there, or not a definition file."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _emit(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, ensure_ascii=False))


def _failure(code: str, message: str, details: list[Problem] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = [problem.as_dict() for problem in details]
    return {"success": False, "error": error}


# -- validate --------------------------------------------------------------------------------
def _files(paths: Sequence[str]) -> list[Path]:
    """The definition files PATH... name, in order, each once; folders recursed, sorted."""
    found: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found += definition_files(path, recursive=True)
        elif path.is_file() or path.is_symlink():
            if path.suffix.lower() not in DEFINITION_SUFFIXES:
                raise _UsageError(f"{text}: not a definition file (.yaml, .yml or .json)")
            found.append(path)
        else:
            raise _UsageError(f"{text}: no such file or folder")
    return list(dict.fromkeys(found))


def _summary(files: int, problems: list[Problem], unreadable: int) -> str:
    violations = [p for p in problems if p.path is not None]
    broken = len({p.file for p in violations})
    text = f"{_plural(len(violations), 'violation')} in {broken} of {_plural(files, 'file')}"
    if not unreadable:
        return text
    head = f"{unreadable} of {_plural(files, 'file')} could not be read or parsed"
    return head + (f"; {_plural(len(violations), 'violation')} in {_plural(broken, 'other file')}" if violations else "")


def _escape_data(text: str) -> str:
    # GitHub's own escaping (actions/toolkit, command.ts): "%" first, so no escape is undone.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(message: str, title: str, problem: Problem | None = None) -> str:
    """A GitHub Actions workflow command: ``::error file=F,line=L,col=C,title=T::message``."""
    properties: list[tuple[str, str]] = []
    if problem is not None:
        properties.append(("file", problem.file))
        if problem.position is not None:
            properties += [("line", str(problem.position.line)), ("col", str(problem.position.column))]
    properties.append(("title", title))
    listed = ",".join(f"{name}={_escape_property(value)}" for name, value in properties)
    return f"::error {listed}::{_escape_data(message)}"


def _github_line(problem: Problem) -> str:
    # The message repeats the file and path: a job's log shows only the message.
    return _annotation(problem.line(), problem.path or "cannot be read or parsed", problem)


def _validate(args: argparse.Namespace) -> int:
    as_json, as_github = args.format == "json", args.format == "github"
    try:
        files = _files(args.paths)
    except _UsageError as error:
        if as_json:
            _emit(_failure("USAGE_ERROR", str(error)))
        elif as_github:
            print(_annotation(str(error), f"{PROG} validate"))
        else:
            print(f"{PROG} validate: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    now = datetime.now(timezone.utc)
    problems: list[Problem] = []
    unreadable = 0
    for path in files:
        found, readable = check_file(path, now=now)
        problems += found
        unreadable += not readable
    if not problems:
        if as_json:
            _emit({"success": True, "data": {"files": len(files)}})
        else:
            print(f"ok: {_plural(len(files), 'file')} valid")
        return EXIT_VALID
    summary = _summary(len(files), problems, unreadable)
    if as_json:
        _emit(_failure("UNREADABLE_FILE" if unreadable else "VALIDATION_ERROR", summary, problems))
    else:
        for problem in problems:
            print(_github_line(problem) if as_github else problem.line())
        print(summary, file=sys.stderr)
    return EXIT_USAGE if unreadable else EXIT_INVALID


# -- schema ----------------------------------------------------------------------------------
def _schema(_args: argparse.Namespace) -> int:
    sys.stdout.write((resources.files("dynamic_providers") / "schemas" / SCHEMA_NAME).read_text(encoding="utf-8"))
    return EXIT_VALID


# -- start -----------------------------------------------------------------------------------
def start_token(file: Path, definition: Any, region: str | None) -> str:
    """The ClientToken of ``start``: sha256 of the file's path and definition, and the Region.

    The path is taken relative to the current folder, so the same file started from the
    same folder (say, the repository root) gets the same task back for as long as AWS
    keeps the token (about 7 days). The definition is the parsed file with the command
    line's ids applied; a relative ScheduledTime stays as written, so a retry later
    still sends the same token. Comments and layout do not count.
    """
    identity = Path(os.path.relpath(file.absolute())).as_posix()
    text = json.dumps([identity, definition, region], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _start(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file() or path.suffix.lower() not in DEFINITION_SUFFIXES:
        if path.is_file():
            reason = "not a definition file (.yaml, .yml or .json)"
        else:
            reason = "not a file" if path.exists() else "no such file"
        _emit(_failure("USAGE_ERROR", f"{args.file}: {reason}"))
        return EXIT_USAGE
    try:
        definition = read_definition(path)
    except UnreadableDefinition as error:
        _emit(_failure("UNREADABLE_FILE", f"{args.file}: {error}"))
        return EXIT_USAGE
    if isinstance(definition, dict):
        # As with the AWS CLI's --cli-input-json, options on the command line win over the file.
        if args.instance_id is not None:
            definition["InstanceId"] = args.instance_id
        if args.contact_flow_id is not None:
            definition["ContactFlowId"] = args.contact_flow_id
    request, violations = definition_request(
        definition, now=datetime.now(timezone.utc), supplied={}, new_task=True, file=path
    )
    if violations:
        problems = [Problem(args.file, v.json_path(), v.message) for v in violations]
        _emit(_failure("VALIDATION_ERROR", f"{_plural(len(problems), 'violation')} in {args.file}", problems))
        return EXIT_INVALID
    return _start_task(path, definition, request, args.region)


# start has --region where the provider has stack config.
_START_ADVICE = {"NoRegion": "pass --region <region> or set AWS_REGION"}


def _start_task(path: Path, definition: dict, request: dict, region: str | None) -> int:
    # boto3 is only needed here: validate and schema stay quick for pre-commit.
    from . import aws
    from .errors import AwsCallError
    from .requests import to_request
    from .schedule import to_rfc3339

    request["InstanceId"] = to_request({"instance_id": request["InstanceId"]})["InstanceId"]
    try:
        client = aws.client_for(region, None, advice=_START_ADVICE)
        request.setdefault("ClientToken", start_token(path, definition, client.meta.region_name))
        contact_id = aws.start_task_contact(client, request)
        contact = aws.describe_contact(client, request["InstanceId"], contact_id)
    except AwsCallError as error:
        _emit(_failure(error.code, str(error)))
        return EXIT_INVALID
    if contact is None:
        _emit(_failure(
            "ResourceNotFoundException",
            f"StartTaskContact returned task {contact_id} but DescribeContact does not find it; "
            "run the command again: it returns the same task",
        ))
        return EXIT_INVALID
    _emit({"success": True, "data": {"id": contact_id, "created_at": to_rfc3339(contact["InitiationTimestamp"])}})
    return EXIT_VALID


# -- the command line ------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Amazon Connect task definition files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check definition files offline",
        description="Check definition files (folders are searched for *.yaml, *.yml, *.json). "
        "Exit 0 valid, 1 a violation, 2 a usage error or an unreadable or unparsable file.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a definition file or a folder of them")
    validate.add_argument(
        "--format", choices=("text", "json", "github"), default="text",
        help="output format (default text); github: GitHub Actions annotations",
    )
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of definition files")
    schema.set_defaults(run=_schema)

    start = commands.add_parser(
        "start", help="start one task from a definition file (idempotent)",
        description="Start the task a definition file describes and print its id and creation time as JSON. "
        "Starting the same file again from the same folder returns the same task.",
    )
    start.add_argument("file", metavar="FILE")
    start.add_argument("--instance-id", help="the instance id or ARN (wins over the file's InstanceId)")
    start.add_argument("--contact-flow-id", help="the flow (wins over the file's ContactFlowId)")
    start.add_argument(
        "--region", help="the AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the AWS profile's)"
    )
    start.set_defaults(run=_start)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (argparse's usage errors exit 2)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
