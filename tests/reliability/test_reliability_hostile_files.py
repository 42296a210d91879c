"""Hostile definition files: each answered with one line and the documented exit status, in
bounded time, by ``connect-tasks validate``, ``connect-tasks start`` and a TaskSet.

Every command runs as a subprocess with a generous timeout, so that a hang fails the test
instead of the suite; no test asserts how fast. The files are bench.hostile's, written
into tmp_path at test time (FIFOs, loops of links, a link to /dev/zero).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.hostile import CASES, Hostile, _text
from pulumi_connect_tasks.files.reading import MAX_FILE_BYTES

pytestmark = pytest.mark.slow

TIMEOUT = 60  # seconds: far above what any case takes; only a hang reaches it
LIMIT = "the limit for a definition file"
OUT_OF_RANGE = "is out of range: a task is scheduled from now to at most 6 days ahead"
_RUN_CLI = (
    "import sys; from pulumi_connect_tasks.files.cli import main; sys.exit(main(sys.argv[1:]))"
)
_RUN_TASKSET = """
import sys
import pulumi


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args):
        return {}


pulumi.runtime.set_mocks(Mocks(), project="hostile", stack="dev", preview=True)
from pulumi_connect_tasks.files.taskset import TaskDefinitionError, TaskSet

try:
    TaskSet("hostile", directory=sys.argv[1], instance_id="inst-1", contact_flow_id="flow-1")
except TaskDefinitionError as error:
    print(error)
    sys.exit(3)
print("declared")
"""

# Just over the size limit: the 50 MB case of the benchmark, without writing 50 MB here.
OVER_THE_LIMIT = Hostile(
    "over-the-limit", "1 MiB + 1 byte", _text("large.yaml", "#" * MAX_FILE_BYTES + "\n")
)
BY_NAME = {case.name: case for case in CASES if case.name not in ("large-50mb", "largest-accepted")}
BY_NAME[OVER_THE_LIMIT.name] = OVER_THE_LIMIT

# case -> (validate's exit status, the one line it prints for the file named)
EXPECTED = {
    "alias-bomb": (
        2,
        f"bomb.yaml: has aliases that add more than 10,000 values, {LIMIT} (line 8, column 12)",
    ),
    "alias-cycle": (
        2,
        "cycle.yaml: is not valid YAML: found an alias inside the node its anchor names (a cycle) "
        "(line 3, column 20)",
    ),
    "long-integer": (
        2,
        f"long.yaml: has a number of more than 4,300 digits, {LIMIT} (line 3, column 14)",
    ),
    "long-integer-json": (
        2,
        f"long.json: has a number of more than 4,300 digits, {LIMIT} (line 1, column 30)",
    ),
    "scheduled-400-digits": (1, f"far.yaml::$.ScheduledTime: {OUT_OF_RANGE}"),
    "scheduled-13-digits": (1, f"later.yaml::$.ScheduledTime: {OUT_OF_RANGE}"),
    "deep-yaml": (2, f"deep.yaml: nests deeper than 64 levels, {LIMIT} (line 3, column 77)"),
    "deep-json": (2, f"deep.json: nests deeper than 64 levels, {LIMIT} (line 1, column 93)"),
    "symlink-loop": (2, "loop.yaml: cannot be read: a loop of symbolic links"),
    "dev-zero": (2, "zero.yaml: cannot be read: a character device, not a regular file"),
    "fifo": (2, "fifo.yaml: cannot be read: a FIFO (named pipe), not a regular file"),
    "fifo-link": (2, "pipe.yaml: cannot be read: a FIFO (named pipe), not a regular file"),
    "bad-sibling": (0, "ok: 1 file valid"),
    "over-the-limit": (2, f"large.yaml: is larger than 1 MiB (1,048,576 bytes), {LIMIT}"),
}


def run(folder: Path, *argv: str, script: str = _RUN_CLI) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script, *argv],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


@pytest.fixture(params=sorted(BY_NAME))
def hostile(request, tmp_path) -> tuple[str, Path]:
    """(case name, the file to name), written alone in a folder (a bad sibling beside ok.yaml)."""
    folder = tmp_path / "set"
    folder.mkdir()
    return request.param, BY_NAME[request.param].write(folder)


def test_every_case_of_the_benchmark_is_tested():
    assert set(EXPECTED) == set(BY_NAME)


def test_validate_answers_a_hostile_file_with_one_line(hostile):
    name, path = hostile
    done = run(path.parent, "validate", path.name)
    status, line = EXPECTED[name]
    assert (done.returncode, done.stdout) == (status, line + "\n")
    assert "Traceback" not in done.stderr


def test_validate_json_answers_a_hostile_file(hostile):
    name, path = hostile
    done = run(path.parent, "validate", "--format", "json", path.name)
    status, line = EXPECTED[name]
    envelope = json.loads(done.stdout)
    assert done.returncode == status
    if status:
        [detail] = envelope["error"]["details"]
        assert (
            f"{detail['file']}{'::' + detail['path'] if detail['path'] else ''}: {detail['message']}"
            == line
        )


def test_start_refuses_a_hostile_file_before_starting_anything(hostile):
    name, path = hostile
    if name == "bad-sibling":
        pytest.skip("start reads only the files it is given: ok.yaml alone would be started")
    done = run(path.parent, "start", path.name, "--instance-id", "inst-1", "--region", "us-east-1")
    status, line = EXPECTED[name]
    envelope = json.loads(done.stdout)
    assert (done.returncode, envelope["success"], envelope["data"]) == (
        status,
        False,
        {"tasks": []},
    )
    [detail] = envelope["error"]["details"]
    assert (
        f"{detail['file']}{'::' + detail['path'] if detail['path'] else ''}: {detail['message']}"
        == line
    )


def test_a_taskset_names_the_hostile_file(hostile):
    name, path = hostile
    done = run(path.parent, str(path.parent), script=_RUN_TASKSET)
    lines = [EXPECTED[name][1]]
    if name == "bad-sibling":  # the TaskSet reads the whole folder: the sibling is its problem
        lines = [
            f"broken.yaml: has a number of more than 4,300 digits, {LIMIT} (line 3, column 14)"
        ]
    if name == "symlink-loop":  # both links of the loop are files of the folder
        lines.append("other.yaml: cannot be read: a loop of symbolic links")
    assert done.returncode == 3, done.stderr
    assert done.stdout.splitlines() == [
        f"TaskSet 'hostile' ({path.parent}): {len(lines)} problem{'s' if len(lines) > 1 else ''} in task definitions:",
        *(f"  {path.parent}/{line}" for line in lines),
    ]


def test_a_folder_lists_what_is_not_a_regular_file(tmp_path):
    # A FIFO named like a definition is read (and refused), not quietly left out of the set.
    BY_NAME["fifo"].write(tmp_path)
    (tmp_path / "ok.yaml").write_text("Name: n\n")
    done = run(tmp_path, "validate", ".")
    assert (done.returncode, done.stdout) == (
        2,
        "fifo.yaml: cannot be read: a FIFO (named pipe), not a regular file\n",
    )


@pytest.mark.parametrize(
    "name, text, line, field, github",
    [
        # A newline in a file name: escaped in text lines; json and GitHub's %0A were already one line.
        (
            "two\nlines.yaml",
            "Key: k\nName: 5\n",
            "two\\nlines.yaml::$.Name: must be a string",
            ("file", "two\nlines.yaml"),
            "::error file=two%0Alines.yaml,line=2,col=1,title=$.Name::two\\nlines.yaml::$.Name: must be a string",
        ),
        # JSON may write a lone surrogate ("\ud800"), which Python reads and no UTF-8 stream can print.
        (
            "s.json",
            '{"Name": "n", "Key": "k", "\\ud800x": 1}',
            "s.json::$['\\ud800x']: is not a known member",
            ("path", "$['\ud800x']"),
            "::error file=s.json,line=1,col=27,title=$['\\ud800x']::s.json::$['\\ud800x']: is not a known member",
        ),
    ],
)
def test_a_problem_stays_one_valid_line_in_every_format(tmp_path, name, text, line, field, github):
    (tmp_path / name).write_text(text)
    done = run(tmp_path, "validate", name)
    assert (done.returncode, done.stdout) == (1, line + "\n")
    as_json = run(tmp_path, "validate", "--format", "json", name)
    assert (as_json.returncode, json.loads(as_json.stdout)["error"]["details"][0][field[0]]) == (
        1,
        field[1],
    )
    done = run(tmp_path, "validate", "--format", "github", name)
    assert (done.returncode, done.stdout) == (1, github + "\n")


def test_a_missing_file_with_a_newline_is_one_usage_line(tmp_path):
    done = run(tmp_path, "validate", "no\nsuch.yaml")
    assert (done.returncode, done.stderr) == (
        2,
        "connect-tasks validate: error: no\\nsuch.yaml: no such file or folder\n",
    )
