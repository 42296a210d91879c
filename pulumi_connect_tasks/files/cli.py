"""``connect-tasks``: validate task definition files, print their schema, start their tasks.

    connect-tasks validate [--format text|json|github] PATH...   files or folders (recursing)
    connect-tasks schema                                          the definition files' JSON Schema
    connect-tasks start PATH... [--instance-id ID] [--contact-flow-id ID | --contact-flow-name NAME]
                        [--region R]

``validate`` is offline: the provider's rules from the same code, with what a TaskSet
supplies (InstanceId, and a flow when a file names none) not known yet. Links between
files (PreviousTask, RelatedTask) are checked per folder, as a TaskSet reads one: the set
of a file is every definition file directly in its folder, read even when not named, so
a pre-commit hook that passes only the changed files still sees the keys they name; a
problem is reported when it involves a file named. Its output format is a reporter chosen
by ``--format`` (:mod:`pulumi_connect_tasks.files.reporters`): JSON details carry each
problem's line and column; ``--format github`` prints them as GitHub Actions annotations,
one workflow command per problem.
``start`` (:mod:`pulumi_connect_tasks.files.cli_start`) checks every file, and starts nothing
unless all pass; then it starts them on up to
:data:`~pulumi_connect_tasks.files.start_plan.WORKERS` threads through Amazon Connect (honouring
AWS_ENDPOINT_URL_CONNECT), shows progress on stderr (a bar on a terminal, one line per
task elsewhere) and prints one JSON envelope listing every task started and every
failure. The files of one run are one set: a PreviousTask or RelatedTask names a file of
the run, and that task is started first. Target names (ContactFlowName, ...,
``--contact-flow-name``) are resolved once per distinct name before anything starts. Its
ClientTokens derive from each file's key, content (with the ContactId a link resolved to
and the id a name resolved to) and target, not its path, so running it again from any
folder starts nothing new.

The exit statuses of every command are :mod:`pulumi_connect_tasks.files.exits`': 0 valid
(every task started), 1 a violation (or AWS refused a task), 2 a usage error (two files
with one key among them) or a file that cannot be read or parsed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import import_module, resources
from pathlib import Path

from ..common.errors import UnreadableDefinition, UsageError
from .chains import link_problems, linked
from .definition_format import DEFINITION_SUFFIXES, SCHEMA_NAME
from .exits import EXIT_INVALID, EXIT_USAGE, EXIT_VALID
from .parsing import definition_files, definition_key, read_document
from .problems import (
    Problem,
    document_problems,
    located_problems,
    printable,
    summary,
    unreadable_problem,
)
from .reading import Document
from .reporters import REPORTERS, emit_json
from .start_outcomes import failure_envelope
from .start_plan import WORKERS, read_tasks, start_token

__all__ = ["main", "start_token"]

PROG = "connect-tasks"
_RUN = ".cli_start"
"""start's threaded run, loaded by name when tasks are to start, as the package's
``__init__`` loads ConnectTask: it imports boto3, half of a 0.3 s start-up, which
validate and schema (pre-commit hooks) never need; BENCHMARKS.md's start-up figure is
theirs without it. A deferral for start-up time, not a cycle: cli_start imports nothing
of this module."""


# -- validate --------------------------------------------------------------------------------
def _files(paths: Sequence[str], *, empty_folders: bool = True) -> list[Path]:
    """The definition files PATH... name, in order, each once; folders recursed, sorted.

    A file named twice (``a.yaml``, ``./a.yaml``, its absolute path) counts once, under the
    first spelling. ``empty_folders=False`` makes a folder without definition files a
    usage error (``start`` of a mistyped folder should not succeed by starting nothing).
    """
    found: dict[Path, Path] = {}
    for text in paths:
        path = Path(text)
        if path.is_dir():
            inside = definition_files(path, recursive=True)
            if not inside and not empty_folders:
                raise UsageError(
                    f"{printable(text)}: no definition files (.yaml, .yml or .json) in this folder"
                )
        elif os.path.lexists(path):
            # Whatever is there (a FIFO, a link to a device or in a loop) is a file to read:
            # reading it says what it is, without waiting for it.
            if path.suffix.lower() not in DEFINITION_SUFFIXES:
                raise UsageError(f"{printable(text)}: not a definition file (.yaml, .yml or .json)")
            inside = [path]
        else:
            raise UsageError(f"{printable(text)}: no such file or folder")
        for file in inside:
            found.setdefault(_real(file), file)
    return list(found.values())


def _real(path: Path) -> Path:
    # os.path.realpath, unlike Path.resolve in Python 3.11, answers for a loop of links.
    return Path(os.path.realpath(path))


def _read(path: Path) -> Document | UnreadableDefinition:
    try:
        return read_document(path)
    except UnreadableDefinition as error:
        return error


def _folder_problems(
    files: Sequence[Path], read: dict[Path, Document | UnreadableDefinition]
) -> list[Problem]:
    """The link problems of each folder holding a file of ``files`` (the folder is the set, as
    a TaskSet reads it), those that involve a file of ``files``; each with its position.

    ``read`` holds each file already read, by real path; the folders' other files are read
    into it, so that no file is read twice."""
    named = {_real(file): file for file in files}
    folders: dict[Path, Path] = {}
    for file in files:
        folders.setdefault(_real(file.parent), file.parent)
    problems: list[Problem] = []
    for folder, shown in folders.items():
        members, paths = [], {}
        for path in definition_files(folder, recursive=False):
            real = _real(path)
            file = named.get(real, shown / path.name)
            if real not in read:
                read[real] = _read(path)
            # A file that cannot be read is reported by its own check if named, else not at
            # all: a broken file the command was not asked about. Its name is still its key.
            document = read[real]
            definition = document.data if isinstance(document, Document) else None
            members.append(linked(str(file), definition_key(path, definition), definition))
            paths[str(file)] = file
        for problem in link_problems(members, scope="the folder"):
            if any(_real(paths[f]) in named for f in problem.files):
                # A chain may start at a file that cannot be parsed (its name is its key):
                # it has no members to point at, so the problem points at its start.
                document = read[_real(paths[problem.file])]
                positions = document.positions if isinstance(document, Document) else {}
                problems += located_problems(
                    paths[problem.file], [problem.violation], problem.file, positions
                )
    return problems


def _validate(args: argparse.Namespace) -> int:
    """Check every file PATH... names, and its folder's links; the reporter ``--format``
    names writes the outcome. Nothing is sent anywhere; each file is read and parsed once."""
    reporter = REPORTERS[args.format](f"{PROG} validate", sys.stdout, sys.stderr)
    try:
        files = _files(args.paths)
    except UsageError as error:
        reporter.usage_error(str(error))
        return EXIT_USAGE
    now = datetime.now(UTC)
    problems: list[Problem] = []
    unreadable = 0
    read: dict[Path, Document | UnreadableDefinition] = {}
    for path in files:
        document = read[_real(path)] = _read(path)
        if isinstance(document, UnreadableDefinition):
            problems.append(unreadable_problem(str(path), document))
            unreadable += 1
        else:
            problems += document_problems(path, document, now=now)
    problems += _folder_problems(files, read)
    if not problems:
        reporter.valid(len(files))
        return EXIT_VALID
    reporter.invalid(problems, summary(len(files), problems, unreadable), unreadable)
    return EXIT_USAGE if unreadable else EXIT_INVALID


# -- schema ----------------------------------------------------------------------------------
def _schema(_args: argparse.Namespace) -> int:
    sys.stdout.write(
        (resources.files("pulumi_connect_tasks") / "schemas" / SCHEMA_NAME).read_text(
            encoding="utf-8"
        )
    )
    return EXIT_VALID


# -- start -----------------------------------------------------------------------------------
def _start(args: argparse.Namespace) -> int:
    """Check every file, start nothing unless all pass, then start them all (see cli_start)."""
    try:
        files = _files(args.paths, empty_folders=False)
        tasks, problems, unreadable = read_tasks(
            files,
            instance_id=args.instance_id,
            contact_flow_id=args.contact_flow_id,
            contact_flow_name=args.contact_flow_name,
            now=datetime.now(UTC),
        )
    except UsageError as error:  # SameKey among them
        emit_json(failure_envelope("USAGE_ERROR", str(error)), sys.stdout)
        return EXIT_USAGE
    if problems:
        message = f"{summary(len(files), problems, unreadable)}; nothing was started"
        details = [problem.as_dict() for problem in problems]
        emit_json(
            failure_envelope(
                "UNREADABLE_FILE" if unreadable else "VALIDATION_ERROR", message, details
            ),
            sys.stdout,
        )
        return EXIT_USAGE if unreadable else EXIT_INVALID
    run = import_module(_RUN, __package__)
    envelope, status = run.start_tasks(tasks, region=args.region, progress_stream=sys.stderr)
    emit_json(envelope, sys.stdout)
    return status


# -- the command line ------------------------------------------------------------------------
_START_DESCRIPTION = f"""\
Start the task of every definition file (folders are searched for *.yaml, *.yml,
*.json; a file named twice counts once) and print one JSON object on stdout:
each task's file, id and creation time, in the order of the files.

Every file is checked first: if any cannot be read or breaks a rule, nothing is
started. Then up to {WORKERS} start at once; a task AWS refuses does not stop the others.

The files of the run are one set: a file's PreviousTask or RelatedTask names the
key of another file of the run, whose task starts first; its ContactId becomes
this task's PreviousContactId or RelatedContactId. If that task does not start,
neither does this one (failed, code LinkedTaskNotStarted, naming the file it
waited for). A cycle, a key no file of the run has, or more than 12 tasks in one
chain is a rule broken: nothing is started.

Targets may be given by name (ContactFlowName, QuickConnectName, TaskTemplateName
in a file; --contact-flow-name): each distinct name is resolved to its id in the
instance once per run, before anything starts; if one cannot be (no flow of that
name, or two templates of one name), nothing is started. --contact-flow-id and
--contact-flow-name replace a file's flow however it is written; beside a file's
quick connect or template they are a second target, refused.

Idempotent: the ClientToken derives from each file's key (its Key, else its name),
its content (a link as the ContactId it resolved to, a target name as its id) and
the target (Region and instance), not from the path. Running the
same files again, from any folder, returns the same tasks and starts none (for as
long as AWS keeps the token, about 7 days). A file's own ClientToken wins.

Progress goes to stderr: a bar on a terminal, else one line per task
("started 3/45 tasks/a.yaml <id>", "failed 4/45 tasks/b.yaml: <AWS code>").

Exit status: {EXIT_VALID} every task started; {EXIT_INVALID} a file breaks a rule (nothing started) or AWS
refused a task (the others started); {EXIT_USAGE} a usage error (a path that does not exist,
a folder without definition files, two files with one key) or a file that cannot
be read or parsed (nothing started)."""

_START_EPILOG = """\
environment (see README: Pacing and retries):
  CONNECT_TASKS_START_TASK_CONTACT_RATE  StartTaskContact requests per second the
                                         pacer allows (default AWS's quota, 2)
  CONNECT_TASKS_RETRY_DEADLINE           seconds a call is retried, with the same
                                         ClientToken (default 300)
  AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_CONNECT as for the AWS CLI"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Amazon Connect task definition files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check definition files offline",
        description="Check definition files (folders are searched for *.yaml, *.yml, *.json). "
        "PreviousTask and RelatedTask are checked against the files of each file's folder, as a "
        "TaskSet reads it (a key no file has, a cycle, more than 12 tasks in a chain). "
        f"Exit {EXIT_VALID} valid, {EXIT_INVALID} a violation, {EXIT_USAGE} a usage error or an "
        "unreadable or unparsable file.",
    )
    validate.add_argument(
        "paths", nargs="+", metavar="PATH", help="a definition file or a folder of them"
    )
    validate.add_argument(
        "--format",
        choices=tuple(REPORTERS),
        default="text",
        help="output format (default text); github: GitHub Actions annotations",
    )
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of definition files")
    schema.set_defaults(run=_schema)

    start = commands.add_parser(
        "start",
        help="start the tasks of definition files and folders (idempotent)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_START_DESCRIPTION,
        epilog=_START_EPILOG,
    )
    start.add_argument(
        "paths", nargs="+", metavar="PATH", help="a definition file or a folder of them"
    )
    start.add_argument(
        "--instance-id", help="the instance id or ARN (wins over every file's InstanceId)"
    )
    flow = start.add_mutually_exclusive_group()
    flow.add_argument(
        "--contact-flow-id",
        help="the flow (replaces every file's flow, ContactFlowId or ContactFlowName)",
    )
    flow.add_argument(
        "--contact-flow-name",
        help="the flow by name, resolved once in the instance (replaces every file's flow, id or name)",
    )
    start.add_argument(
        "--region",
        help="the AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the AWS profile's)",
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
