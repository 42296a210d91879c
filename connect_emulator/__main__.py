"""``python -m connect_emulator``: serve the emulator until SIGTERM or SIGINT.

``python -m connect_emulator prepare --stack S``: see :mod:`connect_emulator.prepare`.

Prints exactly one line to stdout, ``http://127.0.0.1:PORT``, once the port is
bound; logs go to stderr. Exit status 0 on a signal, 1 when it cannot start (port taken,
a state file it cannot load: not strict JSON, of a newer version, or with records that
lack fields, each problem on its own ``FILE::$.path: message`` line), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from .models import DEFAULT_ACTIVE_TASK_QUOTA
from .server import EmulatorServer

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m connect_emulator",
        description="Local Amazon Connect emulator. `prepare --stack S` (in a stack's folder, while it "
        "runs) creates an instance and a task flow and writes them to Pulumi.<stack>.yaml.",
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
