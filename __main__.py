"""Example stack: seed the tasks a new Amazon Connect environment needs, from tasks/.

Config (``pulumi config set ...``):
  instanceId, contactFlowId   an existing instance and the flow that starts the tasks; or
  createInstance: true        create the instance and a task flow with pulumi-aws first
  aws:region                  where the instance lives
"""

from pathlib import Path

import pulumi

from pulumi_connect_tasks import TaskSet
from pulumi_connect_tasks.flows import TASK_INTAKE_FLOW

config = pulumi.Config()
stack = pulumi.get_stack()

if config.get_bool("createInstance"):
    import pulumi_aws as aws  # only needed here, and slow to import

    instance = aws.connect.Instance(
        "contact-centre",
        identity_management_type="CONNECT_MANAGED",
        inbound_calls_enabled=True,
        outbound_calls_enabled=False,
        instance_alias=config.get("instanceAlias") or f"{pulumi.get_project()}-{stack}",
    )
    flow = aws.connect.ContactFlow(
        "task-intake",
        instance_id=instance.id,
        name="Task intake",
        type="CONTACT_FLOW",
        content=TASK_INTAKE_FLOW,
    )
    instance_id = instance.id
    flow_id = flow.contact_flow_id
else:
    instance_id = config.require("instanceId")
    flow_id = config.require("contactFlowId")

# One ConnectTask per file in tasks/ (reviewed in pull requests, checked by
# `connect-tasks validate`), named "seed-<file name>".
seeded = TaskSet(
    "seed",
    directory=Path(__file__).parent / "tasks",
    instance_id=instance_id,
    contact_flow_id=flow_id,
    defaults={"attributes": {"environment": stack}},
)

pulumi.export("tasks", {
    key: {"contact_id": task.contact_id, "state": task.state, "scheduled_at": task.scheduled_at}
    for key, task in seeded.tasks.items()
})
