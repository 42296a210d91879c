"""Fixtures: an emulator on a free loopback port, boto3 clients for it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from connect_emulator import Clock, EmulatorServer
from connect_emulator.__main__ import main as emulator_main

# Re-exported: the test modules of this folder import them from here.
from tests.emulator_support import FLOW_CONTENT as FLOW_CONTENT
from tests.emulator_support import instance_and_flow as instance_and_flow

FIELDS = [
    {"Id": {"Name": "Name"}, "Type": "NAME"},
    {"Id": {"Name": "Description"}, "Type": "DESCRIPTION"},
    {"Id": {"Name": "Severity"}, "Type": "NUMBER", "Description": "1 (low) to 5"},
    {"Id": {"Name": "Runbook"}, "Type": "URL"},
    {
        "Id": {"Name": "Area"},
        "Type": "SINGLE_SELECT",
        "SingleSelectOptions": ["network", "storage"],
    },
    {"Id": {"Name": "Transfer"}, "Type": "QUICK_CONNECT"},
]


_SESSIONS: list[boto3.session.Session] = []


def make_client(
    url: str, region: str = "us-east-1", validate: bool = True, key: str = "testing"
) -> Any:
    """A connect client for the emulator; no retries, so every call is one request.

    ``key`` is the access key id, which the emulator throttles as one account.
    Clients share one boto3 session so the service model is loaded once.
    """
    if not _SESSIONS:
        _SESSIONS.append(boto3.session.Session())
    return _SESSIONS[0].client(
        "connect",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 1}, parameter_validation=validate),
    )


class FakeMonotonic:
    """A monotonic clock that moves only when a test sets ``now``."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def outcomes(call: Any, client: Any, count: int) -> list[str]:
    """Call ``count`` times: "ok", or "throttled" for a 429 ThrottlingException "Rate exceeded"."""
    results = []
    for _ in range(count):
        try:
            call()
            results.append("ok")
        except client.exceptions.ThrottlingException as error:
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 429
            assert error.response["Error"]["Message"] == "Rate exceeded"
            results.append("throttled")
    return results


GUARD_SECONDS = 10


def refused_start(argv: list[str]) -> int:
    """``connect_emulator.__main__.main(argv)`` for a start it must refuse: its exit status.

    A hang guard: had it started, main would serve until a signal, and the test would hang
    rather than fail. After GUARD_SECONDS an alarm stops it with an AssertionError instead.
    """

    def serving(signum: int, frame: Any) -> None:
        raise AssertionError(f"connect_emulator {' '.join(argv)} started serving")

    previous = signal.signal(signal.SIGALRM, serving)
    signal.alarm(GUARD_SECONDS)
    try:
        return emulator_main(argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def required(*names: str) -> dict[str, Any]:
    """Task template Constraints whose RequiredFields are the NAME field "Name" and ``names``."""
    return {"RequiredFields": [{"Id": {"Name": name}} for name in ("Name", *names)]}


def sigv4_headers(
    method: str, url: str, body: bytes | None = None, region: str = "us-east-1"
) -> dict[str, str]:
    """Authorization, X-Amz-Date and the rest botocore's SigV4 signer adds for this request (key "testing")."""
    request = AWSRequest(method=method, url=url, data=body or b"")
    SigV4Auth(Credentials("testing", "testing"), "connect", region).add_auth(request)
    return dict(request.headers.items())


def emulator(url: str, path: str, body: Any = None) -> tuple[int, Any]:
    """GET (body None) or POST a /_emulator endpoint; (status, JSON)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url + path, data=data, method="GET" if body is None else "POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@contextmanager
def cli(*args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``python -m connect_emulator --port 0 ARGS``: (its first stdout line, the process); SIGTERM at exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "connect_emulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        yield line, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def stored_contacts(url: str) -> list[dict[str, Any]]:
    """Every contact the emulator holds, read over HTTP from /_emulator/contacts."""
    status, data = emulator(url, "/_emulator/contacts")
    assert status == 200
    return data["contacts"]


@pytest.fixture(scope="session")
def shared_server() -> Iterator[EmulatorServer]:
    """One emulator for the session; ``server`` resets it before each test."""
    with EmulatorServer(clock=Clock(), throttle=False) as running:
        yield running


@pytest.fixture
def server(shared_server: EmulatorServer) -> EmulatorServer:
    """An emulator without throttling (throttling has its own tests), fresh state, clock at real time."""
    status, _ = emulator(shared_server.url, "/_emulator/reset", {})
    assert status == 200
    return shared_server


@pytest.fixture
def clock(server: EmulatorServer) -> Clock:
    """The emulator's task clock."""
    return server.clock


@pytest.fixture(scope="session")
def _clients(shared_server: EmulatorServer) -> dict[bool, Any]:
    # Built before any test's autouse fixture, in the fake environment that tests/conftest.py
    # sets for the whole run.
    return {
        True: make_client(shared_server.url),
        False: make_client(shared_server.url, validate=False),
    }


@pytest.fixture
def client(server: EmulatorServer, _clients: dict[bool, Any]) -> Any:
    return _clients[True]


@pytest.fixture
def raw_client(server: EmulatorServer, _clients: dict[bool, Any]) -> Any:
    """A client that sends what it is given: no client-side parameter validation."""
    return _clients[False]


@pytest.fixture
def connect(client: Any) -> Any:
    """``client`` under the name that tests/conftest.py's ``instance_id`` and ``flow_id``
    create their instance and flow with."""
    return client


@pytest.fixture
def start_task(client: Any, instance_id: str, flow_id: str) -> Any:
    """start_task(**overrides) -> ContactId, with a flow and a name unless overridden."""

    def start(**overrides: Any) -> str:
        request = {"InstanceId": instance_id, "ContactFlowId": flow_id, "Name": "Call back"}
        request.update(overrides)
        request = {key: value for key, value in request.items() if value is not None}
        return client.start_task_contact(**request)["ContactId"]

    return start


@pytest.fixture
def make_template(client: Any, instance_id: str) -> Any:
    """make_template(**members) -> TaskTemplateId: FIELDS, "Name" required, name "Incident", no flow, unless overridden."""

    def make(**members: Any) -> str:
        request = {
            "InstanceId": instance_id,
            "Name": "Incident",
            "Fields": FIELDS,
            "Constraints": required(),
            **members,
        }
        return client.create_task_template(**{k: v for k, v in request.items() if v is not None})[
            "Id"
        ]

    return make
