"""Declares item "a" of the fixture provider, then blocks until the run may end.

In an up, once "a" is created (so the provider server is running), writes the file named
by config ``le-blocking:started`` and waits, up to 60 s, for the file named by
``le-blocking:go``; a preview does not wait.
The fixture provider (``fixture_provider``, in ../fixture_program) must be on PYTHONPATH;
its config ``le-blocking:records`` names its records file.
"""

import os
import time

import pulumi
from fixture_provider import Item

config = pulumi.Config()
started, go = config.require("started"), config.require("go")
item = Item("a", {"label": "a"})


def wait_for_go(remote_id: str) -> str:
    if pulumi.runtime.is_dry_run():
        return remote_id
    with open(started, "w", encoding="utf-8") as f:
        f.write(str(os.getpid()))
    deadline = time.monotonic() + 60
    while not os.path.exists(go) and time.monotonic() < deadline:
        time.sleep(0.05)
    return remote_id


pulumi.export("a", item.remote_id.apply(wait_for_go))
