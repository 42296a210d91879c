"""Validation of a CreateTaskTemplate request: the JSON Schema plus the rules it says badly.

The schema (``schemas/create_task_template.schema.json``, generated from botocore's
model by ``scripts/botocore_schema.py``) holds the static shape. The rules below hold
what spans several members, and what the model's documentation states but its shapes
do not: Constraints is required, exactly one field has Type NAME and RequiredFields
lists it, and the template has a ContactFlowId or a field of Type QUICK_CONNECT.

Messages name the rule, never a value; UNKNOWN values (Pulumi preview) count as present
and skip the rules that need them. Depends on jsonschema and the standard library only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..common.unknown import UNKNOWN
from ..common.violations import Violation, schema_violations

__all__ = ["CREATE_TASK_TEMPLATE_SCHEMA", "validate_task_template"]

CREATE_TASK_TEMPLATE_SCHEMA = "create_task_template.schema.json"
_CONSTRAINT_LISTS = ("RequiredFields", "ReadOnlyFields", "InvisibleFields")


def _name_of(entry: Any) -> Any:
    """An entry's Id.Name; UNKNOWN if it is not known yet; None if absent or not readable."""
    if entry is UNKNOWN:
        return UNKNOWN
    identifier = entry.get("Id") if isinstance(entry, dict) else None
    if identifier is UNKNOWN:
        return UNKNOWN
    return identifier.get("Name") if isinstance(identifier, dict) else None


class _Fields:
    """What the rules need to know about Fields; ``complete`` is False when part is UNKNOWN."""

    def __init__(self, fields: Any) -> None:
        self.items: list[tuple[int, dict[str, Any]]] = []
        self.complete = isinstance(fields, list)
        for index, field in enumerate(fields if isinstance(fields, list) else []):
            if isinstance(field, dict):
                self.items.append((index, field))
            else:
                self.complete = False  # UNKNOWN, or a type error the schema reports
        self.names: dict[str, tuple[int, dict[str, Any]]] = {}
        for index, field in self.items:
            name = _name_of(field)
            if isinstance(name, str):
                self.names.setdefault(name, (index, field))
            elif name is UNKNOWN:
                self.complete = False
        self.types_known = self.complete and all(
            field.get("Type") is not UNKNOWN for _, field in self.items
        )

    def of_type(self, kind: str) -> list[tuple[int, dict[str, Any]]]:
        return [(index, field) for index, field in self.items if field.get("Type") == kind]


def _field_rules(fields: _Fields) -> Iterator[Violation]:
    seen: dict[str, int] = {}
    for index, field in fields.items:
        name = _name_of(field)
        if isinstance(field.get("Id"), dict) and "Name" not in field["Id"]:
            yield Violation(("Fields", index, "Id", "Name"), "is required")
        elif isinstance(name, str):
            if name in seen:
                yield Violation(
                    ("Fields", index, "Id", "Name"),
                    f"must be unique: Fields[{seen[name]}] has the same name",
                )
            else:
                seen[name] = index
        if field.get("Type") == "SINGLE_SELECT" and field.get("SingleSelectOptions") in (None, []):
            yield Violation(
                ("Fields", index, "SingleSelectOptions"),
                "must list at least one option for a field of Type SINGLE_SELECT",
            )
    if fields.types_known and len(fields.of_type("NAME")) != 1:
        yield Violation(
            ("Fields",),
            f"must contain exactly one field of Type NAME (found {len(fields.of_type('NAME'))})",
        )


def _required_rules(request: dict[str, Any], fields: _Fields) -> Iterator[Violation]:
    constraints = request.get("Constraints")
    if "Constraints" not in request:
        yield Violation(
            ("Constraints",),
            "is required: Amazon Connect requires it although its model marks it optional",
        )
    elif isinstance(constraints, dict):
        required = constraints.get("RequiredFields")
        names = [_name_of(entry) for entry in required] if isinstance(required, list) else None
        name_fields = fields.of_type("NAME") if fields.types_known else []
        if required is None or names == []:
            yield Violation(("Constraints", "RequiredFields"), "must list the field of Type NAME")
        elif names is not None and UNKNOWN not in names and len(name_fields) == 1:
            if _name_of(name_fields[0][1]) not in names:
                yield Violation(
                    ("Constraints", "RequiredFields"), "must list the field of Type NAME"
                )
    flow = request.get("ContactFlowId")
    if (flow is None or flow == "") and fields.types_known and not fields.of_type("QUICK_CONNECT"):
        yield Violation(("ContactFlowId",), "is required unless a field has Type QUICK_CONNECT")


def _entries(request: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    constraints = request.get("Constraints")
    for key in _CONSTRAINT_LISTS:
        listed = constraints.get(key) if isinstance(constraints, dict) else None
        for index, entry in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(entry, dict):
                yield ("Constraints", key, index), entry
    defaults = request.get("Defaults")
    listed = defaults.get("DefaultFieldValues") if isinstance(defaults, dict) else None
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        if isinstance(entry, dict):
            yield ("Defaults", "DefaultFieldValues", index), entry


def _reference_rules(request: dict[str, Any], fields: _Fields) -> Iterator[Violation]:
    for path, entry in _entries(request):
        name = _name_of(entry)
        if isinstance(entry.get("Id"), dict) and "Name" not in entry["Id"]:
            yield Violation(path + ("Id", "Name"), "is required")
        if not isinstance(name, str):
            continue
        if name not in fields.names:
            if fields.complete:
                yield Violation(path + ("Id", "Name"), "must name a field in Fields")
            continue
        field = fields.names[name][1]
        value, options = entry.get("DefaultValue"), field.get("SingleSelectOptions")
        if (
            path[0] == "Defaults"
            and field.get("Type") == "SINGLE_SELECT"
            and isinstance(options, list)
        ):
            if isinstance(value, str) and UNKNOWN not in options and value not in options:
                yield Violation(
                    path + ("DefaultValue",), "must be one of the field's SingleSelectOptions"
                )


def validate_task_template(request: dict, *, now: datetime) -> list[Violation]:
    """Every violation of ``request`` (CreateTaskTemplate, AWS shape), sorted by path then message.

    ``now`` is the validation clock, taken as :func:`validate_start_task_contact` takes
    it so that callers treat both alike; no template rule depends on it.
    A member is present when its key is in ``request`` (an UNKNOWN value included).
    """
    violations = schema_violations(CREATE_TASK_TEMPLATE_SCHEMA, request)
    if isinstance(request, dict):
        fields = _Fields(request.get("Fields"))
        violations.update(_field_rules(fields))
        violations.update(_required_rules(request, fields))
        violations.update(_reference_rules(request, fields))
    return sorted(violations, key=lambda v: (tuple(str(p) for p in v.path), v.message))
