"""The plugin folder as Pulumi's Python language host uses it: install requirements.txt
into ``venv`` with pip running in the folder, then ``venv/bin/python <folder> <engine>``
from the program's folder, with nothing of this repository on the path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pulumi.runtime.proto import provider_pb2

from bench.plugin_seeding import PLUGIN
from tests.plugin.plugin_support import Plugin, Resource, clean_environment

_INSTALL_TIMEOUT = 900  # a hang guard: the install takes about 40 s here


def test_the_folder_declares_a_python_plugin():
    assert yaml.safe_load((PLUGIN / "PulumiPlugin.yaml").read_text()) == {"runtime": "python"}
    assert (PLUGIN / "__main__.py").is_file()
    lines = [
        line
        for line in (PLUGIN / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert lines == ["-c ../constraints.txt", ".."]  # this package, pinned as the repository pins


@pytest.mark.slow
def test_installed_as_the_language_host_installs_it_the_plugin_serves(tmp_path, emulator, instance):
    venv = tmp_path / "venv"  # the language host's is <plugin folder>/venv
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=_INSTALL_TIMEOUT)
    python = venv / "bin" / "python"
    for args in (["--upgrade", "pip", "setuptools", "wheel"], ["-r", "requirements.txt"]):
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *args],
            cwd=PLUGIN,
            check=True,
            timeout=_INSTALL_TIMEOUT,
        )
    found = subprocess.run(
        [
            str(python),
            "-c",
            "import pulumi_connect_tasks, sys; print(pulumi_connect_tasks.__file__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(found.stdout.strip()).is_relative_to(venv)  # installed, not read from the clone
    program = tmp_path / "program"
    program.mkdir()
    with Plugin(program, clean_environment(emulator.url), python=python) as plugin:
        schema = json.loads(plugin.stub.GetSchema(provider_pb2.GetSchemaRequest()).schema)
        assert schema["name"] == "connect-tasks"
        plugin.configure({"region": "us-east-1"})
        task = Resource(plugin, "from-the-venv")
        assert (
            task.up(
                {"instanceId": instance["id"], "contactFlowId": instance["flows"][0], "name": "n"}
            )
            == "created"
        )
        task.destroy()
