"""Note: a dynamic resource of the stack's own, that only records its text."""

import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class NoteProvider(ResourceProvider):
    serialize_as_secret_always = False  # so the test can read which module the state names

    def create(self, props):
        return CreateResult(f"note-{props['text']}", dict(props))


class Note(Resource, module="stack", name="Note"):
    text: pulumi.Output[str]

    def __init__(self, name: str, text: str, opts=None) -> None:
        super().__init__(NoteProvider(), name, {"text": text}, opts)
