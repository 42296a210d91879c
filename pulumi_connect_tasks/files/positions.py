"""Where a member of a YAML or JSON file starts: the line and column a violation points at.

A violation's path names members as the parsed data has them; the functions here map each
path of a file (keys as strings, list indexes as "0", "1", ...) to where its member starts,
and :func:`locate` answers for one path.

- JSON: a small scanner built on json's own readers (``scanstring`` for keys,
  ``JSONDecoder.raw_decode`` for scalars) walks the text json.loads has read, so each
  offset is where json found that member. PyYAML cannot stand in: it rejects some valid
  JSON (a tab before a value, a key over 1024 characters).
- YAML: the start marks of the node tree ``yaml.compose`` builds; a member merged with
  ``<<`` points where its anchor defines it, and a node reached again through an alias is
  not walked again.
- A member that is missing (a required one) points at the nearest existing member above it.

Lines and columns count from 1, columns in characters (code points), as editors and GitHub
annotations do. Nothing here reads a file.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import NamedTuple

import yaml

__all__ = [
    "Position",
    "Positions",
    "text_position",
    "mark_position",
    "json_positions",
    "json_duplicate",
    "yaml_positions",
    "locate",
]


class Position(NamedTuple):
    """A place in a file's text, counted from 1 as editors and GitHub annotations do."""

    line: int
    column: int
    """In characters (code points), not bytes."""


Positions = dict[tuple[str, ...], Position]
"""Where each member of a file starts, by path: keys as strings, list indexes as "0", "1", ..."""


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer("\n", text))]


def _position(line_starts: list[int], offset: int) -> Position:
    line = bisect_right(line_starts, offset)
    return Position(line, offset - line_starts[line - 1] + 1)


def text_position(text: str, offset: int) -> Position:
    """Where the character at ``offset`` of ``text`` is (``len(text)``: just after its end)."""
    return _position(_line_starts(text), offset)


def mark_position(mark: yaml.Mark) -> Position:
    """A PyYAML mark (counted from 0) as a Position."""
    return Position(mark.line + 1, mark.column + 1)


# -- JSON --------------------------------------------------------------------------------------
_JSON_SPACE = re.compile(r"[ \t\n\r]*")  # json's own definition of whitespace
_JSON_SCALAR = json.JSONDecoder()


def _json_skip(text: str, index: int) -> int:
    """The offset of the first character at or after ``index`` that is not JSON whitespace."""
    match = _JSON_SPACE.match(text, index)  # the pattern matches the empty string too
    return index if match is None else match.end()


def _json_key(text: str, index: int) -> tuple[str, int]:
    """The key whose opening quote is at ``index`` and the offset after its closing quote,
    read by json's own string reader. Raises ValueError where no string starts."""
    if text[index] != '"':  # json.loads refuses such a key too: only past its own error
        raise ValueError("a key that is not a string")
    key, after = _JSON_SCALAR.raw_decode(text, index)  # a string: json's scanstring reads it
    return key, after


def _json_offsets(text: str, found: list[tuple[tuple[str, ...], int]]) -> None:
    """Append (path, offset) of the document, then of every key and item, in text order.

    The text is one json.loads has read (or up to its error): json's own scanners read
    every string and scalar here, so each offset is where json found that member.
    Raises ValueError or IndexError where the text stops being JSON; ``found`` keeps
    what came before.
    """

    def skip(index: int) -> int:
        return _json_skip(text, index)

    def value(index: int, path: tuple[str, ...]) -> int:  # returns the offset after the value
        opener = text[index]
        if opener not in "{[":
            return _JSON_SCALAR.raw_decode(text, index)[1]
        index, count = skip(index + 1), 0
        while text[index] not in "}]":
            if opener == "{":
                name, after_name = _json_key(text, index)
                found.append((path + (name,), index))
                index = value(skip(skip(after_name) + 1), path + (name,))  # past the ':'
            else:
                found.append((path + (str(count),), index))
                index, count = value(index, path + (str(count),)), count + 1
            index = skip(index)
            if text[index] == ",":
                index = skip(index + 1)
        return index + 1

    start = skip(0)
    found.append(((), start))
    value(start, ())


def json_positions(text: str) -> Positions:
    """Where each member of a JSON document starts; ``text`` must be one json.loads accepts."""
    found: list[tuple[tuple[str, ...], int]] = []
    _json_offsets(text, found)
    starts = _line_starts(text)
    return {path: _position(starts, offset) for path, offset in found}


def json_duplicate(text: str) -> tuple[str, Position] | None:
    """The first key given twice in one object, in text order, and where it repeats; None if none.

    ``text`` may be invalid JSON past the duplicate (json.loads stops at the first
    duplicate it closes, which need not be the first in the text).
    """
    found: list[tuple[tuple[str, ...], int]] = []
    try:
        _json_offsets(text, found)
    except (ValueError, IndexError):
        pass  # json stopped at the duplicate before reaching this error: what came before is found
    seen: set[tuple[str, ...]] = set()
    for path, offset in found:
        if path in seen:
            return path[-1], text_position(text, offset)
        seen.add(path)
    return None


# -- YAML --------------------------------------------------------------------------------------
_Pair = tuple[yaml.Node, yaml.Node]


def _yaml_pairs(node: yaml.MappingNode, merging: frozenset[int] = frozenset()) -> list[_Pair]:
    """A mapping's own pairs, then those it merges with ``<<``, in the order PyYAML lets win."""
    merging = merging | {
        id(node)
    }  # "a: &a {<<: *a}" is valid YAML: never merge a mapping into itself
    own: list[_Pair] = []
    merged: list[_Pair] = []
    for key, value in node.value:
        if key.tag != "tag:yaml.org,2002:merge":
            own.append((key, value))
            continue
        for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
            if isinstance(source, yaml.MappingNode) and id(source) not in merging:
                merged += _yaml_pairs(source, merging)
    return own + merged


def yaml_positions(root: yaml.Node | None) -> Positions:
    """Where each member of a composed YAML document starts (``yaml.compose``'s result).

    The caller composes with the loader that parsed the file, so the tree is the one read.
    """
    if root is None:
        return {}
    positions: Positions = {(): mark_position(root.start_mark)}
    walked: set[int] = set()

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        # A node reached again through an alias is not walked again: a violation below it
        # points at the member holding the alias, and a "billion laughs" file stays linear.
        if id(node) in walked:
            return
        walked.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            members = [(str(index), item, item) for index, item in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            pairs = _yaml_pairs(node)
            members = [
                (key.value, key, value) for key, value in pairs if isinstance(key, yaml.ScalarNode)
            ]
        else:
            return
        for name, start, child in members:
            positions.setdefault(
                path + (name,), mark_position(start.start_mark)
            )  # the first wins, as PyYAML's merge
            walk(child, path + (name,))

    walk(root, ())
    return positions


def locate(positions: Positions, path: tuple[str | int, ...]) -> Position:
    """Where ``path``'s member starts, or the nearest member above it (a required member is absent)."""
    key = tuple(str(element) for element in path)
    while key and key not in positions:
        key = key[:-1]
    return positions.get(key, Position(1, 1))
