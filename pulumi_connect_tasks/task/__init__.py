"""The ConnectTask resource: its inputs and checks, the request sent to StartTaskContact,
and the provider that starts, reads, updates and stops the task."""
