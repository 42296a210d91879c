"""Reading one definition file within bounds: what a hostile file cannot make a reader do.

A file is read in these steps, in the order :func:`read_text` and :func:`parse_document`
run them; each refuses what would make the next one hang, crash or eat memory:

1. open    ``os.open`` with O_NONBLOCK, following symbolic links; a loop of links, and
           anything but a regular file (a FIFO, a device such as /dev/zero, a socket, a
           folder), is refused by kind before a byte is read: a FIFO would block, a
           device never end.
2. read    at most :data:`MAX_FILE_BYTES` + 1 bytes: a larger file is refused without
           reading the rest.
3. decode  UTF-8 (a byte order mark is allowed).
4. parse   JSON: a scan of the text refuses nesting deeper than :data:`MAX_DEPTH` and
           numbers longer than :data:`MAX_NUMBER_DIGITS` before ``json.loads`` recurses
           or converts. YAML: one document through :class:`_Loader`, which refuses, as it
           composes, nesting deeper than MAX_DEPTH, aliases that add more than
           :data:`MAX_ALIASED_VALUES` values in all (a "billion laughs" file stops there)
           and an alias inside the node it names (a cycle); then, as it constructs, a
           key that is not a string, an integer of more than MAX_NUMBER_DIGITS digits and
           any type JSON does not have (timestamps, binary, sets).

Every failure is an :class:`~pulumi_connect_tasks.common.errors.UnreadableDefinition`
(importable from here too) whose message says which step failed
and, for the text, the line and column; never the text itself, nor an alias, anchor or
tag name (PyYAML's own messages quote them: they are stripped here).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from ..common.errors import UnreadableDefinition
from .positions import (
    Position,
    Positions,
    json_duplicate,
    json_positions,
    mark_position,
    text_position,
    yaml_positions,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_DEPTH",
    "MAX_ALIASED_VALUES",
    "MAX_NUMBER_DIGITS",
    "UnreadableDefinition",
    "read_text",
    "Document",
    "parse_document",
]

MAX_FILE_BYTES = 1024 * 1024
"""1 MiB. The largest StartTaskContact request is far smaller: its members with limits
(Name, Description, Attributes' 32,768 bytes, References' 4,096, five attachments, the
ids) come to under 50 KB of text, under 300 KB even with every character written as a
JSON escape; the rest leaves room for comments and segment attributes."""
MAX_DEPTH = 64
"""Lists and mappings (objects) nested in one another, the document itself counting 1.
The deepest a request goes is SegmentAttributes' ValueMap within ValueMap: a real task is
a handful of levels deep; 64 keeps every recursive reader far from Python's limit."""
MAX_ALIASED_VALUES = 10_000
"""Values YAML aliases (``*name``, a merge ``<<: *name`` included) may add to a document
in all: each use counts every value of what it names, aliases within it expanded."""
MAX_NUMBER_DIGITS = 4300
"""Digits of an integer (of a JSON number's longest run of digits): Python's own default
limit for converting between int and str, enforced whatever the interpreter's setting."""

_LIMIT = "the limit for a definition file"
_MAX_INT_BITS = int(
    MAX_NUMBER_DIGITS * 3.33
)  # a hexadecimal or binary YAML integer, in decimal digits


_TOO_DEEP = f"nests deeper than {MAX_DEPTH} levels, {_LIMIT}"
_TOO_LONG_NUMBER = f"has a number of more than {MAX_NUMBER_DIGITS:,} digits, {_LIMIT}"
_TOO_MANY_ALIASED = f"has aliases that add more than {MAX_ALIASED_VALUES:,} values, {_LIMIT}"


def _at(message: str, position: Position) -> UnreadableDefinition:
    """``message (line L, column C)``, with the position for editors and annotations."""
    return UnreadableDefinition(
        f"{message} (line {position.line}, column {position.column})", position
    )


# -- open and read -----------------------------------------------------------------------------
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    """ "cannot be read: <kind>, not a regular file", or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"cannot be read: {kind}, not a regular file"


def _os_error(error: OSError) -> UnreadableDefinition:
    if error.errno == errno.ELOOP:
        return UnreadableDefinition("cannot be read: a loop of symbolic links")
    return UnreadableDefinition(f"cannot be read: {error.strerror or type(error).__name__}")


def _read_bytes(path: Path) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of a regular file (a symbolic link followed)."""
    try:
        refused = _not_regular(os.stat(path).st_mode)  # never blocks, unlike opening a FIFO
        if refused:
            raise UnreadableDefinition(refused)
        # O_NONBLOCK: should the path become a FIFO after the stat, the open does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _os_error(error) from None
    try:
        refused = _not_regular(os.fstat(fd).st_mode)
        if refused:
            raise UnreadableDefinition(refused)
        chunks, left = [], MAX_FILE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise _os_error(error) from None
    finally:
        os.close(fd)
    if left <= 0:
        raise UnreadableDefinition(
            f"is larger than {MAX_FILE_BYTES // 2**20} MiB ({MAX_FILE_BYTES:,} bytes), {_LIMIT}"
        )
    return b"".join(chunks)


def read_text(path: Path) -> str:
    """The text of a definition file: a regular file of at most MAX_FILE_BYTES, UTF-8.

    Raises UnreadableDefinition ("cannot be read: ...", "is larger than ...", "is not
    UTF-8 text ..."); a FIFO, a device or a loop of links is refused without waiting.
    """
    data = _read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = error.object[: error.start].decode("utf-8")  # the valid text before the bad byte
        raise UnreadableDefinition(
            f"is not UTF-8 text (byte {error.start + 1})", text_position(before, len(before))
        ) from None


# -- JSON --------------------------------------------------------------------------------------
# Strings (skipped whole, so that a bracket inside one does not count; an unclosed one runs
# to the end), brackets, and runs of too many digits. The string pattern is the unrolled
# loop: linear. A run of digits is tried only where it starts (the lookbehind): tried at
# every digit, a file of 4,300-digit numbers cost a scan of each run's rest from each of
# its digits, 3 s for 1 MiB where json.loads takes 0.02 s.
_JSON_TOKENS = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]|(?<![0-9])[0-9]{' + str(MAX_NUMBER_DIGITS + 1) + ",}",
    re.DOTALL,
)


def _check_json_bounds(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and numbers longer than MAX_NUMBER_DIGITS, before
    json.loads would recurse into the one (RecursionError) or convert the other (ValueError)."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        first = match.group()[0]
        if first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _at(_TOO_DEEP, text_position(text, match.start()))
        elif first in "]}":
            depth = max(0, depth - 1)  # a stray bracket is json.loads' error to report
        elif first != '"':
            raise _at(_TOO_LONG_NUMBER, text_position(text, match.start()))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice")
        out[key] = value
    return out


def _parse_json(text: str) -> Any:
    _check_json_bounds(text)
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise UnreadableDefinition(
            f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            Position(error.lineno, error.colno),
        ) from None
    except ValueError:
        raise _json_duplicate(text) or UnreadableDefinition("is not valid JSON") from None


def _json_duplicate(text: str) -> UnreadableDefinition | None:
    """The first key given twice in one object, in text order, with where it repeats."""
    duplicate = json_duplicate(text)
    if duplicate is None:
        return None
    key, where = duplicate
    message = f"the key {key!r} appears twice (line {where.line}, column {where.column})"
    return UnreadableDefinition(f"is not valid JSON: {message}", where)


# -- YAML --------------------------------------------------------------------------------------
class _Refused(yaml.MarkedYAMLError):
    """A limit of this module, not a YAML syntax error: its message is the whole message."""

    def __init__(self, message: str, mark: Any) -> None:  # a PyYAML Mark (or None)
        super().__init__(problem=message, problem_mark=mark)
        self.message = message


def _problem(message: str, mark: Any) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, mark)


_JSON_TAGS = tuple(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "str", "seq", "map")
)


class _Loader(yaml.SafeLoader):
    """YAML as JSON would read it, within this module's bounds.

    Timestamps stay strings; only JSON's types are constructed; a key is a string and is
    given once. Composing counts nesting and the values aliases add (see the module
    docstring); a node reached through an alias stays one node, so that counting is linear.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliased = 0
        self._values: dict[int, int] = {}  # id(node) -> its values, aliases within expanded

    # -- composing: depth and aliases --
    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            named = self.anchors.get(event.anchor)
            if named is None:  # PyYAML's own message would quote the alias
                raise _problem("found an alias with no anchor before it", event.start_mark)
            values = self._values.get(id(named))
            if values is None:  # the anchor's node is still being composed
                raise _problem(
                    "found an alias inside the node its anchor names (a cycle)", event.start_mark
                )
            self._aliased += values
            if self._aliased > MAX_ALIASED_VALUES:
                raise _Refused(_TOO_MANY_ALIASED, event.start_mark)
            return super().compose_node(parent, index)
        nests = isinstance(event, yaml.CollectionStartEvent)
        if nests and self._depth >= MAX_DEPTH:
            raise _Refused(_TOO_DEEP, event.start_mark)
        self._depth += nests
        node = super().compose_node(parent, index)
        self._depth -= nests
        if node is None:
            return None
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = node.value if isinstance(node, yaml.SequenceNode) else []
        self._values[id(node)] = 1 + sum(self._values[id(child)] for child in children)
        return node

    # -- constructing: JSON's types only --
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return super().construct_object(node, deep)
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError):  # "!!int abc", "!!bool maybe": int() and a dict lookup fail
            raise _problem("found a value its tag does not allow", node.start_mark) from None

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise _problem(
            "found a tag definition files do not take (only strings, numbers, true, false, null, "
            "lists and mappings)",
            node.start_mark,
        )

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        if (
            len(node.value.replace("_", "").lstrip("+-")) > MAX_NUMBER_DIGITS
        ):  # before int() would refuse it
            raise _Refused(_TOO_LONG_NUMBER, node.start_mark)
        value = self.construct_yaml_int(node)
        if (
            value.bit_length() > _MAX_INT_BITS
        ):  # 0x..., 0b..., 1:2:3 (base 60) write more in fewer characters
            raise _Refused(_TOO_LONG_NUMBER, node.start_mark)
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            # 1 and true are different YAML keys that Python would call equal: each is
            # refused as what it is, not as a duplicate.
            if not isinstance(key, str):
                raise _problem("found a key that is not a string (quote it)", key_node.start_mark)
            if key in seen:  # a key is no value: named, as JSON's duplicate is (and in every path)
                raise _Refused(
                    f"is not valid YAML: the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


_Loader.yaml_constructors = {
    **{
        tag: constructor
        for tag, constructor in yaml.SafeLoader.yaml_constructors.items()
        if tag in _JSON_TAGS
    },
    "tag:yaml.org,2002:int": _Loader.construct_bounded_int,
    None: _Loader.construct_undefined,
}
# An unquoted 2026-11-26T08:00:00Z would otherwise become a datetime, and a DATE
# reference value a date object that the schema then calls "not a string".
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# PyYAML quotes what it found: a character of the file, an alias, anchor or tag name. Its
# own token names ('<stream end>', ':', ']') are kept: they say what was expected.
_QUOTED = re.compile(r""" ?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")
_TOKEN_NAME = re.compile(r"""'(?:<[a-z ]+>|[-\[\]{},?:])'""")


def _unquoted(text: str) -> str:
    return _QUOTED.sub(
        lambda m: m.group() if _TOKEN_NAME.fullmatch(m.group().strip()) else "", text
    )


def _yaml_error(error: yaml.YAMLError, text: str) -> UnreadableDefinition:
    # str(error) would quote the offending line of the file: keep the problem and positions.
    if isinstance(error, _Refused) and error.problem_mark is not None:  # always: an event's mark
        return _at(error.message, mark_position(error.problem_mark))
    if isinstance(error, yaml.reader.ReaderError):  # a control character, or not a character
        where = text_position(text, min(error.position, len(text)))
        return _at("is not valid YAML: a character YAML does not allow", where)
    if not isinstance(error, yaml.MarkedYAMLError):
        return UnreadableDefinition("is not valid YAML")
    problem = _unquoted(error.problem or error.context or "malformed")
    context = _unquoted(error.context) if error.context else None
    mark, start = error.problem_mark or error.context_mark, error.context_mark
    if context and problem.startswith("but "):  # "expected a single document ..., but found ..."
        problem, start = f"{context}, {problem}", None
    message = f"is not valid YAML: {problem}"
    if mark:
        message += f" (line {mark.line + 1}, column {mark.column + 1})"
    if (
        error.problem
        and context
        and start
        and (not mark or mark_position(start) != mark_position(mark))
    ):
        # Where the construct began: an unclosed quote is only noticed at the end of the file.
        if context.startswith("while "):
            message += (
                f", {context} that started at line {start.line + 1}, column {start.column + 1}"
            )
        else:  # "found duplicate anchor; first occurrence"
            message += f", {context} (line {start.line + 1}, column {start.column + 1})"
    # The end of the file (PyYAML's buffer ends with a NUL) has no line to annotate: an
    # unclosed quote or bracket is better pointed at where it opened.
    if mark and start and mark.buffer is not None and mark.pointer >= len(mark.buffer) - 1:
        mark = start
    return UnreadableDefinition(message, mark_position(mark) if mark else None)


def _load_yaml(text: str) -> Document:
    """yaml.load's steps with the node tree kept: where each member is comes from it."""
    loader = _Loader(text)  # its reader already refuses a character YAML does not allow
    try:
        node = loader.get_single_node()
        # Before constructing: that flattens each merge (<<) into its mapping, in place.
        positions = yaml_positions(node)
        data = None if node is None else loader.construct_document(node)
        return Document(text, data, positions)
    finally:
        loader.dispose()


def _parse_yaml(text: str) -> Document:
    try:
        return _load_yaml(text)
    except yaml.YAMLError as error:
        raise _yaml_error(error, text) from None


# -- both --------------------------------------------------------------------------------------
class Document:
    """One definition file's text, parsed: its :attr:`data` and its members' :attr:`positions`.

    A YAML file's positions come from the very node tree its data was built from, so the
    text is composed once; a JSON file's are scanned from the text when first asked for.
    """

    def __init__(self, text: str, data: Any, positions: Positions | None = None) -> None:
        self.text = text
        self.data = data
        self._positions = positions

    @property
    def positions(self) -> Positions:
        """Where each member starts, by path (see :mod:`~pulumi_connect_tasks.files.positions`)."""
        if self._positions is None:
            self._positions = json_positions(self.text)
        return self._positions


def parse_document(text: str, *, as_json: bool) -> Document:
    """The one document of ``text``, JSON or YAML, within this module's bounds, and where its
    members are. Raises UnreadableDefinition with the line and column of what stopped it."""
    return Document(text, _parse_json(text)) if as_json else _parse_yaml(text)
