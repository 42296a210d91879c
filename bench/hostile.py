"""Benchmark 7: hostile definition files, each through ``connect-tasks validate`` in its own process.

``python -m bench.hostile`` writes each file of :data:`CASES` in a folder of its own (a
bad sibling beside a good file where that is the case), runs ``connect-tasks validate``
on it as a subprocess, and prints the wall time, the child's peak resident memory (its
own ``ru_maxrss``, from ``os.wait4``), the exit status and the first line it printed.
The child runs under a memory cap (RLIMIT_AS) and a timeout, so that measuring code that
does not bound itself (``--source`` an older checkout) cannot take the machine down: a
child past either is reported as such. ``--markdown`` prints BENCHMARKS.md's section.

The same writers make the files of ``tests/reliability/test_reliability_hostile_files.py``.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Hostile",
    "CASES",
    "Measured",
    "HOSTILE_TIMEOUT",
    "MEMORY_CAP",
    "measure",
    "measure_all",
    "section",
    "main",
]

HOSTILE_TIMEOUT = 120.0
"""Seconds before a child is killed: only code that does not bound itself gets near it."""
MEMORY_CAP = 4096 * 2**20
"""Each child's address space (RLIMIT_AS): code that does not bound itself fails there, not the machine."""

_RUN_CLI = (
    "import sys; from pulumi_connect_tasks.files.cli import main; sys.exit(main(sys.argv[1:]))"
)
_HEAD = "Name: hostile\nContactFlowId: 11111111-2222-3333-4444-555555555555\n"


@dataclass(frozen=True)
class Hostile:
    """One hostile file: ``write(folder)`` creates it (and any sibling) and returns the path to name."""

    name: str
    what: str
    write: Callable[[Path], Path]


def _text(name: str, text: str) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _alias_bomb() -> str:
    """Nine levels of nine aliases: 9**9 (387 million) strings once expanded, in 0.6 KB."""
    lines = ['  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return _HEAD + "Attributes:\n" + "\n".join(lines) + "\n"


def _link(name: str, target: str | Callable[[Path], str]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.symlink_to(target(folder) if callable(target) else target)
        return path

    return write


def _loop(folder: Path) -> Path:
    (folder / "other.yaml").symlink_to("loop.yaml")
    (folder / "loop.yaml").symlink_to("other.yaml")
    return folder / "loop.yaml"


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "fifo.yaml")
    return folder / "fifo.yaml"


def _fifo_target(folder: Path) -> str:
    os.mkfifo(folder / ".pipe")
    return ".pipe"


def _large(size: int) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / "large.yaml"
        with path.open("w", encoding="utf-8") as out:
            out.write(_HEAD + "Description: ")
            for _ in range(size // 1_000_000):
                out.write("a" * 1_000_000)
            out.write("\n")
        return path

    return write


def _largest_accepted(folder: Path) -> Path:
    """Just under the size limit, every value breaking a rule: the most work a file may ask."""
    path = folder / "largest-accepted.yaml"
    lines = [_HEAD, "Attributes:\n"]
    size, index = len(_HEAD), 0
    while size < 1_040_000:
        line = f"  key{index}: {index}\n"  # an integer where a string is due: one violation each
        lines.append(line)
        size, index = size + len(line), index + 1
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _bad_sibling(folder: Path) -> Path:
    (folder / "broken.yaml").write_text(
        _HEAD + "Description: " + "9" * 5000 + "\n", encoding="utf-8"
    )
    return _text("ok.yaml", _HEAD)(folder)


CASES: tuple[Hostile, ...] = (
    Hostile(
        "alias-bomb", "YAML alias bomb, 9 levels of 9 (0.6 KB)", _text("bomb.yaml", _alias_bomb())
    ),
    Hostile(
        "alias-cycle",
        "an alias inside its own anchor's node",
        _text("cycle.yaml", _HEAD + "Attributes: &a {x: *a}\n"),
    ),
    Hostile(
        "long-integer",
        "a 5,000-digit integer in YAML",
        _text("long.yaml", _HEAD + "Description: " + "9" * 5000 + "\n"),
    ),
    Hostile(
        "long-integer-json",
        "a 5,000-digit integer in JSON",
        _text("long.json", '{"Name": "n", "Description": ' + "9" * 5000 + "}\n"),
    ),
    Hostile(
        "scheduled-400-digits",
        "ScheduledTime of 400 digits",
        _text("far.yaml", _HEAD + "ScheduledTime: " + "9" * 400 + "\n"),
    ),
    Hostile(
        "scheduled-13-digits",
        "ScheduledTime 9999999999999",
        _text("later.yaml", _HEAD + "ScheduledTime: 9999999999999\n"),
    ),
    Hostile(
        "deep-yaml",
        "YAML nested 600 levels",
        _text("deep.yaml", _HEAD + "Description: " + "[" * 600 + "]" * 600 + "\n"),
    ),
    Hostile(
        "deep-json",
        "JSON nested 10,000 levels",
        _text("deep.json", '{"Name": "n", "Description": ' + "[" * 10_000 + "]" * 10_000 + "}\n"),
    ),
    Hostile("symlink-loop", "a loop of symbolic links", _loop),
    Hostile("dev-zero", "a link to /dev/zero", _link("zero.yaml", "/dev/zero")),
    Hostile("fifo", "a FIFO", _fifo),
    Hostile("fifo-link", "a link to a FIFO", _link("pipe.yaml", _fifo_target)),
    Hostile("bad-sibling", "ok.yaml beside a sibling with a 5,000-digit integer", _bad_sibling),
    Hostile("large-50mb", "a 50 MB description", _large(50_000_000)),
    Hostile(
        "largest-accepted",
        "just under 1 MiB of YAML, a violation per line (59,000)",
        _largest_accepted,
    ),
)


@dataclass(frozen=True)
class Measured:
    case: Hostile
    seconds: float
    peak_mib: float
    """The child's own peak resident set (ru_maxrss of os.wait4)."""
    status: int | None
    """Exit status; None when the child was killed at the timeout."""
    first_line: str
    lines: int
    """Lines it printed on stdout."""


def _capped(memory_cap: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

    return limit


def measure(
    case: Hostile, *, timeout: float, memory_cap: int, source: Path | None = None
) -> Measured:
    """Run ``connect-tasks validate`` on the case's file in a folder of its own; kill it at ``timeout``."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as temp:
        folder = Path(temp)
        named = case.write(folder)
        env = dict(os.environ)
        if source is not None:
            env["PYTHONPATH"] = os.pathsep.join([str(source), env.get("PYTHONPATH", "")])
        out_path, err_path = folder / ".stdout", folder / ".stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            began = time.monotonic()
            child = subprocess.Popen(
                [sys.executable, "-c", _RUN_CLI, "validate", named.name],
                cwd=folder,
                env=env,
                stdout=out,
                stderr=err,
                preexec_fn=_capped(memory_cap),
            )
            timer = threading.Timer(timeout, child.send_signal, (signal.SIGKILL,))
            timer.start()
            _, wait_status, usage = os.wait4(child.pid, 0)
            seconds = time.monotonic() - began
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(
            wait_status
        )  # Popen must not wait for it again
        killed = os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) == signal.SIGKILL
        printed = out_path.read_text(encoding="utf-8", errors="replace").splitlines()
        # Nothing on stdout: a usage error, or a traceback whose last line is the exception.
        errors = [
            line
            for line in err_path.read_text(encoding="utf-8", errors="replace").splitlines()
            if line.strip()
        ]
        first = printed[0] if printed else f"stderr: {errors[-1] if errors else '(nothing)'}"
        return Measured(
            case,
            seconds,
            usage.ru_maxrss / 1024,
            None if killed else child.returncode,
            first,
            len(printed),
        )


def measure_all(
    cases: tuple[Hostile, ...] | list[Hostile] = CASES,
    *,
    timeout: float = HOSTILE_TIMEOUT,
    memory_cap: int = MEMORY_CAP,
    source: Path | None = None,
) -> list[Measured]:
    """Every case in turn, each reported on stderr as it ends."""
    found = []
    for case in cases:
        m = measure(case, timeout=timeout, memory_cap=memory_cap, source=source)
        print(
            f"{case.name:22} exit {_outcome(m, timeout):>14} {m.seconds:8.2f} s {m.peak_mib:8.0f} MiB  "
            f"{m.first_line[:110]}",
            file=sys.stderr,
            flush=True,
        )
        found.append(m)
    return found


def _outcome(m: Measured, timeout: float) -> str:
    return f"killed at {timeout:.0f} s" if m.status is None else str(m.status)


_LARGEST_NOTE = (
    "The last file is the most work a file within the limits asks: about 59,000 violations, one per line, "
    "its YAML parsed once (the node tree that builds its data also gives each problem's line and "
    "column), pure-Python PyYAML taking about 3 s per MiB."
)


def _shown(m: Measured, width: int) -> str:
    line = m.first_line if len(m.first_line) <= width else m.first_line[: width - 3] + "..."
    return f"`{line}`" + (f" (+{m.lines - 1} lines)" if m.lines > 1 else "")


def section(
    measured: list[Measured],
    *,
    timeout: float,
    memory_cap: int,
    before: list[Measured] | None = None,
) -> list[str]:
    """BENCHMARKS.md's section: one row per case (and the figures before, when measured)."""
    lines = [
        "## 7. Hostile definition files",
        "",
        "Each file through `connect-tasks validate FILE` in a process of its own (`python -m bench.hostile`), "
        f"in a folder of its own; the child's own peak resident memory (`ru_maxrss` from `os.wait4`), under a "
        f"{memory_cap // 2**20} MiB address-space cap and a {timeout:.0f} s timeout. The limits are in README "
        "(The `connect-tasks` command): 1 MiB per file, nesting 64 deep, 10,000 values added by YAML aliases, "
        "4,300 digits per number."
        + (
            " The before columns: the same files through a checkout of the code before those limits "
            "(`--before DIR`), under the same cap and timeout."
            if before
            else ""
        ),
        "",
    ]
    head = "| file | exit | wall | peak memory |"
    rule = "|---|---:|---:|---:|"
    lines += [
        head
        + " first line printed |"
        + (" before: exit | wall | peak memory | first line |" if before else ""),
        rule + "---|" + ("---:|---:|---:|---|" if before else ""),
    ]
    previous = {m.case.name: m for m in before or []}
    for m in measured:
        row = f"| {m.case.what} | {_outcome(m, timeout)} | {m.seconds:.2f} s | {m.peak_mib:.0f} MiB | {_shown(m, 160)} |"
        if before is not None:
            b = previous[m.case.name]
            row += f" {_outcome(b, timeout)} | {b.seconds:.2f} s | {b.peak_mib:.0f} MiB | {_shown(b, 90)} |"
        lines.append(row)
    lines += ["", _LARGEST_NOTE, ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.hostile", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=HOSTILE_TIMEOUT,
        help="seconds before a child is killed (default 120)",
    )
    parser.add_argument(
        "--memory-cap-mib",
        type=int,
        default=MEMORY_CAP // 2**20,
        help="each child's address space (default 4096)",
    )
    parser.add_argument(
        "--source", type=Path, help="a checkout whose pulumi_connect_tasks to measure instead"
    )
    parser.add_argument(
        "--before", type=Path, help="also measure this checkout, as the 'before' columns"
    )
    parser.add_argument("--markdown", action="store_true", help="print BENCHMARKS.md's section")
    parser.add_argument("--only", nargs="*", help="case names to run (default all)")
    args = parser.parse_args(argv)
    cap = args.memory_cap_mib * 2**20
    cases = [c for c in CASES if not args.only or c.name in args.only]

    def run(source: Path | None) -> list[Measured]:
        return measure_all(cases, timeout=args.timeout, memory_cap=cap, source=source)

    before = run(args.before) if args.before else None
    measured = run(args.source)
    if args.markdown:
        print("\n".join(section(measured, timeout=args.timeout, memory_cap=cap, before=before)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
