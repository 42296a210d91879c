"""The package's old name, ``dynamic_providers``, keeps working: state written before the
rename unpickles, and every import the README documented still resolves, to the very
objects of ``pulumi_connect_tasks``."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dynamic_providers
import pulumi_connect_tasks

# Taken from a state written by the package before the rename (commit 8278a48): what
# pulumi.dynamic's serialize_provider stored for each resource's __provider.
OLD_TASK_PROVIDER = (
    "gASVOQAAAAAAAACMGmR5bmFtaWNfcHJvdmlkZXJzLnByb3ZpZGVylIwTQ29ubmVjdFRhc2tQcm92aWRlcpSTlCmBlC4="
)
OLD_TEMPLATE_PROVIDER = "gASVSgAAAAAAAACMI2R5bmFtaWNfcHJvdmlkZXJzLnRlbXBsYXRlX3Byb3ZpZGVylIwbQ29ubmVjdFRhc2tUZW1wbGF0ZVByb3ZpZGVylJOUKYGULg=="


@pytest.mark.parametrize("old, new", sorted(dynamic_providers.MOVED.items()))
def test_every_old_module_path_is_the_module_that_replaced_it(old, new):
    assert importlib.import_module(f"dynamic_providers.{old}") is importlib.import_module(new)


def test_the_documented_imports_resolve_to_the_same_objects():
    from dynamic_providers import ConnectTask, ConnectTaskTemplate, TaskSet
    from dynamic_providers.provider import ConnectTaskProvider
    from dynamic_providers.taskset import TaskSet as OldTaskSet
    from dynamic_providers.template_provider import ConnectTaskTemplateProvider
    from dynamic_providers.validation import validate_start_task_contact
    from pulumi_connect_tasks.task.provider import ConnectTaskProvider as NewProvider
    from pulumi_connect_tasks.task.validation import validate_start_task_contact as new_validate
    from pulumi_connect_tasks.template.provider import (
        ConnectTaskTemplateProvider as NewTemplateProvider,
    )

    assert (ConnectTask, ConnectTaskTemplate, TaskSet) == (
        pulumi_connect_tasks.ConnectTask,
        pulumi_connect_tasks.ConnectTaskTemplate,
        pulumi_connect_tasks.TaskSet,
    )
    assert OldTaskSet is TaskSet
    assert ConnectTaskProvider is NewProvider and ConnectTaskTemplateProvider is NewTemplateProvider
    assert validate_start_task_contact is new_validate


def test_a_moved_module_keeps_its_own_name_and_spec():
    module = importlib.import_module("dynamic_providers.cli_start")
    assert module.__name__ == module.__spec__.name == "pulumi_connect_tasks.files.cli_start"
    # A relative import inside a function of the module still works after the old import.
    assert module.start_token("k", {}, "us-east-1", "i")


def test_an_unknown_old_name_is_an_import_error():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("dynamic_providers.no_such_module")
    with pytest.raises(AttributeError):
        dynamic_providers.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    "encoded, expected",
    [
        (OLD_TASK_PROVIDER, "pulumi_connect_tasks.task.provider ConnectTaskProvider"),
        (
            OLD_TEMPLATE_PROVIDER,
            "pulumi_connect_tasks.template.provider ConnectTaskTemplateProvider",
        ),
    ],
)
def test_a_provider_pickled_before_the_rename_unpickles_in_a_new_process(
    encoded, expected, tmp_path
):
    # As the provider server's get_provider does it, in a fresh interpreter.
    code = (
        "import base64, sys, dill\n"
        "p = dill.loads(base64.b64decode(sys.argv[1]))\n"
        "print(type(p).__module__, type(p).__name__)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", code, encoded],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


def test_python_m_of_an_old_module_runs_the_module_that_replaced_it(tmp_path):
    # The README once said `python -m dynamic_providers.aws_rules`; scripts may say `dynamic_providers.cli`.
    tasks = str(Path(__file__).resolve().parents[2] / "tasks")
    done = subprocess.run(
        [sys.executable, "-m", "dynamic_providers.cli", "validate", tasks],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok: 4 files valid"), done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "dynamic_providers.aws_rules"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.startswith("# botocore's documentation text"), (
        done.stderr
    )
