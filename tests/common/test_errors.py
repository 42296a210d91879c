"""AWS errors reach the user as one line: operation, code, what to do; never a sensitive value."""

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
)

from pulumi_connect_tasks.common.errors import translate


def client_error(code, message="", status=400, request_id="req-1"):
    return ClientError(
        {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"RequestId": request_id, "HTTPStatusCode": status},
        },
        "StartTaskContact",
    )


def test_translate_quota_error_says_it_is_not_retried():
    error = translate("StartTaskContact", client_error("ServiceQuotaExceededException", "", 402))
    assert str(error) == (
        "StartTaskContact failed: ServiceQuotaExceededException: a quota is reached (2,500 active "
        "tasks per instance, or 12 linked tasks in one PreviousContactId chain); not retried: end some tasks "
        "or request a quota increase (request id req-1)"
    )
    assert error.code == "ServiceQuotaExceededException"
    assert error.operation == "StartTaskContact"


def test_translate_not_found_names_what_to_check():
    error = translate(
        "StartTaskContact", client_error("ResourceNotFoundException", "Instance not found.", 404)
    )
    assert str(error) == (
        "StartTaskContact failed: ResourceNotFoundException: the instance, flow, quick connect, "
        "template or contact does not exist in this account and Region; check the ids and the "
        "region (AWS says: Instance not found; request id req-1)"
    )


def test_translate_masks_sensitive_values_in_aws_message():
    error = translate(
        "StartTaskContact",
        client_error("InvalidParameterException", "Name 'Secret project Zebra' is invalid"),
        sensitive=["Secret project Zebra"],
    )
    assert "Zebra" not in str(error)
    assert "Name '***' is invalid" in str(error)


def test_translate_throttling_names_the_deadline_and_the_rate_settings():
    error = translate("StartTaskContact", client_error("ThrottlingException", "Rate exceeded", 429))
    assert "raise connect-tasks:retryDeadline (CONNECT_TASKS_RETRY_DEADLINE)" in str(error)
    assert "connect-tasks:startTaskContactRate" in str(error)
    assert "AWS_MAX_ATTEMPTS" not in str(error)
    assert "\n" not in str(error)


def test_translate_unknown_code_keeps_aws_message():
    error = translate("UpdateContact", client_error("SomethingNewException", "odd"))
    assert str(error) == (
        "UpdateContact failed: SomethingNewException: the call failed; see AWS's message "
        "(AWS says: odd; request id req-1)"
    )


def test_translate_no_credentials():
    error = translate("StartTaskContact", NoCredentialsError())
    assert error.code == "NoCredentials"
    assert "set AWS_PROFILE" in str(error)


def test_translate_no_region():
    error = translate("CreateClient", NoRegionError())
    assert error.code == "NoRegion"
    assert str(error) == (
        "CreateClient failed: no AWS Region; set the region input, `pulumi config set aws:region <region>`, "
        "or AWS_REGION"
    )


def test_translate_no_region_with_the_callers_advice():
    error = translate(
        "CreateClient",
        NoRegionError(),
        advice={"NoRegion": "pass --region <region> or set AWS_REGION"},
    )
    assert (
        str(error) == "CreateClient failed: no AWS Region; pass --region <region> or set AWS_REGION"
    )


def test_translate_connection_error_names_the_endpoint_the_region_and_what_to_check():
    error = translate(
        "DescribeContact",
        EndpointConnectionError(endpoint_url="http://127.0.0.1:9/contacts/i/c"),
        region="eu-west-2",
    )
    assert error.code == "EndpointConnectionError"
    assert str(error) == (
        "DescribeContact failed: EndpointConnectionError: could not connect to http://127.0.0.1:9 (Region eu-west-2), "
        "so nothing was sent; check that the endpoint is up (the local emulator: `make emulator`), "
        "AWS_ENDPOINT_URL_CONNECT or AWS_ENDPOINT_URL, and the Region"
    )


def test_translate_connect_timeout_without_a_known_region():
    error = translate(
        "StartTaskContact",
        ConnectTimeoutError(endpoint_url="https://connect.us-east-1.amazonaws.com/contact/task"),
    )
    assert error.code == "ConnectTimeoutError"
    assert str(error).startswith(
        "StartTaskContact failed: ConnectTimeoutError: could not connect to https://connect.us-east-1.amazonaws.com, "
        "so nothing was sent; check"
    )


def test_translate_connection_closed_keeps_botocores_text():
    # The request may have run: this is not "could not connect".
    error = translate(
        "StartTaskContact", ConnectionClosedError(endpoint_url="http://127.0.0.1:9/contact/task")
    )
    assert str(error) == (
        "StartTaskContact failed: ConnectionClosedError: Connection was closed before we received a valid "
        'response from endpoint URL: "http://127.0.0.1:9/contact/task".'
    )
