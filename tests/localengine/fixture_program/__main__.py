"""Declares the items listed in stack config ``le-fixture:spec`` (a JSON list).

Each entry: {"name", "props", optional "upstream" (name of another item: its remote_id
becomes this item's ``upstream``), "secret" (list of prop names to pass as secrets),
"parent": "group" (child of the Group component), "export" (list of the item's output
names: exported as {name: value} under the item's name)}. Also declares a mocked, non-dynamic
``aws:s3/bucket:Bucket`` (tagged with the caller's account, from a mocked invoke) when
config ``le-fixture:bucket`` is set.
"""

import json

import pulumi
from fixture_provider import Item

config = pulumi.Config()
group = None
items: dict[str, Item] = {}
for entry in json.loads(config.require("spec")):
    props = {"label": entry["name"], **entry.get("props", {})}
    for key in entry.get("secret", []):
        props[key] = pulumi.Output.secret(props[key])
    if "upstream" in entry:
        props["upstream"] = items[entry["upstream"]].remote_id
    opts = None
    if entry.get("parent") == "group":
        if group is None:
            group = pulumi.ComponentResource("le:index:Group", "group")
        opts = pulumi.ResourceOptions(parent=group)
    items[entry["name"]] = Item(entry["name"], props, opts)
    if "export" in entry:
        pulumi.export(
            entry["name"], {key: getattr(items[entry["name"]], key) for key in entry["export"]}
        )

bucket_name = config.get("bucket")
if bucket_name:
    identity = pulumi.runtime.invoke("aws:index/getCallerIdentity:getCallerIdentity", {}).value
    tags = {"greeting": config.require("greeting"), "account": identity["accountId"]}
    bucket = pulumi.CustomResource(
        "aws:s3/bucket:Bucket", bucket_name, {"bucket": bucket_name, "tags": tags, "arn": None}
    )
    pulumi.export("bucket_arn", bucket.arn)
