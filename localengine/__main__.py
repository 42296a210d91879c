"""``python -m localengine {preview,up,refresh,destroy,outputs}``.

Every path is made absolute against the caller's current directory before anything
runs: the program runs in its own directory (``--cwd``), where a relative
``--state-dir`` would name another folder. Exit statuses are in ``_EPILOG``.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence

__all__ = ["main"]

_EPILOG = """\
exit status:
  0  success
  1  the operation failed: a resource step, a provider check or the program itself
     (outputs: NAME is not an output of the stack)
  2  usage or setup error: bad arguments, no Pulumi.yaml, a secure value in
     Pulumi.<stack>.yaml, no state for the stack (refresh, destroy, outputs), a state
     or key that cannot be read (not JSON, another shape, a newer format: the message
     names the file and each problem); or the stack is locked: another up, refresh or
     destroy of it is running (nothing was read or changed; preview and outputs take
     no lock)

lock:
  up, refresh and destroy hold <state-dir>/<stack>.lock while they run; it names the
  run (command, start time, user, host, pid). The lock belongs to that process and
  ends with it, even when it is killed: a lock left by a killed run is taken over
  by the next one, with a warning. To clear a lock, stop the process that holds it.

paths:
  --cwd, --state-dir and PYTHONPATH entries are taken from the current directory.
  The program and the provider server run in the program directory (--cwd), as with
  `pulumi up`, so a relative path inside a config value is one in that directory.

config:
  Pulumi.yaml's config defaults, then Pulumi.<stack>.yaml in the program directory
  (plain values; `secure:` values cannot be decrypted here), then --config.

environment:
  The program runs in this process and the provider server (python -m pulumi.dynamic)
  inherits this process's environment, plus PULUMI_PROJECT and the program directory
  first on PYTHONPATH. The Connect provider reads from it the AWS credentials
  (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN or AWS_PROFILE), the
  region when there is no aws:region config (AWS_REGION, then AWS_DEFAULT_REGION) and
  AWS_ENDPOINT_URL_CONNECT (e.g. the local emulator's URL). pulumi-aws's Connect lookups
  (aws.connect.get_contact_flow, get_quick_connect) are answered from that endpoint with
  the same credentials; without AWS_ENDPOINT_URL_CONNECT they fail (never sent to AWS).
"""

_COMMANDS = {
    "preview": "run the program; show what up would do (provider Check and Diff only, no change)",
    "up": "run the program and create, update, replace or delete resources to match it",
    "refresh": "read every resource of the state from the provider and record what changed",
    "destroy": "delete every resource of the state (the program does not run)",
}


def _config_pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError("expected KEY=VALUE")
    return key, value


def _subparser(commands: argparse._SubParsersAction, name: str, summary: str, description: str):
    return commands.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 86),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _add_state_options(sub: argparse.ArgumentParser, stack_help: str) -> None:
    sub.add_argument("--stack", required=True, help=stack_help + " (required)")
    sub.add_argument(
        "--state-dir",
        required=True,
        metavar="DIR",
        help="the folder of the state: <stack>.json, and .key, the key that encrypts its secret values, "
        "created by the first up; keep it private (required)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m localengine",
        description=textwrap.fill(
            "A local stand-in for the Pulumi engine: runs a Python Pulumi program in this process under "
            "Pulumi's mocks and drives its dynamic resources through the real provider server "
            "(python -m pulumi.dynamic). `python -m localengine COMMAND --help` describes each command.",
            86,
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary in _COMMANDS.items():
        sub = _subparser(commands, name, summary, summary[0].upper() + summary[1:] + ".")
        sub.add_argument(
            "--cwd",
            default=".",
            metavar="DIR",
            help="the program directory, holding Pulumi.yaml and Pulumi.<stack>.yaml (default: the current directory)",
        )
        _add_state_options(
            sub,
            "the stack: selects Pulumi.<stack>.yaml and the state file <state-dir>/<stack>.json",
        )
        sub.add_argument(
            "--config",
            action="append",
            default=[],
            type=_config_pair,
            metavar="KEY=VALUE",
            help="a config value for this run, repeatable; overrides Pulumi.<stack>.yaml; a KEY without "
            "namespace gets the project's (instanceId means <project>:instanceId). destroy uses the config "
            "of the last up instead",
        )
        sub.add_argument(
            "--parallel",
            type=int,
            default=8,
            metavar="N",
            help="at most N resources worked on at once (default: %(default)s)",
        )
        sub.add_argument(
            "--show-tracebacks",
            action="store_true",
            help="also print the provider's full traceback of each failed step, on stderr (default: only its message)",
        )
    sub = _subparser(
        commands,
        "outputs",
        "print the stack's exports as JSON, like `pulumi stack output --json`",
        "Print the stack's exports (pulumi.export) of the last up as one JSON object, like `pulumi stack "
        'output --json`; secret values print as "[secret]". Reads only the state, never the program.',
    )
    _add_state_options(sub, "the stack: selects the state file <state-dir>/<stack>.json")
    shown = sub.add_mutually_exclusive_group()
    shown.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help="print only this output: a string as it is, any other value as JSON (default: every output)",
    )
    shown.add_argument(
        "--resources",
        action="store_true",
        help="print the resources of the state instead, by URN: type, name, id, inputs and outputs "
        "(without the pickled provider)",
    )
    sub.add_argument(
        "--show-secrets",
        action="store_true",
        help="print secret values in clear, as `pulumi stack output --show-secrets` (needs <state-dir>/.key; "
        "default: [secret])",
    )
    return parser


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _outputs(args: argparse.Namespace) -> int:
    from .outputs import exports, resources, text
    from .state import StateStore

    store = StateStore(args.state_dir, args.stack)
    if not store.exists():
        return _error(f"no state for stack '{args.stack}' in {store.state_dir}")
    try:
        if args.resources:
            print(json.dumps(resources(store, args.show_secrets), indent=2, sort_keys=True))
            return 0
        values = exports(store, args.show_secrets)
    except (OSError, ValueError) as exn:
        return _error(str(exn))
    if args.name is None:
        print(json.dumps(values, indent=2, sort_keys=True))
        return 0
    if args.name not in values:
        names = ", ".join(sorted(values)) or "none"
        print(
            f"error: stack '{args.stack}' has no output '{args.name}' (its outputs: {names})",
            file=sys.stderr,
        )
        return 1
    print(text(values[args.name]))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "outputs":
        return _outputs(args)

    from .display import render
    from .engine import Engine, EngineError

    try:
        # The Engine makes --cwd and --state-dir absolute before the program runs.
        engine = Engine(
            args.cwd, args.stack, args.state_dir, dict(args.config), parallel=args.parallel
        )
        if args.command in ("refresh", "destroy") and not engine.store.exists():
            # As `pulumi destroy` on an unknown stack: an error, not an empty success that
            # leaves the resources of another --state-dir running.
            return _error(
                f"no state for stack '{args.stack}' in {engine.store.state_dir}: give the --state-dir of its up"
            )
        summary = getattr(engine, args.command)()
    except (EngineError, OSError, ValueError) as exn:
        return _error(str(exn))
    print("\n".join(render(summary)))
    if args.show_tracebacks:
        for step in summary.failed:
            if step.detail:
                print(f"\n{step.type} resource '{step.name}':\n{step.detail}", file=sys.stderr)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
