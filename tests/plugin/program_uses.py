"""What a Pulumi program asks of the connect-tasks schema, read from its text.

The examples in ``examples/`` and the code blocks of ``docs/provider-plugin.md`` cannot run
here (no Pulumi CLI, no generated SDK), so their names are held to the schema instead. Each
reader turns a program's text into :class:`Use` records, and :func:`problems` checks them:

1. ``Use(kind="inputs")``: properties given to a resource, the provider, a function or an
   object type (TypeScript object literals and YAML mappings are walked into their nested
   types; a Go ``XArgs{...}`` or C# ``new XArgs {...}`` literal is one use of its own);
2. ``Use(kind="outputs")``: a chain of properties read from a resource or a function's
   result (``verify.contactId``, ``file.inputs.name``, ``${incident.templateId}``);
3. ``Use(kind="token")``: a name of the package (``connectTasks.readTaskFiles``,
   ``connecttasks.ReferenceMap``, ``connect-tasks:index:Task``, ``connect-tasks:region``).

The readers understand the constrained style the examples and the page are written in (one
``new connectTasks.X(name, {...})`` per resource, bindings by ``const``/``:=``/``var``), not
every program: a use they cannot see is not checked, which the tests guard against by
counting the uses found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

PACKAGE = "connect-tasks"
_INDEX = f"{PACKAGE}:index:"
PROVIDER = "provider"
_RESOURCE_BASE = frozenset({"id", "urn"})

_TOKEN = re.compile(
    r"""
    (?P<skip>\s+|//[^\n]*|/\*.*?\*/)
    |(?P<str>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)
    |(?P<spread>\.\.\.)
    |(?P<word>[A-Za-z_$][\w$]*|\d[\w.]*)
    |(?P<punct>.)
    """,
    re.S | re.X,
)
_OPEN, _CLOSE = "([{", ")]}"


@dataclass(frozen=True)
class Use:
    """One place a program names something of the schema.

    ``kind`` is ``inputs`` (``target`` a resource or type token, ``PROVIDER``, or a function
    token; ``names`` the property names given; ``complete`` False where a spread may give
    more, so required inputs are not checked), ``outputs`` (``names`` a chain read from
    ``target``) or ``token`` (``names`` holds one name to find in the schema).
    """

    where: str
    kind: str
    target: str
    names: tuple[str, ...]
    complete: bool = True


@dataclass
class _Object:
    keys: dict[str, Any] = field(default_factory=dict)
    spreads: int = 0


_OPAQUE = object()


# -- the schema's side ---------------------------------------------------------------------------
def _ref(spec: dict[str, Any]) -> str | None:
    ref = spec.get("$ref", "")
    return ref.removeprefix("#/types/") if ref.startswith("#/types/") else None


def input_properties(schema: dict[str, Any], target: str) -> tuple[dict[str, Any], list[str]]:
    """``(properties, required)`` a use of ``target`` may give; KeyError for no such target."""
    if target == PROVIDER:
        return schema["provider"]["inputProperties"], []
    if target in schema["resources"]:
        res = schema["resources"][target]
        return res["inputProperties"], res.get("requiredInputs", [])
    if target in schema["functions"]:
        spec = schema["functions"][target]["inputs"]
        return spec["properties"], spec.get("required", [])
    spec = schema["types"][target]
    return spec["properties"], spec.get("required", [])


def output_properties(schema: dict[str, Any], target: str) -> dict[str, Any]:
    """The properties a program may read from ``target``; KeyError for no such target."""
    if target == PROVIDER:
        return {**schema["provider"]["properties"], **dict.fromkeys(_RESOURCE_BASE, {})}
    if target in schema["resources"]:
        return {**schema["resources"][target]["properties"], **dict.fromkeys(_RESOURCE_BASE, {})}
    if target in schema["functions"]:
        return schema["functions"][target]["outputs"]["properties"]
    return schema["types"][target]["properties"]


def _known_tokens(schema: dict[str, Any]) -> set[str]:
    return {*schema["resources"], *schema["functions"], *schema["types"]}


def problems(schema: dict[str, Any], uses: list[Use]) -> list[str]:
    """One line per name the schema does not have, or required input not given."""
    found: list[str] = []
    for use in uses:
        if use.kind == "token":
            (name,) = use.names
            if not _token_known(schema, name):
                found.append(f"{use.where}: {name} is not in the schema")
        elif use.kind == "inputs":
            try:
                properties, required = input_properties(schema, use.target)
            except KeyError:
                found.append(f"{use.where}: {use.target} is not in the schema")
                continue
            found += [
                f"{use.where}: {use.target} has no input {name!r}"
                for name in use.names
                if name not in properties
            ]
            if use.complete:
                found += [
                    f"{use.where}: {use.target} needs the input {name!r}"
                    for name in required
                    if name not in use.names
                ]
        else:
            found += _chain_problems(schema, use)
    return found


def _chain_problems(schema: dict[str, Any], use: Use) -> list[str]:
    target: str | None = use.target
    for name in use.names:
        if target is None:
            return []  # a scalar, a map or a list: what follows is the language's, not ours
        try:
            properties = output_properties(schema, target)
        except KeyError:
            return [f"{use.where}: {target} is not in the schema"]
        if name not in properties:
            return [f"{use.where}: {target} has no output {name!r}"]
        spec = properties[name]
        items = spec.get("items", {})
        target = _ref(spec) or _ref(items)
    return []


def _token_known(schema: dict[str, Any], name: str) -> bool:
    """``connect-tasks:index:X``, ``connect-tasks:X`` (a short token or a config key), or
    ``sdk:X``, a name as an SDK spells it with its suffixes taken off (:func:`_base`)."""
    if name.startswith(_INDEX):
        return name in _known_tokens(schema)
    if name.startswith(f"{PACKAGE}:"):
        short = name.removeprefix(f"{PACKAGE}:")
        return short in schema["config"]["variables"] or f"{_INDEX}{short}" in _known_tokens(schema)
    short = name.removeprefix("sdk:")
    names = {token.removeprefix(_INDEX) for token in _known_tokens(schema)}
    return short in names or short[:1].lower() + short[1:] in names or short == "Provider"


# -- reading text --------------------------------------------------------------------------------
class Tokens(list):
    """A program's tokens (strings whole; comments and blanks dropped), with their lines;
    an index outside the list reads as ``""``, so patterns can look either way freely."""

    def __init__(self, text: str) -> None:
        found = [m for m in _TOKEN.finditer(text) if m.lastgroup != "skip"]
        super().__init__(m.group() for m in found)
        self.lines = [text.count("\n", 0, m.start()) + 1 for m in found]

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, int) and not 0 <= i < len(self):
            return ""
        return super().__getitem__(i)


def _unquote(token: str) -> str:
    return token[1:-1] if token[:1] in "\"'`" else token


def _skip_expression(toks: Tokens, i: int) -> int:
    """The index of the ``,`` or closing bracket that ends the expression at ``i``."""
    depth = 0
    while i < len(toks):
        tok = toks[i]
        if tok in _OPEN:
            depth += 1
        elif tok in _CLOSE:
            if depth == 0:
                return i
            depth -= 1
        elif tok == "," and depth == 0:
            return i
        i += 1
    return i


def _value(toks: Tokens, i: int, assign: str, nested: bool) -> tuple[Any, int]:
    """The value at ``i`` and where it ends: with ``nested``, an object literal as an
    :class:`_Object` and an array literal as a list; anything else is opaque."""
    value: Any = _OPAQUE
    if nested and toks[i] == "{":
        value, j = _object(toks, i, assign, nested)
    elif nested and toks[i] == "[":
        value, j = [], i + 1
        while toks[j] != "]":
            item, j = _value(toks, j, assign, nested)
            value.append(item)
            j += toks[j] == ","
        j += 1
    if value is not _OPAQUE and (toks[j] == "," or toks[j] in _CLOSE):
        return value, j
    return _OPAQUE, _skip_expression(toks, i)  # {...}.x, [...].map(...): an expression


def _object(toks: Tokens, i: int, assign: str, nested: bool) -> tuple[_Object, int]:
    """The object literal opening at ``toks[i] == "{"``: its keys (``assign`` is ``:`` or
    ``=``) and the index after its ``}``. A key is a name or a quoted string."""
    if toks[i] != "{":
        raise ValueError(f"line {toks.lines[i]}: an object literal was expected, not {toks[i]!r}")
    obj, i = _Object(), i + 1
    while toks[i] != "}":
        if toks[i] == "...":
            obj.spreads += 1
            i = _skip_expression(toks, i + 1)
        else:
            key = _unquote(toks[i])
            if toks[i + 1] == assign:
                obj.keys[key], i = _value(toks, i + 2, assign, nested)
            elif toks[i + 1] in (",", "}"):
                obj.keys[key], i = _OPAQUE, i + 1  # shorthand: { instanceId }
            else:
                raise ValueError(f"line {toks.lines[i]}: not an object literal at {key!r}")
        i += toks[i] == ","
    return obj, i + 1


def _walk(schema: dict[str, Any], where: str, target: str, obj: _Object, uses: list[Use]) -> None:
    """``obj`` as a use of ``target``, and each object inside it as a use of its type."""
    uses.append(Use(where, "inputs", target, tuple(obj.keys), complete=obj.spreads == 0))
    try:
        properties, _ = input_properties(schema, target)
    except KeyError:
        return
    for key, value in obj.keys.items():
        _walk_value(schema, where, properties.get(key, {}), value, uses)


def _walk_value(
    schema: dict[str, Any], where: str, spec: dict[str, Any], value: Any, uses: list[Use]
) -> None:
    ref = _ref(spec)
    if ref:
        if isinstance(value, (_Object, dict)):
            _walk(schema, where, ref, _as_object(value), uses)
        return
    members: Any = ()
    if isinstance(spec.get("additionalProperties"), dict):
        spec = spec["additionalProperties"]
        members = _as_object(value).keys.values() if isinstance(value, (_Object, dict)) else ()
    elif isinstance(spec.get("items"), dict):
        spec = spec["items"]
        members = value if isinstance(value, list) else ()
    for member in members:
        _walk_value(schema, where, spec, member, uses)


def _as_object(value: _Object | dict[str, Any]) -> _Object:
    return value if isinstance(value, _Object) else _Object(dict(value))


def _chain(toks: Tokens, i: int, rename: Any = str) -> tuple[str, ...]:
    """The names of ``.a.b!.c`` from ``toks[i] == "."``; a method call ends the chain."""
    names = []
    while toks[i] == "." and toks[i + 2] != "(":
        names.append(rename(toks[i + 1]))
        i += 2
        i += toks[i] == "!"
    return tuple(names)


def _item_type(schema: dict[str, Any], result: str, name: str) -> str | None:
    """The type of the items of ``result``'s list output ``name`` (``tasks``: TaskFile)."""
    spec = output_properties(schema, result).get(name, {})
    return _ref(spec.get("items", {}))


# -- TypeScript ----------------------------------------------------------------------------------
def typescript_uses(schema: dict[str, Any], text: str, where: str, sdk: str) -> list[Use]:
    """Uses in TypeScript that imports the SDK as ``sdk`` (``connectTasks``)."""
    toks = Tokens(text)
    uses: list[Use] = []
    bound: dict[str, str] = {}  # a variable -> the resource, function or type it holds
    maps: dict[str, str] = {}  # a Map<string, sdk.X> variable -> X's token
    for i, tok in enumerate(toks):
        at = f"{where}:{toks.lines[i]}"
        if tok == sdk and toks[i + 1] == ".":
            name = toks[i + 2]
            uses.append(Use(at, "token", "", (f"sdk:{_base(name)}",)))
            if toks[i + 3] == "(" and _base(name) == "readTaskFiles":
                function = f"{_INDEX}readTaskFiles"
                _walk(schema, at, function, _object(toks, i + 4, ":", True)[0], uses)
                if toks[i - 1] == "await" and toks[i - 2] == "=":
                    bound[toks[i - 3]] = function  # const files = await sdk.readTaskFiles(
            elif toks[i - 1] == "new" and toks[i + 3] == "(":
                target = PROVIDER if name == "Provider" else f"{_INDEX}{name}"
                j = _skip_expression(toks, i + 4)  # past the resource's name
                _walk(schema, at, target, _object(toks, j + 1, ":", True)[0], uses)
                if toks[i - 2] == "=":
                    bound[toks[i - 3]] = target  # const task = new sdk.Task(
            elif toks[i - 1] == "," and toks[i - 3] == "<" and toks[i - 4] == "Map":
                maps[toks[i - 7]] = f"{_INDEX}{name}"  # const m = new Map<string, sdk.Task>
        if tok == "for" and toks[i + 4] == "of" and toks[i + 5] in bound and toks[i + 6] == ".":
            item = _item_type(schema, bound[toks[i + 5]], toks[i + 7])
            if item:
                bound[toks[i + 3]] = item  # for (const file of files.tasks)
    for i, tok in enumerate(toks):
        if toks[i - 1] == "." or toks[i + 1] != ".":
            continue
        at = f"{where}:{toks.lines[i]}"
        if tok in bound:
            uses.append(Use(at, "outputs", bound[tok], _chain(toks, i + 1)))
        elif tok in maps and toks[i + 2] == "get" and toks[i + 3] == "(":
            j = _skip_expression(toks, i + 4) + 1  # m.get(key)!.contactId
            j += toks[j] == "!"
            if toks[j] == ".":
                uses.append(Use(at, "outputs", maps[tok], _chain(toks, j)))
    return uses


# -- Go and C# -----------------------------------------------------------------------------------
def camel(name: str) -> str:
    """An SDK's PascalCase name in the schema's camelCase: ``ContactFlowId`` -> ``contactFlowId``."""
    return name[:1].lower() + name[1:]


def _base(name: str) -> str:
    """The schema name an SDK name is made from: ``NewTask`` -> ``Task``, ``ReferenceMap`` ->
    ``Reference``, ``ReadTaskFilesArgs`` -> ``ReadTaskFiles``, ``readTaskFilesOutput`` ->
    ``readTaskFiles``."""
    name = name.removeprefix("New") if re.match(r"New[A-Z]", name) else name
    return re.sub(r"(Invoke|Args|Map|Array|Output|Input|Result|Ptr)+$", "", name) or name


def _args_target(schema: dict[str, Any], args_class: str) -> str:
    """The schema target of a Go or C# ``XArgs`` class: the inputs of a resource, a
    function, the provider or a type."""
    name = _base(args_class)
    if name == "Provider":
        return PROVIDER
    if f"{_INDEX}{camel(name)}" in schema["functions"]:
        return f"{_INDEX}{camel(name)}"
    return f"{_INDEX}{name}"


def _args_literals(schema: dict[str, Any], where: str, toks: Tokens, assign: str) -> list[Use]:
    """Each ``XArgs{...}`` (Go) or ``new XArgs {...}`` (C#) literal as one use, its keys in
    camelCase (the literals inside it are uses of their own)."""
    uses = []
    for i, tok in enumerate(toks):
        if tok.endswith("Args") and toks[i + 1] == "{":
            keys = _object(toks, i + 1, assign, False)[0].keys
            target = _args_target(schema, tok)
            uses.append(Use(f"{where}:{toks.lines[i]}", "inputs", target, tuple(map(camel, keys))))
    return uses


def _bound_chains(toks: Tokens, bound: dict[str, str], where: str) -> list[Use]:
    return [
        Use(f"{where}:{toks.lines[i]}", "outputs", bound[tok], _chain(toks, i + 1, camel))
        for i, tok in enumerate(toks)
        if tok in bound and toks[i + 1] == "." and toks[i - 1] != "."
    ]


def go_uses(schema: dict[str, Any], text: str, where: str, sdk: str = "connecttasks") -> list[Use]:
    """Uses in Go that imports the SDK's package as ``sdk``."""
    toks = Tokens(text)
    uses = _args_literals(schema, where, toks, ":")
    bound: dict[str, str] = {}
    for i, tok in enumerate(toks):
        if tok == sdk and toks[i + 1] == ".":
            name = toks[i + 2]
            uses.append(Use(f"{where}:{toks.lines[i]}", "token", "", (f"sdk:{_base(name)}",)))
            if toks[i - 1] == "=" and toks[i - 2] == ":" and toks[i - 4] == ",":
                if name.startswith("New"):  # task, err := sdk.NewTask(
                    bound[toks[i - 5]] = f"{_INDEX}{_base(name)}"
                elif f"{_INDEX}{camel(name)}" in schema["functions"]:
                    bound[toks[i - 5]] = f"{_INDEX}{camel(name)}"
        if tok == "range" and toks[i + 1] in bound and toks[i + 2] == "." and toks[i - 4] == ",":
            item = _item_type(schema, bound[toks[i + 1]], camel(toks[i + 3]))
            if item:
                bound[toks[i - 3]] = item  # for _, file := range files.Tasks
    return uses + _bound_chains(toks, bound, where)


def csharp_uses(schema: dict[str, Any], text: str, where: str) -> list[Use]:
    """Uses in C# of the namespace ``Pulumi.ConnectTasks`` (its aliases followed)."""
    toks = Tokens(text)
    uses = _args_literals(schema, where, toks, "=")
    aliases = dict(re.findall(r"using\s+(\w+)\s*=\s*Pulumi\.ConnectTasks\.(\w+)\s*;", text))
    bound: dict[str, str] = {}
    for i, tok in enumerate(toks):
        at = f"{where}:{toks.lines[i]}"
        if tok == "ConnectTasks" and toks[i - 2] == "Pulumi" and toks[i + 1] == ".":
            if toks[i + 2] not in ("Inputs", "Outputs"):
                uses.append(Use(at, "token", "", (f"sdk:{_base(toks[i + 2])}",)))
        if tok == "new" and toks[i - 1] == "=" and toks[i - 3] == "var":
            j = i + 1
            while toks[j + 1] == ".":  # new Pulumi.ConnectTasks.Task(
                j += 2
            name = aliases.get(toks[j], toks[j])
            if toks[j + 1] == "(" and name == "Provider":
                bound[toks[i - 2]] = PROVIDER
            elif toks[j + 1] == "(" and f"{_INDEX}{name}" in schema["resources"]:
                bound[toks[i - 2]] = f"{_INDEX}{name}"
        if tok in ("InvokeAsync", "Invoke") and toks[i - 1] == ".":
            function = (
                f"{_INDEX}{camel(toks[i - 2])}"  # var files = await ReadTaskFiles.InvokeAsync(
            )
            uses.append(Use(at, "token", "", (function,)))
            if toks[i - 3] == "await" and toks[i - 4] == "=":
                bound[toks[i - 5]] = function
        if tok == "foreach" and toks[i + 5] in bound and toks[i + 6] == ".":
            item = _item_type(schema, bound[toks[i + 5]], camel(toks[i + 7]))
            if item:
                bound[toks[i + 3]] = item  # foreach (var file in files.Tasks)
    return uses + _bound_chains(toks, bound, where)


# -- YAML ----------------------------------------------------------------------------------------
_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][\w-]*)((?:\.[A-Za-z_]\w*)+)")


def yaml_uses(schema: dict[str, Any], text: str, where: str) -> list[Use]:
    """Uses in a Pulumi YAML program, or in a part of one (``packages:`` alone gives none)."""
    program = yaml.safe_load(text)
    if not isinstance(program, dict):
        return []
    uses = [
        Use(f"{where}: config", "token", "", (key,))
        for key in program.get("config") or {}
        if key.startswith(f"{PACKAGE}:")
    ]
    resources = program.get("resources") or {}
    targets = {}
    for name, resource in resources.items():
        kind = resource.get("type", "")
        if kind == f"pulumi:providers:{PACKAGE}":
            target = PROVIDER
        elif kind.startswith(f"{PACKAGE}:"):
            target = kind if kind.startswith(_INDEX) else kind.replace(":", ":index:", 1)
            targets[name] = target
        else:
            continue
        properties = resource.get("properties") or {}
        _walk(schema, f"{where}: resources.{name}", target, _Object(dict(properties)), uses)
    for path, invoke in _invokes(program, ""):
        function = invoke.get("function", "")
        token = function if function.startswith(_INDEX) else function.replace(":", ":index:", 1)
        at = f"{where}: {path}"
        _walk(schema, at, token, _Object(dict(invoke.get("arguments") or {})), uses)
        if "return" in invoke:
            uses.append(Use(at, "outputs", token, (invoke["return"],)))
    for name, chain in _INTERPOLATION.findall(text):
        if name in targets:
            uses.append(
                Use(
                    f"{where}: ${{{name}{chain}}}",
                    "outputs",
                    targets[name],
                    tuple(chain[1:].split(".")),
                )
            )
    return uses


def _invokes(value: Any, path: str) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(value, dict):
        found = [(path, value["fn::invoke"])] if "fn::invoke" in value else []
        for key, inner in value.items():
            found += _invokes(inner, f"{path}.{key}" if path else str(key))
        return found
    if isinstance(value, list):
        return [found for n, inner in enumerate(value) for found in _invokes(inner, f"{path}[{n}]")]
    return []


# -- any text ------------------------------------------------------------------------------------
def token_uses(text: str, where: str) -> list[Use]:
    """Every ``connect-tasks:index:X`` and ``connect-tasks:x`` (a config key or a short token)
    in ``text``, prose included."""
    found = re.findall(rf"(?<![\w/@-]){PACKAGE}:(?:index:)?\w+\b(?!:)", text)
    return [Use(where, "token", "", (name,)) for name in found]
