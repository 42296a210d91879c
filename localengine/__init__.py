"""localengine: a small local stand-in for the Pulumi engine.

Runs a Python Pulumi program in-process under ``pulumi.runtime.set_mocks``; every
``pulumi-python:dynamic`` resource goes to the real ``python -m pulumi.dynamic`` server
over gRPC with the engine's call sequences, other resources are mocked; pulumi-aws's
Amazon Connect lookups are answered from the local Connect endpoint (lookups.py), a few
AWS data sources are faked; the state is a JSON file with secrets encrypted, and holds the
stack's exports (``outputs`` prints them).

    localengine.engine.Engine        preview / up / refresh / destroy -> Summary
    localengine.server.ProviderServer  the provider server client (plain dicts)
    python -m localengine {preview,up,refresh,destroy,outputs} ...

Importing the package does nothing (the modules above load pulumi and grpc).
"""

__all__: list[str] = []
