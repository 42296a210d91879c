"""``connect-emulator prepare``: an instance and a task flow in a running emulator, written
into a stack's config.

A stack needs an instance id and a flow id before it can start a task. Against AWS they
come from the console or pulumi-aws; against the emulator this command makes them and
writes them to ``Pulumi.<stack>.yaml`` beside ``Pulumi.yaml`` (``aws:region``,
``<project>:instanceId``, ``<project>:contactFlowId``), where both the local engine and the
Pulumi CLI read them. Run it again: while the emulator still has them, the same ids are
kept, so the stack's tasks are not replaced.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import boto3
import yaml
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

__all__ = ["ensure_environment", "main"]

DEFAULT_URL = "http://127.0.0.1:4566"
FLOW_NAME = "Task intake"
# How long to wait for an emulator started a moment ago in the background.
WAIT_SECONDS = 10.0


def ensure_environment(
    client: Any, known: Mapping[str, str | None] | None, alias: str, flow_content: str
) -> dict[str, str]:
    """``{"instanceId", "contactFlowId"}``: ``known`` when both still exist, else new ones."""
    instance_id, flow_id = (known or {}).get("instanceId"), (known or {}).get("contactFlowId")
    if instance_id and flow_id:
        try:
            client.describe_instance(InstanceId=instance_id)
            client.describe_contact_flow(InstanceId=instance_id, ContactFlowId=flow_id)
            return {"instanceId": instance_id, "contactFlowId": flow_id}
        except client.exceptions.ResourceNotFoundException:
            pass
    instance = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=_free_alias(client, alias),
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    flow = client.create_contact_flow(
        InstanceId=instance["Id"],
        Name=FLOW_NAME,
        Type="CONTACT_FLOW",
        Content=flow_content,
    )
    return {"instanceId": instance["Id"], "contactFlowId": flow["ContactFlowId"]}


def _free_alias(client, alias: str) -> str:
    # Aliases are unique per Region; an instance whose flow is gone is left alone, not reused.
    pages = client.get_paginator("list_instances").paginate()
    taken = {i.get("InstanceAlias") for page in pages for i in page.get("InstanceSummaryList", [])}
    candidate, n = alias, 1
    while candidate in taken:
        n += 1
        candidate = f"{alias}-{n}"
    return candidate


def _wait_for(url: str, client, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            client.list_instances(MaxResults=1)
            return
        except EndpointConnectionError:
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"connect-emulator prepare: nothing answers at {url}; start the emulator first "
                    f"(connect-emulator --port 4566 &) or pass --url"
                ) from None
            time.sleep(0.2)


def _read_config(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(doc, dict):
        raise SystemExit(f"connect-emulator prepare: {path} is not a YAML mapping")
    return doc


def _project_name(directory: Path) -> str:
    path = directory / "Pulumi.yaml"
    if not path.exists():
        raise SystemExit(
            f"connect-emulator prepare: no Pulumi.yaml in {directory}; run it in the stack's folder"
        )
    name = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("name")
    if not isinstance(name, str) or not name:
        raise SystemExit(f"connect-emulator prepare: {path} has no name")
    return name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="connect-emulator prepare",
        description="Create an instance and a task flow in a running emulator and write their ids "
        "to Pulumi.<stack>.yaml (keeping its other keys).",
    )
    parser.add_argument(
        "--stack", required=True, help="the stack whose Pulumi.<stack>.yaml is written"
    )
    parser.add_argument(
        "--cwd", default=".", help="the stack's folder, holding Pulumi.yaml (default: here)"
    )
    parser.add_argument(
        "--url",
        help=f"the emulator (default: AWS_ENDPOINT_URL_CONNECT, else {DEFAULT_URL})",
    )
    parser.add_argument(
        "--region",
        help="the Region to create them in (default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    directory = Path(args.cwd).resolve()
    project = _project_name(directory)
    url = args.url or os.environ.get("AWS_ENDPOINT_URL_CONNECT") or DEFAULT_URL
    region = (
        args.region
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1"
    )
    # The emulator checks no signature; fake credentials keep boto3 from looking for real ones.
    client = boto3.client(
        "connect",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    from pulumi_connect_tasks.flows import TASK_INTAKE_FLOW

    path = directory / f"Pulumi.{args.stack}.yaml"
    doc = _read_config(path)
    config = doc.get("config") or {}
    known = {name: config.get(f"{project}:{name}") for name in ("instanceId", "contactFlowId")}
    try:
        _wait_for(url, client, WAIT_SECONDS)
        ids = ensure_environment(client, known, f"{project}-{args.stack}", TASK_INTAKE_FLOW)
    except (BotoCoreError, ClientError) as error:
        print(f"connect-emulator prepare: {error}", file=sys.stderr)
        return 1
    config.update({"aws:region": region, **{f"{project}:{k}": v for k, v in ids.items()}})
    doc["config"] = config
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    kept = "kept" if ids == known else "created"
    print(
        f"{path.name}: instance {ids['instanceId']} and flow {ids['contactFlowId']} ({kept}) in {region} at {url}"
    )
    return 0
