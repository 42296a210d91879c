"""The ``connect-tasks`` Pulumi provider plugin: Task and TaskTemplate for every language.

The same lifecycle cores as the dynamic providers, served over gRPC as a provider plugin
(``pulumi.provider.experimental``). The plugin folder (``provider/`` at the repository's
root: PulumiPlugin.yaml, __main__.py, requirements.txt) starts :func:`.server.main`.
"""
