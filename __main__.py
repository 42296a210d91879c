"""Example stack: seed the tasks a new Amazon Connect environment needs, from tasks/.

Config (``pulumi config set ...``):
  instanceId                  an existing instance, with a flow named "Task intake"; or
  createInstance: true        create the instance and that flow with pulumi-aws first
  contactFlowId               optional: the flow, by id, of a file that names none
                              (default: the flow named "Task intake")
  aws:region                  where the instance lives

The files name their flow ("ContactFlowName: Task intake"), not its id: one set of files
for every environment, each name resolved to the id of that instance's flow.

tasks/weekly-access-review.json has a Schedule: it is a recurring task, an EventBridge
Scheduler schedule (with its IAM role) that starts the review every Monday at 09:00 London
time, declared with pulumi-aws. The other files are one-off tasks.
"""

from pathlib import Path

import pulumi

from pulumi_connect_tasks import TaskSet
from pulumi_connect_tasks.flows import TASK_INTAKE_FLOW

config = pulumi.Config()
stack = pulumi.get_stack()

FLOW_NAME = "Task intake"
"""The flow the tasks run: the YAML files in tasks/ name it; the JSON one names no flow and
gets it here."""

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
        name=FLOW_NAME,
        type="CONTACT_FLOW",
        content=TASK_INTAKE_FLOW,
    )
    # The tasks name the flow instead of taking its id: take the instance id from the flow,
    # so they are started only once the flow they name exists.
    instance_id = flow.instance_id
    default_flow = {"contact_flow_name": FLOW_NAME}
else:
    instance_id = config.require("instanceId")
    flow_id = config.get("contactFlowId")
    default_flow = {"contact_flow_id": flow_id} if flow_id else {"contact_flow_name": FLOW_NAME}

# One ConnectTask per file in tasks/ (reviewed in pull requests, checked by
# `connect-tasks validate`), named "seed-<file name>".
seeded = TaskSet(
    "seed",
    directory=Path(__file__).parent / "tasks",
    instance_id=instance_id,
    **default_flow,
    defaults={"attributes": {"environment": stack}},
)

pulumi.export(
    "tasks",
    {
        key: {"contact_id": task.contact_id, "state": task.state, "scheduled_at": task.scheduled_at}
        for key, task in seeded.tasks.items()
    },
)
pulumi.export(
    "schedules",
    {
        key: {"schedule": task.schedule_name, "expression": task.schedule.schedule_expression}
        for key, task in seeded.recurring.items()
    },
)
