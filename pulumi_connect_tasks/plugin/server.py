"""The plugin's gRPC server, as Pulumi's language host starts a Python plugin.

``python <plugin folder> [--logtostderr] [-v=N] [--tracing ENDPOINT] <engine address>``:
it listens on a free loopback port and writes that port, then a newline, to stdout.
This is the SDK's server (``pulumi.provider.experimental.server``) with three changes: an
error of this package reaches the user as its message, not as a Python traceback; a Read
that finds nothing answers with no properties at all, which the engine reads as "gone"
(an empty map would import an empty resource); and Diff and Update hand the provider the
state's inputs the engine sends (:data:`.provider.OLD_INPUTS`), which the SDK drops.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

import grpc
import grpc.aio
from google.protobuf import json_format
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from ..common.errors import ConnectTaskError
from .provider import OLD_INPUTS, ConnectTasksProvider
from .schema import VERSION, in_plugin_words

__all__ = ["main", "serve"]

_RPCS = (
    "GetSchema",
    "CheckConfig",
    "Configure",
    "Check",
    "Diff",
    "Create",
    "Read",
    "Update",
    "Delete",
    "Invoke",
)


def _own_error(error: BaseException) -> BaseException | None:
    """The error of this package behind the SDK's wrapped exception, if it is one."""
    seen = error
    while seen is not None:
        if isinstance(seen, ConnectTaskError):
            return seen
        seen = seen.__context__  # type: ignore[assignment]
    return None


def _answered(name: str) -> Any:
    base = getattr(ProviderServicer, name)

    async def rpc(self: ProviderServicer, request: Any, context: grpc.aio.ServicerContext) -> Any:
        if name in ("Diff", "Update"):
            OLD_INPUTS.set(PropertyValue.unmarshal_map(request.old_inputs))
        try:
            response = await base(self, request, context)
        except Exception as error:  # noqa: BLE001 - sorted below: ours get a clean message
            own = _own_error(error)
            if own is None:
                raise
            await context.abort(grpc.StatusCode.UNKNOWN, in_plugin_words(str(own)))
        if name == "Read" and not response.id:
            return provider_pb2.ReadResponse(id="")
        return response

    rpc.__name__ = name
    return rpc


class Servicer(ProviderServicer):
    """The SDK's servicer with clean errors, a true "gone" from Read, the state's inputs for
    Diff and Update, and a DiffConfig of its own."""

    async def DiffConfig(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        """A changed key of the provider's config is a change, never a replacement: every
        resource stays in the Region it was created in (its ``awsRegion``), and the pacing
        keys only pace. (The SDK's DiffConfig sends a bool where the protocol wants its
        enum, so it is not used.)"""
        olds = json_format.MessageToDict(request.olds)
        news = json_format.MessageToDict(request.news)
        changed = sorted(k for k in set(olds) | set(news) if olds.get(k) != news.get(k))
        return provider_pb2.DiffResponse(
            changes=provider_pb2.DiffResponse.DIFF_SOME
            if changed
            else provider_pb2.DiffResponse.DIFF_NONE,
            diffs=changed,
        )


for _name in _RPCS:
    setattr(Servicer, _name, _answered(_name))


async def serve(engine_address: str, workers: int | None = None) -> None:
    """Serve the provider until the engine stops the process."""
    server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
    provider = ConnectTasksProvider() if workers is None else ConnectTasksProvider(workers)
    servicer = Servicer([], VERSION, provider, engine_address=engine_address)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    sys.stdout.buffer.write(f"{port}\n".encode())
    sys.stdout.buffer.flush()
    await server.wait_for_termination()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The connect-tasks Pulumi provider plugin")
    parser.add_argument("engine", help="the Pulumi engine's address")
    parser.add_argument("--logtostderr", action="store_true", help="ignored")
    parser.add_argument("--logflow", action="store_true", help="ignored")
    parser.add_argument("--tracing", help="ignored")
    parser.add_argument("-v", help="ignored")
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.engine))
    except KeyboardInterrupt:
        pass
