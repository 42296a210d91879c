"""No test reaches AWS: fake credentials keep a request from acting on an account, and
tests/conftest.py keeps it from leaving this machine."""

import os

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError

from tests import conftest


def test_every_test_sees_fake_credentials_and_no_aws_files():
    session = boto3.session.Session()
    credentials = session.get_credentials()
    assert (credentials.access_key, credentials.secret_key, credentials.token) == (
        "testing",
        "testing",
        None,
    )
    assert session.region_name == "us-east-1"
    assert not os.path.exists(os.environ["AWS_CONFIG_FILE"])
    assert not os.path.exists(os.environ["AWS_SHARED_CREDENTIALS_FILE"])


def test_a_request_to_aws_is_refused_before_it_leaves_and_named():
    client = boto3.client(
        "connect", region_name="eu-west-2", config=Config(retries={"total_max_attempts": 1})
    )
    with pytest.raises(EndpointConnectionError):
        client.describe_instance(InstanceId="11111111-2222-3333-4444-555555555555")
    refused = list(conftest._REFUSED)
    conftest._REFUSED.clear()  # else this test would fail at its end, as any other would
    assert refused == [
        "https://connect.eu-west-2.amazonaws.com/instance/11111111-2222-3333-4444-555555555555"
    ]


def test_a_request_to_this_machine_goes_out():
    # Nothing listens on port 9: the request is sent, and the operating system refuses it.
    client = boto3.client(
        "connect",
        endpoint_url="http://127.0.0.1:9",
        region_name="us-east-1",
        config=Config(retries={"total_max_attempts": 1}),
    )
    with pytest.raises(EndpointConnectionError):
        client.list_instances()
    assert conftest._REFUSED == []
