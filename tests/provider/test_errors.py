"""AWS errors reach the user as one line: operation, code, what to do; never a sensitive value."""

from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, NoRegionError

from dynamic_providers.errors import translate


def client_error(code, message="", status=400, request_id="req-1"):
    return ClientError(
        {"Error": {"Code": code, "Message": message},
         "ResponseMetadata": {"RequestId": request_id, "HTTPStatusCode": status}},
        "StartTaskContact",
    )


def test_translate_quota_error_says_it_is_not_retried():
    error = translate("StartTaskContact", client_error("ServiceQuotaExceededException", "", 402))
    assert str(error) == (
        "StartTaskContact failed: ServiceQuotaExceededException: a quota is reached (2,500 active "
        "tasks per instance, or 12 tasks per PreviousContactId chain); not retried: end some tasks "
        "or request a quota increase (request id req-1)"
    )
    assert error.code == "ServiceQuotaExceededException"
    assert error.operation == "StartTaskContact"


def test_translate_not_found_names_what_to_check():
    error = translate("StartTaskContact", client_error("ResourceNotFoundException", "Instance not found.", 404))
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


def test_translate_throttling_suggests_lower_parallelism():
    error = translate("StartTaskContact", client_error("ThrottlingException", "Rate exceeded", 429))
    assert "lower `pulumi up --parallel`" in str(error)
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
    assert "pulumi config set aws:region" in str(translate("StartTaskContact", NoRegionError()))


def test_translate_connection_error_names_the_endpoint():
    error = translate("DescribeContact", EndpointConnectionError(endpoint_url="http://127.0.0.1:9"))
    assert str(error) == (
        'DescribeContact failed: EndpointConnectionError: Could not connect to the endpoint URL: '
        '"http://127.0.0.1:9"'
    )
