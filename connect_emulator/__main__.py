"""``connect-emulator`` (or ``python -m connect_emulator``): serve the emulator until SIGTERM or
SIGINT.

``connect-emulator prepare --stack S``: see :mod:`connect_emulator.prepare`.

Prints exactly one line to stdout, ``http://127.0.0.1:PORT``, once the port is
bound; logs go to stderr. Exit status 0 on a signal, 1 when it cannot start (port taken,
a state file another emulator serves, or one it cannot load: not strict JSON, of a newer
version, or with records that lack fields, each problem on its own ``FILE::$.path:
message`` line), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import signal
import sys
import textwrap
import threading
from pathlib import Path
from types import FrameType

from .models import DEFAULT_ACTIVE_TASK_QUOTA
from .server import EmulatorServer

__all__ = ["main"]


COMMANDS = {
    "prepare": (
        "--stack STACK [...]",
        "in a stack's folder, while the emulator runs: create an instance and a task flow and "
        "write their ids to Pulumi.<stack>.yaml",
    ),
}
"""The commands beside serving: {name: (its usage after the name, what it does)}. Each is run
by a module of its own, with a ``--help`` of its own."""


def _program_name() -> str:
    """What the user typed: the console script's name, or ``python -m connect_emulator``."""
    script = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    return "connect-emulator" if script == "connect-emulator" else "python -m connect_emulator"


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    prog = prog or _program_name()
    commands = "\n".join(
        textwrap.fill(text, 79, initial_indent=f"  {name:<10}", subsequent_indent=" " * 12)
        for name, (_, text) in COMMANDS.items()
    )
    parser = argparse.ArgumentParser(
        prog=prog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Local Amazon Connect emulator: serves the Connect API until SIGTERM or\n"
        "SIGINT and prints its URL, http://HOST:PORT, as the one line of stdout.",
        epilog=f"commands:\n{commands}\n\n`{prog} COMMAND --help` shows a command's options.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=0, help="port to bind; 0 picks a free one (default)"
    )
    parser.add_argument(
        "--no-throttle", action="store_true", help="turn off the AWS default rate limits"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for rate-based fault injection (default 0)"
    )
    parser.add_argument(
        "--state", metavar="FILE", help="load state from FILE at start, save it after each change"
    )
    parser.add_argument(
        "--active-task-quota",
        type=int,
        default=DEFAULT_ACTIVE_TASK_QUOTA,
        help=f"active tasks per instance (default {DEFAULT_ACTIVE_TASK_QUOTA})",
    )
    serve = parser.format_usage().removeprefix("usage: ").rstrip()
    others = [f"       {prog} {name} {usage}" for name, (usage, _) in COMMANDS.items()]
    parser.usage = "\n".join([serve, *others])
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the emulator (or its ``prepare`` command); returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["prepare"]:
        from .prepare import main as prepare

        return prepare(argv[1:])
    args = _parser().parse_args(argv)
    server = EmulatorServer(
        host=args.host,
        port=args.port,
        throttle=False if args.no_throttle else None,
        seed=args.seed,
        active_task_quota=args.active_task_quota,
        state_path=args.state,
    )
    try:
        server.start()
    except (OSError, ValueError) as error:
        print(f"connect_emulator: cannot start: {error}", file=sys.stderr)
        return 1
    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous = {signum: signal.signal(signum, _stop) for signum in (signal.SIGTERM, signal.SIGINT)}
    print(server.url, flush=True)
    try:
        while not stopping.wait(0.5):
            pass
    finally:
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
