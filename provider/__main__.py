"""The connect-tasks provider plugin, as Pulumi's Python language host runs it:

    python <this folder> <engine address>

It prints the port it listens on, then serves the engine until stopped.
"""

from pulumi_connect_tasks.plugin.server import main

main()
