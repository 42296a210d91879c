"""Amazon Connect tasks on an EventBridge Scheduler schedule: the schedule settings' rules."""
