"""The plugin's configuration: the ``connect-tasks:`` namespace, and nothing else.

A plugin never sees ``aws:region``. The engine sends the provider's configuration both as
``args`` (``{"region": "us-east-1"}``, from CheckConfig) and as ``variables``
(``"connect-tasks:config:region"``); both are read, ``args`` winning. Without
``region``, the Region comes from ``AWS_REGION``/``AWS_DEFAULT_REGION`` and the profile
chain, as it does for pulumi-aws (:meth:`ProviderConfig.client`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..common import pacing
from ..common.config import ProviderConfig, apply_pacing
from ..common.inputs import is_region
from ..common.unknown import is_unknown
from .schema import CONFIG_KEYS, PACKAGE

__all__ = ["config_values", "config_failures", "configured"]

# What the engine may add to a provider's inputs beside its own keys.
_ENGINE_KEYS = frozenset({"version", "pluginDownloadURL"})
_PACING_KEYS = ("startTaskContactRate", "startTaskContactBurst", "apiRates", "retryDeadline")


def config_values(variables: Mapping[str, str], args: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration by short key (``region``), from both forms the engine sends;
    unknown values left out."""
    values: dict[str, Any] = {}
    for key, value in variables.items():
        namespace, _, name = key.partition(":")
        if namespace == PACKAGE:
            values[name.removeprefix("config:")] = value
    values.update({k: v for k, v in args.items() if v is not None})
    # A value not known yet (preview, an explicit provider fed by another resource's
    # output) is as if unset: the AWS environment's, for the calls a preview makes.
    return {k: v for k, v in values.items() if not is_unknown(v)}


def config_failures(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(key, reason)`` for every key that is not this provider's or has a bad value."""
    failures = [
        (key, f"is not a config key of {PACKAGE}; the keys: {', '.join(CONFIG_KEYS)}")
        for key in sorted(values)
        if key not in CONFIG_KEYS and key not in _ENGINE_KEYS and not key.startswith("__")
    ]
    region, profile = values.get("region"), values.get("profile")
    if region is not None and not is_unknown(region) and not is_region(region):
        failures.append(("region", "must be an AWS Region name such as us-east-1"))
    if profile is not None and not is_unknown(profile):
        if not isinstance(profile, str) or not profile:
            failures.append(("profile", "must be the name of an AWS profile"))
    for key in _PACING_KEYS:
        value = values.get(key)
        if value is None or is_unknown(value):
            continue
        try:
            pacing.settings_from({f"{PACKAGE}:{key}": value}, environ={})
        except ValueError as error:
            failures.append((key, str(error).removeprefix(f"{PACKAGE}:{key} ")))
    return failures


def configured(values: Mapping[str, Any]) -> ProviderConfig:
    """Apply ``values`` (pacing is process-wide) and return the Region and profile."""
    apply_pacing({f"{PACKAGE}:{k}": values[k] for k in _PACING_KEYS if k in values})
    region, profile = values.get("region"), values.get("profile")
    return ProviderConfig(region or None, profile or None)
