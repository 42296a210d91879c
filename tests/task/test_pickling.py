"""The provider is pickled into state: small, by reference, loadable in a fresh process."""

import base64
import os
import subprocess
import sys

import pytest
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_connect_tasks.task.provider import ConnectTaskProvider

pytestmark = pytest.mark.slow


def test_serialized_provider_is_small_and_by_reference():
    encoded = serialize_provider(ConnectTaskProvider())
    raw = base64.b64decode(encoded)
    assert len(raw) < 512
    assert b"pulumi_connect_tasks.task.provider" in raw
    assert b"ConnectTaskProvider" in raw
    # By reference: no code objects travel with it.
    assert b"co_code" not in raw and b"_create_code" not in raw


def test_serialized_provider_holds_no_credentials(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing-fake-access-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "very-secret-value-xyz")
    raw = base64.b64decode(serialize_provider(ConnectTaskProvider()))
    for secret in (b"testing-fake-access-key-id", b"very-secret-value-xyz", b"testing"):
        assert secret not in raw


def test_serialized_provider_unpickles_in_a_fresh_process(tmp_path):
    encoded = serialize_provider(ConnectTaskProvider())
    code = (
        "import base64, sys, dill\n"
        "p = dill.loads(base64.b64decode(sys.argv[1]))\n"
        "print(type(p).__module__, type(p).__name__, sorted(vars(p)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, encoded],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
        check=True,
    )
    assert done.stdout.strip() == "pulumi_connect_tasks.task.provider ConnectTaskProvider []"


def test_importing_the_package_builds_no_client_and_no_session():
    code = (
        "import boto3, dynamic_providers, pulumi_connect_tasks.common.aws as aws\n"
        "print(len(aws._clients), boto3.DEFAULT_SESSION)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0 None"
