"""Fixtures of the TaskSet tests: fake AWS credentials, Pulumi mocks that record resources."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def taskset_fake_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here can reach AWS (under mocks none should try): fake credentials, no profile."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")


TASK_TYPE = "pulumi-python:dynamic/connect:Task"


class RecordingMocks(pulumi.runtime.Mocks):
    """Every resource registered (components included), in order, with its inputs as
    outputs; a task's contact_id is "<name>-contact" (what a PreviousTask link takes)."""

    def __init__(self) -> None:
        self.resources: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.resources.append(args)
        outputs = dict(args.inputs)
        if args.typ == TASK_TYPE:
            outputs["contact_id"] = f"{args.name}-contact"
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


@pytest.fixture
def mocks() -> RecordingMocks:
    recorder = RecordingMocks()
    pulumi.runtime.set_mocks(recorder, project="connect-tasks", stack="dev", preview=False)
    return recorder


@pytest.fixture
def repo() -> Path:
    return REPO
