"""Example stack: seed the tasks a new Amazon Connect environment needs.

Config (``pulumi config set ...``):
  instanceId, contactFlowId   an existing instance and the flow that starts the tasks; or
  createInstance: true        create the instance and a task flow with pulumi-aws first
  aws:region                  where the instance lives
"""

import json

import pulumi

from dynamic_providers import ConnectTask, ConnectTaskArgs

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
    # A minimal flow that sends the task to the instance's basic queue.
    flow = aws.connect.ContactFlow(
        "task-intake",
        instance_id=instance.id,
        name="Task intake",
        type="CONTACT_FLOW",
        content=json.dumps({
            "Version": "2019-10-30",
            "StartAction": "transfer",
            "Actions": [
                {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
                 "Transitions": {"NextAction": "end", "Errors": [{"NextAction": "end", "ErrorType": "NoMatchingError"}]}},
                {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
            ],
        }),
    )
    instance_id = instance.id
    flow_id = flow.contact_flow_id
else:
    instance_id = config.require("instanceId")
    flow_id = config.require("contactFlowId")

tasks = {
    "verify-queue-routing": ConnectTaskArgs(
        instance_id=instance_id,
        contact_flow_id=flow_id,
        name="Verify queue routing",
        description="Place a test task in every queue and confirm it reaches the right agents.",
        references={"runbook": {"type": "URL", "value": "https://wiki.example.com/connect/queue-routing"}},
        attributes={"environment": stack, "checklist": "go-live"},
        scheduled_time="PT2H",
    ),
    "onboarding-checklist": ConnectTaskArgs(
        instance_id=instance_id,
        contact_flow_id=flow_id,
        name="New environment onboarding checklist",
        description="Hours of operation, prompts, security profiles and routing profiles reviewed.",
        references={
            "checklist": {"type": "URL", "value": "https://wiki.example.com/connect/onboarding"},
            "owner": {"type": "EMAIL", "value": "platform-team@example.com"},
        },
        attributes={"environment": stack},
    ),
    "weekly-access-review": ConnectTaskArgs(
        instance_id=instance_id,
        contact_flow_id=flow_id,
        name="Review agent access",
        description="Compare security profiles with the HR roster and remove leavers.",
        references={"agents": {"type": "NUMBER", "value": "40"}},
        attributes={"environment": stack, "cadence": "weekly"},
        scheduled_time="P5D",
    ),
}

seeded = {name: ConnectTask(name, args) for name, args in tasks.items()}

pulumi.export("tasks", {
    name: {"contact_id": task.contact_id, "state": task.state, "scheduled_at": task.scheduled_at}
    for name, task in seeded.items()
})
