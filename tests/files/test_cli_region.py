"""``connect-tasks start`` finds its Region as the AWS CLI v2 does, in a clean environment.

Each test runs the command as a subprocess with only PATH, HOME, fake credentials, no AWS
config file and the emulator's endpoint, plus the region variables it names: the autouse
fixtures' AWS_DEFAULT_REGION never reaches it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import boto3
import pytest

from connect_emulator.prepare import ensure_environment

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
TASK = "tasks/onboarding-checklist.yaml"


def run_start(url: str, *argv: str, **region_variables: str) -> tuple[int, dict]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_ENDPOINT_URL_CONNECT": url,
        **region_variables,
    }
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_connect_tasks.files.cli", "start", TASK, *argv],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = json.loads(done.stdout)
    # stderr is a pipe: one plain progress line per task sent, nothing else.
    assert done.stderr == "".join(f"started 1/1 {TASK} {t['id']}\n" for t in out["data"]["tasks"])
    return done.returncode, out


def instance_in(url: str, region: str) -> tuple[str, str]:
    """An instance and a flow created in ``region`` (the emulator keeps instances per Region)."""
    client = boto3.client(
        "connect",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    ids = ensure_environment(client, None, f"cli-{region}", "{}")
    return ids["instanceId"], ids["contactFlowId"]


def ids(instance: tuple[str, str]) -> tuple[str, ...]:
    return ("--instance-id", instance[0], "--contact-flow-id", instance[1])


def calls(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "/_emulator/calls", timeout=5) as response:
        return json.loads(response.read())["calls"]


@pytest.fixture
def url(emulator) -> str:
    return emulator.url


def test_start_with_only_aws_region_starts_the_task_there(emulator, url):
    instance = instance_in(url, "eu-west-2")
    status, out = run_start(url, *ids(instance), AWS_REGION="eu-west-2")
    assert (status, out["success"]) == (0, True)
    assert emulator.backend.contacts[out["data"]["tasks"][0]["id"]].region == "eu-west-2"


def test_start_aws_region_beats_aws_default_region(emulator, url):
    instance = instance_in(url, "eu-west-2")
    status, out = run_start(
        url, *ids(instance), AWS_REGION="eu-west-2", AWS_DEFAULT_REGION="us-east-1"
    )
    assert status == 0
    assert emulator.backend.contacts[out["data"]["tasks"][0]["id"]].region == "eu-west-2"


def test_start_region_option_beats_both_variables(emulator, url):
    instance = instance_in(url, "ap-southeast-2")
    status, out = run_start(
        url,
        *ids(instance),
        "--region",
        "ap-southeast-2",
        AWS_REGION="eu-west-2",
        AWS_DEFAULT_REGION="us-east-1",
    )
    assert status == 0
    assert emulator.backend.contacts[out["data"]["tasks"][0]["id"]].region == "ap-southeast-2"


def test_start_with_only_aws_default_region_still_works(emulator, url):
    instance = instance_in(url, "ca-central-1")
    status, out = run_start(url, *ids(instance), AWS_DEFAULT_REGION="ca-central-1")
    assert status == 0
    assert emulator.backend.contacts[out["data"]["tasks"][0]["id"]].region == "ca-central-1"


def test_start_without_a_region_names_the_option_and_starts_nothing(emulator, url):
    instance = instance_in(url, "us-east-1")
    before = calls(url)
    status, out = run_start(url, *ids(instance))
    assert (status, out) == (
        1,
        {
            "success": False,
            "error": {
                "code": "NoRegion",
                "message": "CreateClient failed: no AWS Region; pass --region <region> or set AWS_REGION",
            },
            "data": {"tasks": []},
        },
    )
    assert calls(url) == before
    assert emulator.backend.contacts == {}
