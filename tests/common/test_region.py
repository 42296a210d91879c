"""The Region, in pulumi-aws's order: explicit, AWS_REGION, AWS_DEFAULT_REGION, the profile's.

The autouse fixture sets AWS_DEFAULT_REGION; every test here builds its region variables
by hand, so a user who has only AWS_REGION is not hidden.
"""

import pytest

from pulumi_connect_tasks.common import aws
from pulumi_connect_tasks.common.errors import AwsCallError


@pytest.fixture
def no_region(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)


@pytest.fixture
def config_file(monkeypatch, tmp_path):
    path = tmp_path / "config"
    path.write_text("[default]\nregion = eu-north-1\n\n[profile ops]\nregion = ap-south-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(path))
    return path


def test_resolve_region_aws_region_alone(no_region, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    assert aws.resolve_region(None, None) == "eu-west-2"


def test_resolve_region_aws_region_beats_aws_default_region(no_region, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    assert aws.resolve_region(None, None) == "eu-west-2"


def test_resolve_region_explicit_beats_both_variables(no_region, monkeypatch, config_file):
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    assert aws.resolve_region("ap-southeast-2", "ops") == "ap-southeast-2"


def test_resolve_region_aws_default_region_beats_the_config_file(
    no_region, monkeypatch, config_file
):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    assert aws.resolve_region(None, "ops") == "us-east-1"


def test_resolve_region_falls_back_to_the_profiles_region(no_region, monkeypatch, config_file):
    assert aws.resolve_region(None, "ops") == "ap-south-1"
    assert aws.resolve_region(None, None) == "eu-north-1"
    monkeypatch.setenv("AWS_PROFILE", "ops")
    assert aws.resolve_region(None, None) == "ap-south-1"


def test_resolve_region_empty_variable_counts_as_unset(no_region, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    assert aws.resolve_region("", None) == "us-west-2"


def test_resolve_region_none_when_nothing_names_one(no_region):
    assert aws.resolve_region(None, None) is None


def test_client_for_uses_the_resolved_region(no_region, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    assert aws.client_for(None, None).meta.region_name == "eu-west-2"
    monkeypatch.setenv("AWS_REGION", "ca-central-1")
    assert aws.client_for(None, None).meta.region_name == "ca-central-1"
    assert aws.client_for("sa-east-1", None).meta.region_name == "sa-east-1"


def test_client_for_without_region_says_what_to_set(no_region):
    with pytest.raises(AwsCallError) as caught:
        aws.client_for(None, None)
    assert caught.value.code == "NoRegion"
    assert str(caught.value) == (
        "CreateClient failed: no AWS Region; set the region input, "
        "`pulumi config set aws:region <region>`, or AWS_REGION"
    )


def test_client_for_without_region_takes_the_callers_advice(no_region):
    with pytest.raises(AwsCallError) as caught:
        aws.client_for(None, None, advice={"NoRegion": "pass --region <region> or set AWS_REGION"})
    assert (
        str(caught.value)
        == "CreateClient failed: no AWS Region; pass --region <region> or set AWS_REGION"
    )


def test_client_for_unknown_profile_is_named(no_region):
    with pytest.raises(AwsCallError) as caught:
        aws.client_for(None, "no-such-profile")
    assert caught.value.code == "ProfileNotFound"
