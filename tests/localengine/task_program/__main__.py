"""Two ConnectTasks and the exports built from them, to test secrets through the engine.

``briefing`` gets its description as a secret input (``pulumi.Output.secret``);
``escalation`` gets a plain name and marks it ``additional_secret_outputs``.
Config: instanceId, contactFlowId, briefingDescription, escalationName.
"""

import pulumi

from pulumi_connect_tasks import ConnectTask, ConnectTaskArgs

config = pulumi.Config()
where = {
    "instance_id": config.require("instanceId"),
    "contact_flow_id": config.require("contactFlowId"),
}

briefing = ConnectTask(
    "briefing",
    ConnectTaskArgs(
        **where,
        name="Morning briefing",
        description=pulumi.Output.secret(config.require("briefingDescription")),
    ),
)
escalation = ConnectTask(
    "escalation",
    ConnectTaskArgs(
        **where, name=config.require("escalationName"), description="Escalate to the duty manager"
    ),
    opts=pulumi.ResourceOptions(additional_secret_outputs=["name"]),
)

pulumi.export("briefing_id", briefing.contact_id)
pulumi.export("briefing_description", briefing.description)
pulumi.export("briefing", {"contact_id": briefing.contact_id, "description": briefing.description})
pulumi.export(
    "briefing_line", pulumi.Output.concat(briefing.contact_id, ": ", briefing.description)
)
pulumi.export("escalation_name", escalation.name)
pulumi.export("escalation_state", escalation.state)
