"""``python -m pulumi_connect_tasks.plugin <engine address>``: the provider plugin's server."""

from .server import main

if __name__ == "__main__":
    main()
