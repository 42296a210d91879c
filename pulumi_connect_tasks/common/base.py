"""What both providers share: plain data only, stack config, one client per call site."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import ConfigureRequest, ResourceProvider

from . import aws, pacing
from .errors import ConnectTaskError

__all__ = ["ConnectProvider"]


class ConnectProvider(ResourceProvider):
    """A provider that calls Amazon Connect in the region its resource lives in.

    ``configure`` runs in the provider server's process, after unpickling, so the region
    and profile it records never reach the state.
    """

    # The provider holds no secret, so state keeps it readable (and small).
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        self.config_region = req.config.get("aws:region")
        self.profile = req.config.get("aws:profile")
        # The connect-tasks: keys (quotas, retry deadline) hold for the whole process: its
        # threads share one pacer per account and Region.
        try:
            pacing.configure(req.config)
        except ValueError as error:
            raise ConnectTaskError(f"stack config: {error}") from None

    def _client(self, props: dict[str, Any]):
        """The client for the resource's region: where it was created, its input, else config,
        else the AWS environment (:func:`aws.resolve_region`)."""
        region = (
            props.get("aws_region") or props.get("region") or getattr(self, "config_region", None)
        )
        return aws.client_for(region, getattr(self, "profile", None))
