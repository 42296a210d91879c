"""What a front (the dynamic provider, a provider plugin) learns from its configuration.

Plain data, set in the provider's process and never written to state: the Region and
profile the configuration names, and the pacing settings it applies to the whole process
(:mod:`.pacing`). Every AWS client the lifecycle core uses comes from
:meth:`ProviderConfig.client`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.client import BaseClient

from . import aws, pacing
from .errors import ConnectTaskError

__all__ = ["ProviderConfig", "apply_pacing"]


@dataclass(frozen=True)
class ProviderConfig:
    """The Region and profile a provider was configured with (None: not set)."""

    region: str | None = None
    profile: str | None = None

    def client(self, props: Mapping[str, Any]) -> BaseClient:
        """The client for a resource's Region: where it was created (``aws_region``), its
        ``region`` input, else this config's, else the AWS environment
        (:func:`.aws.resolve_region`)."""
        region = props.get("aws_region") or props.get("region") or self.region
        return aws.client_for(region, self.profile)


def apply_pacing(config: Any) -> None:
    """Apply the ``connect-tasks:`` pacing keys (quotas, retry deadline) of ``config`` (a
    mapping of full key names, or anything with its ``get``) to the whole process: its threads share one pacer per account and Region. A bad value is a
    ConnectTaskError naming the key."""
    try:
        pacing.configure(config)
    except ValueError as error:
        raise ConnectTaskError(f"stack config: {error}") from None
