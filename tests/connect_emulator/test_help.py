"""``connect-emulator --help``: the name the user typed, and every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from connect_emulator.__main__ import COMMANDS, main


def help_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv0: str
) -> str:
    monkeypatch.setattr(sys, "argv", [argv0, "--help"])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_of_the_console_script_calls_it_connect_emulator_and_lists_prepare(
    capsys, monkeypatch
):
    out = help_text(capsys, monkeypatch, "/venv/bin/connect-emulator")
    assert out.startswith("usage: connect-emulator [-h] [--host HOST]")
    assert "\n       connect-emulator prepare --stack STACK [...]\n" in out
    assert "\ncommands:\n  prepare   in a stack's folder, while the emulator runs:" in out
    assert "`connect-emulator COMMAND --help` shows a command's options." in out
    assert "python -m" not in out


def test_help_under_python_m_calls_it_so(capsys, monkeypatch):
    out = help_text(capsys, monkeypatch, "/repo/connect_emulator/__main__.py")
    assert out.startswith("usage: python -m connect_emulator [-h]")
    assert "\n       python -m connect_emulator prepare --stack STACK [...]\n" in out


def test_help_lists_every_command(capsys, monkeypatch):
    out = help_text(capsys, monkeypatch, "connect-emulator")
    listed = out[out.index("\ncommands:\n") :].splitlines()[2:]
    names = [line.split()[0] for line in listed if line[:3].strip() and line.startswith("  ")]
    assert names == list(COMMANDS)


def test_the_installed_console_script_prints_that_help():
    script = Path(sys.executable).with_name("connect-emulator")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("usage: connect-emulator ")
    assert "connect-emulator prepare --stack STACK" in done.stdout
