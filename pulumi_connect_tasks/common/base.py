"""What both dynamic providers share: plain data only, stack config, one client per call site."""

from __future__ import annotations

from pulumi.dynamic import ConfigureRequest, ResourceProvider

from .config import ProviderConfig, apply_pacing

__all__ = ["ConnectProvider"]


class ConnectProvider(ResourceProvider):
    """A dynamic provider over a lifecycle core: Pulumi's calls in, the core's results out.

    ``configure`` runs in the provider server's process, after unpickling, so the region
    and profile it records never reach the state.
    """

    # The provider holds no secret, so state keeps it readable (and small).
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        self.config = ProviderConfig(req.config.get("aws:region"), req.config.get("aws:profile"))
        apply_pacing(req.config)

    @property
    def settings(self) -> ProviderConfig:
        """What ``configure`` recorded; before it (or without it), the AWS environment's."""
        return getattr(self, "config", None) or ProviderConfig()
