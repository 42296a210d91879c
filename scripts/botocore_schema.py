"""Generate a JSON Schema (draft 2020-12) of an AWS operation's request from botocore's model.

    python scripts/botocore_schema.py                      # StartTaskContact -> the package's schemas/
    python scripts/botocore_schema.py --operation CreateTaskTemplate --output x.schema.json

The schema describes the request in AWS's own shape (what ``aws <service> <operation>
--cli-input-json`` takes) with every limit of the model: lengths, item counts, ranges,
required and known members, enums and patterns. Java-only regex classes are translated
to Python's ``re`` (which jsonschema uses); a pattern that cannot be translated stops the
generator rather than being dropped.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["shape_to_schema", "operation_schema", "translate_pattern", "main"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "pulumi_connect_tasks" / "schemas"

# Java's \p{C} ("other": control, format, surrogate, private use, unassigned) narrowed to
# the control characters (Cc): Python's re has no \p classes, and the other categories
# depend on the Unicode version on each side.
_CONTROL_RANGES = r"\x00-\x1f\x7f-\x9f"
_CONTROL_NOTE = (
    "botocore pattern {original} ; Python's re has no \\p{{...}} classes, so \\p{{C}} "
    "(Unicode 'other') is checked as the control characters U+0000-U+001F and U+007F-U+009F"
)
_MAX_DESCRIPTION = 300

# Enums that botocore's documentation text narrows for one operation: (operation, path of
# schema keys to the string) -> (allowed values, why, the sentence that says so). The
# schema keeps the sentence in "x-narrowed-by" (the drift test finds it in botocore) and
# the reason in "x-enum-reason" (validation adds it to the message).
DOCUMENTED_ENUMS: dict[tuple[str, tuple[str, ...]], tuple[list[str], str, str]] = {
    (
        "StartTaskContact",
        ("properties", "References", "additionalProperties", "properties", "Type"),
    ): (
        ["URL", "NUMBER", "STRING", "DATE", "EMAIL"],
        "the reference types a task can have when it is created",
        "Tasks can have the following reference types at the time of creation: URL | NUMBER | "
        "STRING | DATE | EMAIL. ATTACHMENT is not a supported reference type during task creation.",
    ),
}


def translate_pattern(pattern: str) -> str:
    """``pattern`` with \\p{C} / \\P{C} rewritten for Python's re; ValueError if untranslatable."""
    out, i, in_class, class_start = [], 0, False, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            pair = pattern[i : i + 2]
            if pair in ("\\p", "\\P") and pattern.startswith("{", i + 2):
                end = pattern.find("}", i)
                name = pattern[i + 3 : end]
                if end < 0 or name != "C" or (in_class and pair == "\\P"):
                    raise ValueError(
                        f"cannot translate {pattern[i : end + 1]!r} in pattern {pattern!r}"
                    )
                negate = "^" if pair == "\\P" else ""
                out.append(_CONTROL_RANGES if in_class else f"[{negate}{_CONTROL_RANGES}]")
                i, class_start = end + 1, False
                continue
            out.append(pair)
            i, class_start = i + 2, False
            continue
        if char == "[" and not in_class:
            in_class, class_start = True, True
            out.append(pattern[i : i + 2] if pattern.startswith("[^", i) else char)
            i += 2 if pattern.startswith("[^", i) else 1
            continue
        if char == "]" and in_class and not class_start:
            in_class = False
        class_start = False
        out.append(char)
        i += 1
    translated = "".join(out)
    re.compile(translated)
    return translated


def _description(documentation: str) -> str:
    """The first paragraph of botocore's HTML documentation as text, cut at a sentence end."""
    first = re.split(r"</p>", documentation, maxsplit=1)[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", first)).split())
    text = re.sub(r" ([.,;:)])", r"\1", text)
    if len(text) <= _MAX_DESCRIPTION:
        return text
    cut = text[:_MAX_DESCRIPTION]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > 0 else cut.rstrip() + "..."


def _recursive_names(shape: Any) -> set[str]:
    """Names of the shapes that reach themselves (each cycle is cut at one of them)."""
    found: set[str] = set()

    def walk(node: Any, stack: tuple[str, ...]) -> None:
        if node.name in stack:
            found.add(node.name)
            return
        for child in _children(node):
            walk(child, stack + (node.name,))

    walk(shape, ())
    return found


def _children(shape: Any) -> list[Any]:
    if shape.type_name == "structure":
        return list(shape.members.values())
    if shape.type_name == "list":
        return [shape.member]
    if shape.type_name == "map":
        return [shape.key, shape.value]
    return []


def _limits(shape: Any, low_key: str, high_key: str) -> dict[str, Any]:
    limits = {}
    if "min" in shape.metadata:
        limits[low_key] = shape.metadata["min"]
    if "max" in shape.metadata:
        limits[high_key] = shape.metadata["max"]
    return limits


def _string(shape: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", **_limits(shape, "minLength", "maxLength")}
    if shape.enum:
        schema["enum"] = list(shape.enum)
    if "pattern" in shape.metadata:
        original = shape.metadata["pattern"]
        try:
            schema["pattern"] = translate_pattern(original)
        except (ValueError, re.error) as error:
            raise ValueError(f"shape {shape.name}: {error}") from None
        if schema["pattern"] != original:
            schema["$comment"] = _CONTROL_NOTE.format(original=original)
    return schema


class _Converter:
    def __init__(self, root: Any) -> None:
        self.recursive = _recursive_names(root)
        self.defs: dict[str, dict] = {}

    def convert(self, shape: Any) -> dict[str, Any]:
        if shape.name in self.recursive:
            if shape.name not in self.defs:
                self.defs[shape.name] = {}  # placeholder: stops the recursion
                self.defs[shape.name] = self.body(shape)
                self.defs[shape.name].pop("description", None)  # member docs go on each $ref
            schema: dict[str, Any] = {"$ref": f"#/$defs/{shape.name}"}
        else:
            schema = self.body(shape)
        if shape.documentation:
            schema["description"] = _description(shape.documentation)
        if shape.metadata.get("sensitive"):
            schema["x-sensitive"] = True
        if shape.metadata.get("idempotencyToken"):
            schema["x-idempotency-token"] = True
        return schema

    def body(self, shape: Any) -> dict[str, Any]:
        kind = shape.type_name
        if kind == "structure":
            schema: dict[str, Any] = {
                "type": "object",
                "title": shape.name,
                "properties": {
                    name: self.convert(member) for name, member in shape.members.items()
                },
                "additionalProperties": False,
            }
            if shape.required_members:
                schema["required"] = list(shape.required_members)
            if shape.metadata.get("union"):
                schema.update(minProperties=1, maxProperties=1)
            return schema
        if kind == "list":
            return {
                "type": "array",
                "items": self.convert(shape.member),
                **_limits(shape, "minItems", "maxItems"),
            }
        if kind == "map":
            return {
                "type": "object",
                "propertyNames": _string(shape.key),
                "additionalProperties": self.convert(shape.value),
                **_limits(shape, "minProperties", "maxProperties"),
            }
        if kind == "string":
            return _string(shape)
        if kind in ("integer", "long"):
            return {"type": "integer", **_limits(shape, "minimum", "maximum")}
        if kind in ("float", "double"):
            return {"type": "number", **_limits(shape, "minimum", "maximum")}
        if kind == "boolean":
            return {"type": "boolean"}
        if kind == "timestamp":
            # botocore takes epoch seconds or a timestamp string (and datetime objects).
            return {"type": ["number", "string"], "format": "date-time"}
        if kind == "blob":
            return {"type": "string", "contentEncoding": "base64"}
        raise ValueError(f"shape {shape.name}: unsupported botocore type {kind!r}")


def shape_to_schema(shape: Any) -> dict[str, Any]:
    """A self-contained JSON Schema of a botocore shape (recursive shapes under ``$defs``)."""
    converter = _Converter(shape)
    schema = converter.convert(shape)
    if converter.defs:
        schema["$defs"] = converter.defs
    return schema


def _narrow_enum(
    schema: dict[str, Any], path: tuple[str, ...], allowed: list[str], reason: str, sentence: str
) -> None:
    node = schema
    for key in path:
        node = node[key]
    missing = sorted(set(allowed) - set(node["enum"]))
    if missing:
        raise ValueError(f"{'.'.join(path)}: botocore's enum no longer has {', '.join(missing)}")
    node["enum"] = list(allowed)
    node["x-enum-reason"] = reason
    node["x-narrowed-by"] = sentence


def operation_schema(operation: str, service: str = "connect") -> dict[str, Any]:
    """The full JSON Schema document of one operation's request."""
    import botocore.session  # only the generator needs botocore

    model = botocore.session.get_session().get_service_model(service)
    schema = shape_to_schema(model.operation_model(operation).input_shape)
    for (name, path), (allowed, reason, sentence) in DOCUMENTED_ENUMS.items():
        if name == operation:
            _narrow_enum(schema, path, allowed, reason, sentence)
    schema["title"] = f"{operation} request"
    schema["$schema"] = DRAFT
    schema["$comment"] = (
        f"Generated by scripts/botocore_schema.py from botocore's {service} model "
        f"({operation} input shape); do not edit by hand, run the script."
    )
    return schema


def render(schema: dict[str, Any]) -> str:
    """The file text: sorted keys, indent 2, final newline."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema file; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", default="connect")
    parser.add_argument("--operation", default="StartTaskContact")
    parser.add_argument(
        "--output", type=Path, help="default: schemas/<operation in snake case>.schema.json"
    )
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = SCHEMA_DIR / (
            re.sub(r"(?<!^)(?=[A-Z])", "_", args.operation).lower() + ".schema.json"
        )
    args.output.write_text(render(operation_schema(args.operation, args.service)), encoding="utf-8")
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
