"""A TaskSet over a folder of definition files, to test chains and names through the engine.

Config: tasksDir (an absolute path), instanceId, and at most one of contactFlowId and
contactFlowName (the TaskSet's default flow).
"""

import pulumi

from pulumi_connect_tasks import TaskSet

config = pulumi.Config()
flow = {}
if config.get("contactFlowId"):
    flow["contact_flow_id"] = config.get("contactFlowId")
if config.get("contactFlowName"):
    flow["contact_flow_name"] = config.get("contactFlowName")

tasks = TaskSet(
    "set", directory=config.require("tasksDir"), instance_id=config.require("instanceId"), **flow
)

pulumi.export("contact_ids", {key: task.contact_id for key, task in tasks.tasks.items()})
