"""The restJson1 wire protocol: routing, error rendering, regions, endpoint configuration."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError

from connect_emulator import exceptions
from connect_emulator.responses import credential_scope

from .conftest import sigv4_headers


def _raw(
    url: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    sign: bool = True,
) -> tuple[int, dict[str, str], Any]:
    """One request over urllib, signed with botocore's SigV4 signer unless ``sign`` is False."""
    signature = sigv4_headers(method, url + path, body) if sign else {}
    request = urllib.request.Request(
        url + path, data=body, method=method, headers={**signature, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_error_response_has_error_type_header_and_message_body(server: Any) -> None:
    status, headers, body = _raw(server.url, "GET", "/instance/missing")
    assert status == 404
    assert headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert body == {"message": "Instance not found: missing"}


def test_unknown_route_is_unknown_operation_404(server: Any) -> None:
    status, headers, body = _raw(server.url, "GET", "/no/such/route")
    assert (status, headers["x-amzn-ErrorType"]) == (404, "UnknownOperationException")
    assert body == {"message": "No Amazon Connect operation is routed at GET /no/such/route"}


def test_unsupported_operation_is_not_implemented_501(client: Any, instance_id: str) -> None:
    with pytest.raises(ClientError) as caught:
        client.create_user_hierarchy_group(InstanceId=instance_id, Name="g")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert caught.value.response["Error"] == {
        "Code": "NotImplementedException",
        "Message": "The Connect emulator does not implement operation CreateUserHierarchyGroup",
    }


def test_unsupported_operation_counted_in_calls(client: Any, server: Any, instance_id: str) -> None:
    with pytest.raises(ClientError):
        client.list_queues(InstanceId=instance_id)
    assert server.app.calls.describe()["calls"]["ListQueues"] == 1


def test_body_not_json_is_serialization_exception(server: Any) -> None:
    status, headers, body = _raw(
        server.url,
        "PUT",
        "/contact/task",
        body=b"{broken",
        headers={"Content-Type": "application/json"},
    )
    assert (status, headers["x-amzn-ErrorType"], body) == (
        400,
        "SerializationException",
        {"message": "The request body is not valid JSON"},
    )


def test_body_not_object_is_serialization_exception(server: Any) -> None:
    status, headers, _ = _raw(server.url, "PUT", "/contact/task", body=b"[1]")
    assert (status, headers["x-amzn-ErrorType"]) == (400, "SerializationException")


def test_wrong_member_type_is_invalid_parameter(
    server: Any, instance_id: str, flow_id: str
) -> None:
    body = json.dumps({"InstanceId": instance_id, "ContactFlowId": flow_id, "Name": 5}).encode()
    status, headers, payload = _raw(server.url, "PUT", "/contact/task", body=body)
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidParameterException")
    assert payload == {
        "message": "1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must be a string"
    }


def test_request_without_authorization_is_403_missing_authentication_token(server: Any) -> None:
    body = json.dumps(
        {
            "IdentityManagementType": "CONNECT_MANAGED",
            "InstanceAlias": "raw",
            "InboundCallsEnabled": True,
            "OutboundCallsEnabled": True,
        }
    )
    status, headers, payload = _raw(server.url, "PUT", "/instance", body=body.encode(), sign=False)
    assert (status, headers["x-amzn-ErrorType"], payload) == (
        403,
        "MissingAuthenticationTokenException",
        {"message": "Missing Authentication Token"},
    )
    assert server.backend.instances == {}
    assert server.app.calls.describe()["calls"] == {}


def test_unknown_route_without_authorization_is_403(server: Any) -> None:
    status, headers, _ = _raw(server.url, "GET", "/no/such/route", sign=False)
    assert (status, headers["x-amzn-ErrorType"]) == (403, "MissingAuthenticationTokenException")


def test_authorization_not_sigv4_is_403_incomplete_signature(server: Any) -> None:
    status, headers, payload = _raw(
        server.url, "GET", "/instance", headers={"Authorization": "Bearer secret-token"}, sign=False
    )
    assert (status, headers["x-amzn-ErrorType"]) == (403, "IncompleteSignatureException")
    assert payload == {"message": "Authorization header must use the AWS4-HMAC-SHA256 algorithm."}


def test_authorization_without_signature_or_date_names_each_missing_part(server: Any) -> None:
    header = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/connect/aws4_request"
    status, headers, payload = _raw(
        server.url, "GET", "/instance", headers={"Authorization": header}, sign=False
    )
    assert (status, headers["x-amzn-ErrorType"]) == (403, "IncompleteSignatureException")
    assert payload == {
        "message": "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
    }


def test_incomplete_signature_message_never_repeats_the_header(server: Any) -> None:
    header = "AWS4-HMAC-SHA256 Credential=secret-key/2026/nowhere, SignedHeaders=host, Signature=secret-signature"
    status, _, payload = _raw(
        server.url,
        "GET",
        "/instance",
        headers={"Authorization": header, "X-Amz-Date": "20260101T000000Z"},
        sign=False,
    )
    assert (status, payload) == (
        403,
        {"message": "Credential must be KEY/YYYYMMDD/REGION/SERVICE/aws4_request."},
    )


def test_presigned_query_string_is_signed(server: Any) -> None:
    query = (
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=presigner%2F20260101%2Feu-west-2%2Fconnect%2Faws4_request"
        "&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abc"
    )
    status, _, payload = _raw(server.url, "GET", "/instance?" + query, sign=False)
    assert (status, payload) == (200, {"InstanceSummaryList": []})
    assert server.app.requests.describe()["requests"]["ListInstances"][0]["region"] == "eu-west-2"


@pytest.mark.parametrize(
    "query, named",
    [
        (
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=presigner%2F20260101%2Feu-west-2%2Fconnect%2Faws4_request"
            "&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host",
            "X-Amz-Signature",
        ),
        (
            "X-Amz-Algorithm=AWS4-HMAC-SHA1&X-Amz-Credential=presigner%2F2026%2Fnowhere"
            "&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abc",
            "X-Amz-Algorithm and X-Amz-Credential",
        ),
    ],
)
def test_presigned_query_string_not_sigv4_is_403_incomplete_signature(
    server: Any, query: str, named: str
) -> None:
    status, headers, payload = _raw(server.url, "GET", "/instance?" + query, sign=False)
    assert (status, headers["x-amzn-ErrorType"]) == (403, "IncompleteSignatureException")
    assert payload == {"message": f"A presigned request needs valid {named} query parameters."}
    assert server.app.calls.describe()["calls"] == {}


def test_inspection_needs_no_authorization(server: Any) -> None:
    status, _, payload = _raw(server.url, "GET", "/_emulator/clock", sign=False)
    assert status == 200 and "now" in payload


def test_credential_scope_reads_the_region() -> None:
    header = "AWS4-HMAC-SHA256 Credential=testing/20260101/ap-southeast-2/connect/aws4_request, SignedHeaders=host, Signature=abc"
    assert credential_scope(header)[1] == "ap-southeast-2"
    assert credential_scope(None)[1] == "us-east-1"


def test_endpoint_from_aws_endpoint_url_connect(
    server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.url)
    client = boto3.client("connect", region_name="us-east-1")
    created = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="env",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )
    assert client.describe_instance(InstanceId=created["Id"])["Instance"]["InstanceAlias"] == "env"


def test_percent_encoded_path_label_is_decoded(server: Any, instance_id: str) -> None:
    status, _, body = _raw(server.url, "GET", f"/contacts/{instance_id}/a%2Fb")
    assert (status, body) == (404, {"message": "Contact not found: a/b"})


def test_modeled_error_statuses_match_botocore() -> None:
    model = botocore.session.get_session().get_service_model("connect")
    for name in (
        "InvalidRequestException",
        "InvalidParameterException",
        "InvalidContactFlowException",
        "PropertyValidationException",
        "ServiceQuotaExceededException",
        "ResourceNotFoundException",
        "DuplicateResourceException",
        "LimitExceededException",
        "ThrottlingException",
        "InternalServiceException",
    ):
        assert (
            exceptions.error_class(name).status
            == model.shape_for(name).metadata["error"]["httpStatusCode"]
        ), name


def test_response_timestamps_are_epoch_numbers(
    server: Any, start_task: Any, instance_id: str
) -> None:
    contact_id = start_task()
    status, _, body = _raw(server.url, "GET", f"/contacts/{instance_id}/{contact_id}")
    assert status == 200
    assert isinstance(body["Contact"]["InitiationTimestamp"], float)
