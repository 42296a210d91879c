"""The connect-tasks: stack config reaches the pacer in the real provider server."""

import time

import pytest

from localengine.server import ProviderError, ProviderServer
from tests.e2e.e2e_support import CREDENTIALS, Stack

pytestmark = pytest.mark.slow


def provider_server(tmp_path, url, **config):
    env = {**CREDENTIALS, "AWS_ENDPOINT_URL_CONNECT": url}
    return ProviderServer(tmp_path, "e2e", {"aws:region": "us-east-1", **config}, env=env)


def test_a_configured_rate_paces_the_creates(tmp_path, emulator, instance):
    config = {"connect-tasks:startTaskContactRate": "1", "connect-tasks:startTaskContactBurst": "1"}
    with provider_server(tmp_path, emulator.url, **config) as server:
        began = time.monotonic()
        for index in range(3):
            task = {
                "instance_id": instance["id"],
                "contact_flow_id": instance["flows"][0],
                "name": "Paced",
                "idempotency_key": f"pacing/{index}",
            }
            assert Stack(server).up(task) == "create"
        # One token, then one a second: the second and third creates wait a second each.
        assert time.monotonic() - began >= 1.9


def test_a_bad_rate_in_stack_config_names_the_key(tmp_path, emulator, instance):
    task = {"instance_id": instance["id"], "contact_flow_id": instance["flows"][0], "name": "Never"}
    with provider_server(
        tmp_path, emulator.url, **{"connect-tasks:startTaskContactRate": "fast"}
    ) as server:
        # The server configures a provider when it first unpickles it, at the first call.
        with pytest.raises(ProviderError) as caught:
            server.check({}, Stack.news(task))
    assert (
        "stack config: connect-tasks:startTaskContactRate must be a number of requests per second "
        "of at least 0.001, got 'fast'"
    ) in str(caught.value)
