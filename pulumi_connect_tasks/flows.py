"""Contact flow content the example stack and the demo create for their tasks."""

import json

__all__ = ["TASK_INTAKE_FLOW"]

# A minimal flow (Amazon Connect flow language) that sends a task to the queue set
# before it, then ends.
TASK_INTAKE_FLOW = json.dumps(
    {
        "Version": "2019-10-30",
        "StartAction": "transfer",
        "Actions": [
            {
                "Identifier": "transfer",
                "Type": "TransferContactToQueue",
                "Parameters": {},
                "Transitions": {
                    "NextAction": "end",
                    "Errors": [{"NextAction": "end", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Identifier": "end",
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            },
        ],
    }
)
