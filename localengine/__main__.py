"""``python -m localengine {preview,up,refresh,destroy,outputs}``.

Exit status: 0 success, 1 the operation failed, 2 usage or setup error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _config_pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError("expected key=value")
    return key, value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m localengine", description="A local stand-in for the Pulumi engine.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("preview", "up", "refresh", "destroy"):
        sub = commands.add_parser(name)
        sub.add_argument("--cwd", required=True, help="the program directory (holds Pulumi.yaml)")
        sub.add_argument("--stack", required=True)
        sub.add_argument("--state-dir", required=True)
        sub.add_argument("--config", action="append", default=[], type=_config_pair, metavar="KEY=VALUE")
        sub.add_argument("--parallel", type=int, default=8)
        sub.add_argument("--show-tracebacks", action="store_true", help="print the provider's tracebacks")
    sub = commands.add_parser("outputs", help="print the state's resources as JSON, secrets as [secret]")
    sub.add_argument("--stack", required=True)
    sub.add_argument("--state-dir", required=True)
    return parser


def _outputs(stack: str, state_dir: str) -> int:
    from .state import StateStore

    state = StateStore(state_dir, stack).load(redact=True)
    doc = {
        urn: {"type": r.type, "name": r.name, "id": r.id, "inputs": r.inputs, "outputs": r.outputs}
        for urn, r in state.resources.items()
    }
    print(json.dumps(doc, indent=2, sort_keys=True))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "outputs":
        return _outputs(args.stack, args.state_dir)

    from .display import render
    from .engine import Engine, EngineError

    try:
        engine = Engine(args.cwd, args.stack, args.state_dir, dict(args.config), parallel=args.parallel)
        summary = getattr(engine, args.command)()
    except (EngineError, ValueError) as exn:
        print(f"error: {exn}", file=sys.stderr)
        return 2
    print("\n".join(render(summary)))
    if args.show_tracebacks:
        for step in summary.failed:
            if step.detail:
                print(f"\n{step.type} resource '{step.name}':\n{step.detail}", file=sys.stderr)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
