"""A local Amazon Connect emulator speaking Connect's restJson1 wire protocol.

An unmodified boto3 client reaches it through ``endpoint_url=`` or
``AWS_ENDPOINT_URL_CONNECT``. Start it in-process with
``EmulatorServer(port=0).start()`` or as ``python -m connect_emulator --port 0``.
Importing the package starts nothing and reads no file.
"""

from __future__ import annotations

from .clock import Clock
from .faults import FaultInjector
from .models import ConnectBackend
from .server import EmulatorServer
from .throttle import Limit, Throttle

__all__ = ["Clock", "ConnectBackend", "EmulatorServer", "FaultInjector", "Limit", "Throttle"]
