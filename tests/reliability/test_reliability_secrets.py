"""Secret task attributes stay secret: not in the provider server's output, not in error
messages, not in the clear in the state file; and no credential in the serialized provider.
"""

from __future__ import annotations

import base64
import json

import pytest

import localengine.deployment
from localengine.display import render
from localengine.server import ProviderServer
from tests.reliability.reliability_support import TASK_TYPE, new_stack, post, task

pytestmark = pytest.mark.slow

SECRET_NAME = "Rotate vault key 7Q4ZK"
SECRET_DESCRIPTION = "Root password is hunter2-X9PL"
SECRET_ATTRIBUTE = "tok-5f1c93ab77"
OTHER_NAME = "Escalate incident 4KQW8"
OTHER_ATTRIBUTE = "tok-a84e20ffd1"
LONG_SECRET = "XSECRETLONGX" * 100  # 1,200 characters: too long for a Name (at most 1,024)
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "AKIARELIABILITY7Z3Q",
    "AWS_SECRET_ACCESS_KEY": "rel/Secret+Key9f8e7d6c5b4a3",
}
SECRETS = [
    SECRET_NAME,
    SECRET_DESCRIPTION,
    SECRET_ATTRIBUTE,
    OTHER_NAME,
    OTHER_ATTRIBUTE,
    "XSECRETLONGX",
]


def secret_task(index: int, name: str, attribute: str, description: str | None = None) -> dict:
    entry = task(index, name=name, attributes={"token": attribute})
    secret = ["name", "attributes"]
    if description is not None:
        entry["args"]["description"] = description
        secret.append("description")
    return {**entry, "secret": secret}


@pytest.fixture
def servers(monkeypatch):
    """Every provider server the engine starts, kept to read its stderr afterwards."""
    started: list[ProviderServer] = []

    class Recorded(ProviderServer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(localengine.deployment, "ProviderServer", Recorded)
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)  # the program's process pickles the provider
    return started


def leaks(text: str) -> list[str]:
    return [value for value in SECRETS + list(CREDENTIALS.values()) if value in text]


def test_reliability_secrets_stay_out_of_logs_state_and_provider(start_emulator, tmp_path, servers):
    emulator = start_emulator(throttle=False)
    stack = new_stack(
        emulator.url, tmp_path, [secret_task(0, SECRET_NAME, SECRET_ATTRIBUTE, SECRET_DESCRIPTION)]
    )

    summary = stack.engine(**CREDENTIALS).up()

    assert summary.ok and summary.counts == {"create": 1}
    [contact] = stack.contacts()  # the secrets did reach AWS, in the clear
    assert (contact["name"], contact["description"], contact["attributes"]) == (
        SECRET_NAME,
        SECRET_DESCRIPTION,
        {"token": SECRET_ATTRIBUTE},
    )
    raw = stack.engine().store.path.read_text()
    assert leaks(raw) == []
    [resource] = [r for r in json.loads(raw)["resources"].values() if r["type"] == TASK_TYPE]
    assert resource["secret_names"] == ["attributes", "description", "name"]
    assert resource["outputs"]["name"].keys() == {"secret"}
    provider = base64.b64decode(resource["outputs"]["__provider"])
    assert (
        b"pulumi_connect_tasks.task.provider" in provider
        and leaks(provider.decode("latin-1")) == []
    )
    loaded = stack.engine().store.load().resources
    assert [r.outputs["name"] for r in loaded.values()] == [SECRET_NAME]
    assert len(servers) == 1 and servers[0].process.returncode is not None
    assert leaks(servers[0].stderr_tail()) == []


def test_reliability_secrets_stay_out_of_error_messages(start_emulator, tmp_path, servers):
    emulator = start_emulator(throttle=False)
    # AWS answers with an error that echoes the request's values back.
    post(
        emulator.url,
        "/_emulator/faults",
        {
            "operation": "StartTaskContact",
            "kind": "error",
            "code": "InvalidParameterException",
            "rate": 1.0,
            "message": f"Name {OTHER_NAME} with attribute {OTHER_ATTRIBUTE} is not valid",
        },
    )
    stack = new_stack(
        emulator.url,
        tmp_path,
        [
            secret_task(1, OTHER_NAME, OTHER_ATTRIBUTE),
            secret_task(2, LONG_SECRET, OTHER_ATTRIBUTE),
        ],
    )

    summary = stack.engine(**CREDENTIALS).up()

    assert not summary.ok
    aws_error = summary.step("task-0001")
    assert aws_error.error.startswith(
        "pulumi_connect_tasks.common.errors.AwsCallError: StartTaskContact failed: InvalidParameterException: "
    )
    assert "AWS says: Name *** with attribute *** is not valid" in aws_error.error
    assert [(f.name, f.property) for f in summary.check_failures] == [("task-0002", "name")]
    texts = [aws_error.error, aws_error.detail, *map(str, summary.check_failures), *render(summary)]
    texts += [server.stderr_tail() for server in servers]
    assert [leaks(text) for text in texts] == [[]] * len(texts)
    assert leaks(stack.engine().store.path.read_text()) == []
