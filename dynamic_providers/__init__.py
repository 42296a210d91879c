"""Amazon Connect tasks as Pulumi resources.

Importing the package has no side effects: no AWS client, no config or file read.
"""

from .resource import ConnectTask, ConnectTaskArgs

__all__ = ["ConnectTask", "ConnectTaskArgs"]
