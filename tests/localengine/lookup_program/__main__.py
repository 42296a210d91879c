"""Looks up a flow and a quick connect with pulumi-aws and exports what it found.

Config: instanceId; flowName or flowId; quickConnectName or quickConnectId. With
``throughResource`` the lookups get the instance id as an Output of another resource: a
mocked ``aws.connect.ContactFlow`` whose outputs are its inputs (nothing is sent for it).
"""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
instance_id: pulumi.Input[str] = config.require("instanceId")
if config.get_bool("throughResource"):
    holder = aws.connect.ContactFlow(
        "holder", instance_id=instance_id, name="holder", type="CONTACT_FLOW", content="{}"
    )
    instance_id = holder.instance_id

flow = aws.connect.get_contact_flow_output(
    instance_id=instance_id, name=config.get("flowName"), contact_flow_id=config.get("flowId")
)
quick = aws.connect.get_quick_connect_output(
    instance_id=instance_id,
    name=config.get("quickConnectName"),
    quick_connect_id=config.get("quickConnectId"),
)

pulumi.export(
    "flow",
    flow.apply(
        lambda f: {
            "id": f.id,
            "contact_flow_id": f.contact_flow_id,
            "arn": f.arn,
            "name": f.name,
            "instance_id": f.instance_id,
            "type": f.type,
            "content": f.content,
            "description": f.description,
            "tags": f.tags,
            "region": f.region,
        }
    ),
)
pulumi.export(
    "quick_connect",
    quick.apply(
        lambda q: {
            "id": q.id,
            "quick_connect_id": q.quick_connect_id,
            "arn": q.arn,
            "name": q.name,
            "instance_id": q.instance_id,
            "types": [c.quick_connect_type for c in q.quick_connect_configs],
            "description": q.description,
            "tags": q.tags,
            "region": q.region,
        }
    ),
)
