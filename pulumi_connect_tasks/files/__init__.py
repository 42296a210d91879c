"""Task definition files: reading and checking them, TaskSet (one ConnectTask per file),
and the ``connect-tasks`` command line."""
