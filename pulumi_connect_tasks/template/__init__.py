"""The ConnectTaskTemplate resource, and the check of a task against its template."""
