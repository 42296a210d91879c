"""A stack that keeps its own dynamic providers in dynamic_providers/ and uses this package
by its importable name, pulumi_connect_tasks. Config: instanceId, contactFlowId."""

import pulumi

from dynamic_providers.notes import Note
from pulumi_connect_tasks import ConnectTask, ConnectTaskArgs

config = pulumi.Config()
note = Note("handover", "night shift")
task = ConnectTask(
    "handover-check",
    ConnectTaskArgs(
        instance_id=config.require("instanceId"),
        contact_flow_id=config.require("contactFlowId"),
        name="Handover check",
        description=note.text,
    ),
)
pulumi.export("note", note.id)
pulumi.export("state", task.state)
