"""botocore's documentation of the audited operations, as sentences.

:func:`documented_sentences` walks each operation's documentation and that of every
shape its request reaches (members, list items, map keys and values), strips the HTML
and splits the text into sentences: what the rows of the audit quote.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import botocore.session

from .model import AUDITED_OPERATIONS

__all__ = ["normalise", "documented_sentences", "documentation_text"]


def normalise(text: str) -> str:
    """botocore's HTML documentation as plain text: tags dropped, spaces collapsed."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text or ""))
    plain = " ".join(plain.split())
    return re.sub(r" ([.,;:)])", r"\1", plain)


def _sentences(text: str) -> list[str]:
    return [
        part.strip()
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", normalise(text))
        if part.strip()
    ]


def documented_sentences(operations: Iterable[str] = AUDITED_OPERATIONS) -> dict[str, str]:
    """Every sentence of the documentation of ``operations`` and of the shapes their
    requests reach, each once, mapped to the first place it was found."""
    model = botocore.session.get_session().get_service_model("connect")
    found: dict[str, str] = {}
    seen: set[str] = set()

    def walk(shape, where: str) -> None:
        if shape.name in seen:
            return
        seen.add(shape.name)
        for sentence in _sentences(shape.documentation):
            found.setdefault(sentence, where)
        children = []
        if shape.type_name == "structure":
            for name, member in shape.members.items():
                for sentence in _sentences(member.documentation):
                    found.setdefault(sentence, f"{shape.name}.{name}")
                children.append(member)
        elif shape.type_name == "list":
            children.append(shape.member)
        elif shape.type_name == "map":
            children += [shape.key, shape.value]
        for child in children:
            walk(child, child.name)

    for name in operations:
        operation = model.operation_model(name)
        for sentence in _sentences(operation.documentation):
            found.setdefault(sentence, name)
        walk(operation.input_shape, name)
    return found


def documentation_text(operations: Iterable[str] = AUDITED_OPERATIONS) -> str:
    """All of :func:`documented_sentences` as one text, for searching."""
    return " ".join(documented_sentences(operations))
