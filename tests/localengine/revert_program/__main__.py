"""One scheduled ConnectTask with a reference only while config ``refs`` is set.

Adding the reference updates the task in place; taking it away again needs a new task
(UpdateContact cannot remove a reference), whose definition is the first one again.
Config: instanceId, contactFlowId, refs (optional).
"""

import pulumi

from pulumi_connect_tasks import ConnectTask, ConnectTaskArgs

config = pulumi.Config()
references = (
    {"r": {"type": "URL", "value": "https://wiki.example.com/runbook"}}
    if config.get("refs")
    else None
)

task = ConnectTask(
    "review",
    ConnectTaskArgs(
        instance_id=config.require("instanceId"),
        contact_flow_id=config.require("contactFlowId"),
        name="Weekly access review",
        scheduled_time="PT2H",
        references=references,
    ),
)

pulumi.export("contact_id", task.contact_id)
