"""The offline walkthrough of docs/getting-started.md, run as written, so it cannot rot.

The blocks between ``<!-- walkthrough: offline -->`` and ``<!-- walkthrough: end -->`` are
turned into one bash script: a ``sh`` block is run as it is, a block after
``<!-- file: PATH -->`` is written to PATH, a block after ``<!-- walkthrough: skip -->`` is
left out (the install, done already for the interpreter running the tests). The script runs
in an empty folder and a clean environment, as a new user's shell: PATH with that
interpreter's scripts folder first (``.venv/bin`` after ``make install``), HOME, a locale and ``AWS_REGION`` only; the emulator's port 4566 is
replaced by a free one, so the test never meets another emulator.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WALKTHROUGH = REPO / "docs" / "getting-started.md"  # README.md links to it
MARK = re.compile(r"<!-- (walkthrough: \w+|file: [^ ]+) -->")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def walkthrough_script(readme: str) -> str:
    """The offline walkthrough of ``readme`` as a bash script."""
    start = readme.index("<!-- walkthrough: offline -->")
    end = readme.index("<!-- walkthrough: end -->", start)
    text, lines, pending = readme[start:end], [], None
    position = 0
    while True:
        fence = FENCE.search(text, position)
        if fence is None:
            break
        marks = MARK.findall(text, position, fence.start())
        pending = marks[-1] if marks else None
        body = fence.group(2)
        if pending == "walkthrough: skip":
            pass
        elif pending and pending.startswith("file: "):
            lines.append(f"cat > {pending[6:]} <<'WALKTHROUGH_EOF'\n{body}WALKTHROUGH_EOF")
        elif fence.group(1) == "sh":
            lines.append(body.rstrip("\n"))
        position = fence.end()
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_script_holds_every_step() -> None:
    script = walkthrough_script(WALKTHROUGH.read_text(encoding="utf-8"))
    for step in (
        "cat > Pulumi.yaml",
        "cat > __main__.py",
        "connect-emulator --port 4566",
        "connect-emulator prepare",
        "localengine up",
        "localengine outputs",
        "localengine destroy",
    ):
        assert step in script, step
    assert "make install" not in script  # the skipped block


@pytest.mark.slow  # runs the walkthrough in a shell, with the emulator
def test_the_offline_walkthrough_runs_as_written(tmp_path: Path) -> None:
    script = walkthrough_script(WALKTHROUGH.read_text(encoding="utf-8"))
    script = script.replace("4566", str(free_port()))
    # Whatever happens, the emulator the script put in the background is stopped.
    script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + script
    env = {
        "PATH": f"{sysconfig.get_path('scripts')}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "AWS_REGION": "us-east-1",
    }
    checkout = tmp_path / "checkout"  # the walkthrough starts in the checkout and goes beside it
    checkout.mkdir()
    run = subprocess.run(
        ["bash", "-c", script], cwd=checkout, env=env, capture_output=True, text=True, timeout=240
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    for line in (
        "Resources: 1 to create",
        "Resources: 1 created",
        "Resources: 1 unchanged",
        "Resources: 1 deleted",
    ):
        assert line in output, output
    assert '"description": "[secret]"' in output, output
    # The secret description is never printed, and the state of the destroyed stack is left.
    assert "Place a test task" not in output, output
    assert (tmp_path / "my-tasks" / ".state" / "dev.json").exists()


if __name__ == "__main__":  # print the script: python tests/readme/test_readme_walkthrough.py
    sys.stdout.write(walkthrough_script(WALKTHROUGH.read_text(encoding="utf-8")))
