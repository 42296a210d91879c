"""Does a StartTaskContact request fit the task template it names?

Amazon Connect rejects a task whose template requires a field the request leaves
empty (InvalidRequestException) or whose reference has a type other than its template
field's (InvalidParameterException); it cannot start a task from an INACTIVE template
or from one without a flow of its own ("only the TaskTemplateID is specified but it does
not have a flow configured, the request returns an error"); and the template's default
references count towards the 4,096 bytes of a task's references.
:func:`template_violations` finds all of these before the call, from the GetTaskTemplate
response, and names the ConnectTask input to fix; :func:`check_against_template` reads the
template and refuses the task with them.

How a template field is filled: a field of Type NAME, DESCRIPTION or SCHEDULED_TIME by
the request's Name, Description or ScheduledTime; a field of Type QUICK_CONNECT,
SELF_ASSIGN or EXPIRY_DURATION by no member one to one (not checked); any other field
by the reference of the same name. A template default fills Name, Description and
references (not ScheduledTime, whose default format AWS does not document).
"""

from __future__ import annotations

from typing import Any

from ..common.errors import ConnectTaskError
from ..common.unknown import UNKNOWN, holds_unknown
from ..template import aws as template_aws
from .references import REFERENCES_BUDGET, references_size
from .requests import property_path

__all__ = ["FIELD_REFERENCE_TYPES", "template_violations", "check_against_template"]

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


def _status_and_flow(template: dict, template_name: str) -> list[tuple[str, str]]:
    """Only an ACTIVE template starts tasks, and only one with a flow of its own.

    A ContactFlowId beside the template is refused by the exactly-one-target rule
    before the template is read.
    """
    found = []
    if template.get("Status", "ACTIVE") != "ACTIVE":
        found.append(
            (
                "task_template_id",
                f"task template '{template_name}' is {template.get('Status')}; only an ACTIVE template starts tasks",
            )
        )
    if not template.get("ContactFlowId"):
        found.append(
            (
                "task_template_id",
                f"task template '{template_name}' has no flow configured, so AWS cannot start a task from it; "
                "set the template's contact_flow_id, or start the task with contact_flow_id instead of task_template_id",
            )
        )
    return found


def _with_defaults(
    template: dict, fields: dict[str, dict[str, Any]], references: Any
) -> dict[str, Any] | None:
    """The task's references once the template's defaults fill the fields the request leaves out."""
    if not isinstance(references, dict) and references is not None:
        return None
    merged = dict(references or {})
    for entry in (template.get("Defaults") or {}).get("DefaultFieldValues") or []:
        name = _name_of(entry)
        field = fields.get(name or "")
        if (
            name is None
            or field is None
            or name in merged
            or _where(name, field) != ("References", name)
        ):
            continue
        kind = FIELD_REFERENCE_TYPES.get(field.get("Type") or "", "STRING")
        merged[name] = {"Type": kind, "Value": entry.get("DefaultValue") or ""}
    return merged


def _references_budget(
    template: dict, template_name: str, fields: dict, request: dict
) -> list[tuple[str, str]]:
    merged = _with_defaults(template, fields, request.get("References"))
    if merged is None or holds_unknown(merged):
        return []
    size = references_size(merged)
    if size <= REFERENCES_BUDGET:
        return []
    return [
        (
            "references",
            f"with the default references of task template '{template_name}', names and values must total "
            f"at most {REFERENCES_BUDGET:,} UTF-8 bytes (measured {size:,} bytes)",
        )
    ]


def template_violations(
    template: dict, request: dict, *, starting: bool = True
) -> list[tuple[str, str]]:
    """``(input property path, message)`` of every required field the request leaves empty,
    every reference whose Type does not fit its template field, an inactive template, a
    template without a flow, and references over their byte budget once the template's
    defaults are added, sorted.

    With ``starting=False`` (an update of a task already started from the template) the
    template's status and flow are not checked: they only decide whether a task can start.

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
    found: set[tuple[str, str]] = set(_status_and_flow(template, template_name) if starting else ())
    found.update(_references_budget(template, template_name, fields, request))
    for entry in (template.get("Constraints") or {}).get("RequiredFields") or []:
        name = _name_of(entry)
        field = fields.get(name) if name is not None else None
        if name is None or field is None:
            continue
        where = _where(name, field)
        if where is None or _given(request, where):
            continue
        if name in defaulted and where[0] != "ScheduledTime":
            continue
        message = f"is required by {_describe(template_name, name, field.get('Type'))}"
        found.add((property_path(where), message))
    references = request.get("References")
    for ref_name, reference in references.items() if isinstance(references, dict) else []:
        field = fields.get(ref_name)
        wanted = FIELD_REFERENCE_TYPES.get(field.get("Type") or "") if field is not None else None
        given = reference.get("Type") if isinstance(reference, dict) else UNKNOWN
        if field is None or wanted is None or given is UNKNOWN or given == wanted:
            continue
        message = f"must be {wanted} to fit {_describe(template_name, ref_name, field['Type'])}"
        found.add((property_path(("References", ref_name, "Type")), message))
    return sorted(found)


def check_against_template(client: Any, request: dict, *, starting: bool = True) -> None:
    """Fail before StartTaskContact (or, with ``starting=False``, before an update's first
    call) when the task does not fit the template it names."""
    instance_id, template_id = request["InstanceId"], request["TaskTemplateId"]
    nothing_done = "no task was started" if starting else "nothing was changed"
    template = template_aws.get_task_template(client, instance_id, template_id)
    if template is None:
        if not starting:
            return  # the task keeps what it was started with; AWS checks the rest
        raise ConnectTaskError(
            f"task_template_id: task template {template_id} does not exist in instance {instance_id}; "
            f"{nothing_done}"
        )
    problems = template_violations(template, request, starting=starting)
    if problems:
        listed = "; ".join(f"{path}: {message}" for path, message in problems)
        raise ConnectTaskError(f"the task does not fit its task template, {nothing_done}: {listed}")
