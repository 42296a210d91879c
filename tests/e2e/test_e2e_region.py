"""The Region through the real provider server, as pulumi-aws finds it: the region input,
aws:region, AWS_REGION, AWS_DEFAULT_REGION.

Each test starts its own server with the region variables it names and removes the
autouse fixture's AWS_DEFAULT_REGION first, so a user with only AWS_REGION is not hidden.
"""

import uuid

import boto3
import pytest

from connect_emulator.prepare import ensure_environment
from localengine.server import ProviderError, ProviderServer
from tests.e2e.e2e_support import CREDENTIALS, Stack, aws_calls, contacts

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def no_region_variables(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)


def provider_server(tmp_path, url, config=None, **region_variables):
    env = {
        **CREDENTIALS,
        "AWS_ENDPOINT_URL_CONNECT": url,
        "AWS_MAX_ATTEMPTS": "4",
        **region_variables,
    }
    return ProviderServer(tmp_path, "e2e", config or {}, env=env)


def task_in(url, instance_region, **extra):
    """Inputs of a task on a new instance and flow in ``instance_region`` (the emulator keeps
    instances per Region, so a call to another Region does not find it)."""
    client = boto3.client(
        "connect",
        endpoint_url=url,
        region_name=instance_region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    created = ensure_environment(client, None, f"e2e-region-{uuid.uuid4().hex[:12]}", "{}")
    instance_id, flow_id = created["instanceId"], created["contactFlowId"]
    return {
        "instance_id": instance_id,
        "contact_flow_id": flow_id,
        "name": "Check the region",
        **extra,
    }


def region_of(url, contact_id):
    return next(c["region"] for c in contacts(url) if c["id"] == contact_id)


def test_only_aws_region_creates_the_task_there_and_records_it(tmp_path, emulator):
    with provider_server(tmp_path, emulator.url, AWS_REGION="eu-west-2") as server:
        stack = Stack(server)
        assert (
            stack.up(task_in(emulator.url, "eu-west-2", idempotency_key="region/aws-region"))
            == "create"
        )
        assert stack.outputs["aws_region"] == "eu-west-2"
        assert region_of(emulator.url, stack.id) == "eu-west-2"
        assert stack.refresh() == stack.id
        stack.destroy()


def test_no_region_anywhere_says_what_to_set_and_calls_nothing(tmp_path, emulator):
    task = task_in(emulator.url, "us-east-1", idempotency_key="region/none")
    before = aws_calls(emulator.url)
    with provider_server(tmp_path, emulator.url) as server:
        with pytest.raises(ProviderError) as caught:
            Stack(server).up(task)
    assert caught.value.message == (
        "pulumi_connect_tasks.common.errors.AwsCallError: CreateClient failed: no AWS Region; set the region input, "
        "`pulumi config set aws:region <region>`, or AWS_REGION"
    )
    assert aws_calls(emulator.url) == before


def test_aws_region_beats_aws_default_region(tmp_path, emulator):
    with provider_server(
        tmp_path, emulator.url, AWS_REGION="eu-west-2", AWS_DEFAULT_REGION="us-east-1"
    ) as server:
        stack = Stack(server)
        stack.up(task_in(emulator.url, "eu-west-2", idempotency_key="region/precedence"))
        assert stack.outputs["aws_region"] == region_of(emulator.url, stack.id) == "eu-west-2"


def test_config_beats_the_variables_and_the_region_input_beats_config(tmp_path, emulator):
    config = {"aws:region": "ap-southeast-2"}
    variables = {"AWS_REGION": "eu-west-2", "AWS_DEFAULT_REGION": "us-east-1"}
    with provider_server(tmp_path, emulator.url, config, **variables) as server:
        from_config = Stack(server)
        from_config.up(task_in(emulator.url, "ap-southeast-2", idempotency_key="region/config"))
        assert (
            from_config.outputs["aws_region"]
            == region_of(emulator.url, from_config.id)
            == "ap-southeast-2"
        )
        from_input = Stack(server)
        from_input.up(
            task_in(
                emulator.url, "ca-central-1", region="ca-central-1", idempotency_key="region/input"
            )
        )
        assert (
            from_input.outputs["aws_region"]
            == region_of(emulator.url, from_input.id)
            == "ca-central-1"
        )
