"""Does a StartTaskContact request fit the task template it names?

Amazon Connect rejects a task whose template requires a field the request leaves
empty (InvalidRequestException) or whose reference has a type other than its template
field's (InvalidParameterException). :func:`template_violations` finds both before the
call, from the GetTaskTemplate response, and names the ConnectTask input to fix.

How a template field is filled: a field of Type NAME, DESCRIPTION or SCHEDULED_TIME by
the request's Name, Description or ScheduledTime; a field of Type QUICK_CONNECT,
SELF_ASSIGN or EXPIRY_DURATION by no member one to one (not checked); any other field
by the reference of the same name. A template default fills Name, Description and
references (not ScheduledTime, whose default format AWS does not document).
"""

from __future__ import annotations

from typing import Any

from .requests import property_path
from .validation import UNKNOWN

__all__ = ["FIELD_REFERENCE_TYPES", "template_violations"]

FIELD_REFERENCE_TYPES = {
    "TEXT": "STRING",
    "TEXT_AREA": "STRING",
    "BOOLEAN": "STRING",
    "SINGLE_SELECT": "STRING",
    "NUMBER": "NUMBER",
    "DATE_TIME": "DATE",
    "URL": "URL",
    "EMAIL": "EMAIL",
}
"""Template field type -> the reference type a task carries for it."""

_MEMBERS = {"NAME": "Name", "DESCRIPTION": "Description", "SCHEDULED_TIME": "ScheduledTime"}
_NOT_CHECKED = frozenset({"QUICK_CONNECT", "SELF_ASSIGN", "EXPIRY_DURATION"})


def _name_of(entry: Any) -> str | None:
    identifier = entry.get("Id") if isinstance(entry, dict) else None
    name = identifier.get("Name") if isinstance(identifier, dict) else None
    return name if isinstance(name, str) and name else None


def _filled(value: Any) -> bool:
    return value is UNKNOWN or (value is not None and value != "")


def _where(name: str, field: dict[str, Any]) -> tuple[str, ...] | None:
    """The request path that fills a field; None when no member does one to one."""
    kind = field.get("Type")
    if kind in _MEMBERS:
        return (_MEMBERS[kind],)
    if kind in _NOT_CHECKED:
        return None
    if kind is None and name in _MEMBERS.values():
        return (name,)
    return ("References", name)


def _given(request: dict[str, Any], where: tuple[str, ...]) -> bool:
    if where[0] != "References":
        return _filled(request.get(where[0]))
    references = request.get("References")
    if references is UNKNOWN:
        return True
    reference = references.get(where[1]) if isinstance(references, dict) else None
    return reference is UNKNOWN or (isinstance(reference, dict) and _filled(reference.get("Value")))


def _describe(template_name: str, field_name: str, kind: Any) -> str:
    detail = f"field {field_name}, {kind}" if isinstance(kind, str) else f"field {field_name}"
    return f"task template '{template_name}' ({detail})"


def _status_and_flow(template: dict, template_name: str, request: dict) -> list[tuple[str, str]]:
    """Only an ACTIVE template starts tasks; the flow comes from the template or the request."""
    found = []
    if template.get("Status", "ACTIVE") != "ACTIVE":
        found.append(("task_template_id", f"task template '{template_name}' is {template.get('Status')}; only an ACTIVE template starts tasks"))
    has_flow, given_flow = bool(template.get("ContactFlowId")), "ContactFlowId" in request
    if has_flow and given_flow:
        found.append(("contact_flow_id", f"must be left out: task template '{template_name}' has a flow of its own"))
    if not has_flow and not given_flow:
        found.append(("contact_flow_id", f"is required: task template '{template_name}' has no flow of its own"))
    return found


def template_violations(template: dict, request: dict) -> list[tuple[str, str]]:
    """``(input property path, message)`` of every required field the request leaves empty,
    every reference whose Type does not fit its template field, an inactive template and
    a flow given twice or not at all, sorted.

    ``template`` is a GetTaskTemplate response, ``request`` a StartTaskContact request in
    AWS shape. A template default satisfies a required Name, Description or reference.
    Messages name the template, the field and the rule, never a value of the request.
    UNKNOWN values count as given and their type as fitting.
    """
    template_name = template.get("Name") or template.get("Id") or "?"
    fields: dict[str, dict[str, Any]] = {}
    for field in template.get("Fields") or []:
        name = _name_of(field)
        if name is not None:
            fields.setdefault(name, field)
    defaulted = {
        name
        for entry in (template.get("Defaults") or {}).get("DefaultFieldValues") or []
        if (name := _name_of(entry)) is not None and entry.get("DefaultValue")
    }
    found: set[tuple[str, str]] = set(_status_and_flow(template, template_name, request))
    for entry in (template.get("Constraints") or {}).get("RequiredFields") or []:
        name = _name_of(entry)
        field = fields.get(name or "")
        where = _where(name, field) if name is not None and field is not None else None
        if where is None or _given(request, where):
            continue
        if name in defaulted and where[0] != "ScheduledTime":
            continue
        message = f"is required by {_describe(template_name, name, field.get('Type'))}"
        found.add((property_path(where), message))
    references = request.get("References")
    for ref_name, reference in (references.items() if isinstance(references, dict) else []):
        field = fields.get(ref_name)
        wanted = FIELD_REFERENCE_TYPES.get(field.get("Type")) if field is not None else None
        given = reference.get("Type") if isinstance(reference, dict) else UNKNOWN
        if wanted is None or given is UNKNOWN or given == wanted:
            continue
        message = f"must be {wanted} to fit {_describe(template_name, ref_name, field['Type'])}"
        found.add((property_path(("References", ref_name, "Type")), message))
    return sorted(found)
