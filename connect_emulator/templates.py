"""Task template operations, and what a template does to the task StartTaskContact starts.

The rules AWS applies to a template live here: the shape check (dispatch) comes
first, then the rules across members, reported together in one
PropertyValidationException. Those the model's documentation states: Constraints
is required; exactly one field has Type NAME and RequiredFields lists it; the
template has a ContactFlowId or a field of Type QUICK_CONNECT; UpdateTaskTemplate
requires Status. Those that follow from the shapes: every field has a unique
``Id.Name``, a SINGLE_SELECT field has options, every Constraints and Defaults
entry names a field of the template, a SINGLE_SELECT default is one of its
options, the flows it names exist in the instance. An instance holds at most 50
templates (not adjustable).

UNC (AWS documents neither): UpdateTaskTemplate is documented as a full update,
so the members it does not send are removed, except Name and Fields, which a
template always has and which keep their values; a CreateTaskTemplate
ClientToken replays the template it created for 7 days, even after that
template was deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from .exceptions import (
    InvalidParameterException,
    InvalidRequestException,
    PropertyValidationException,
    ServiceQuotaExceededException,
)
from .resources import TaskTemplate
from .store import Store

__all__ = [
    "FIELD_MEMBERS",
    "FIELD_REFERENCE_TYPES",
    "MAX_TASK_TEMPLATES",
    "TEMPLATE_TOKEN_WINDOW_SECONDS",
    "TemplateOperations",
    "apply_template",
]

MAX_TASK_TEMPLATES = 50
TEMPLATE_TOKEN_WINDOW_SECONDS = 7 * 24 * 3600
# Template field type → the reference type a task carries for it.
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
# Template field type → the StartTaskContact member that fills it. QUICK_CONNECT,
# SELF_ASSIGN and EXPIRY_DURATION have no one-to-one member: not checked.
FIELD_MEMBERS = {"NAME": "Name", "DESCRIPTION": "Description", "SCHEDULED_TIME": "ScheduledTime"}
_NOT_CHECKED = ("QUICK_CONNECT", "SELF_ASSIGN", "EXPIRY_DURATION")
_CONSTRAINT_LISTS = ("RequiredFields", "ReadOnlyFields", "InvisibleFields")
# Template member → keyword argument of the backend methods.
_CONTENT_ARGUMENTS = {
    "Name": "name",
    "Description": "description",
    "ContactFlowId": "contact_flow_id",
    "SelfAssignFlowId": "self_assign_flow_id",
    "ContactHooks": "contact_hooks",
    "Constraints": "constraints",
    "Defaults": "defaults",
    "Status": "status",
    "Fields": "fields",
}


def _content(arguments: dict[str, Any]) -> dict[str, Any]:
    """The template members (AWS names) given in backend keyword ``arguments``."""
    return {
        member: arguments[arg]
        for member, arg in _CONTENT_ARGUMENTS.items()
        if arguments.get(arg) is not None
    }


def _field_name(entry: Any) -> str | None:
    identifier = entry.get("Id") if isinstance(entry, dict) else None
    name = identifier.get("Name") if isinstance(identifier, dict) else None
    return name or None


def _field_problems(fields: list[dict[str, Any]]) -> Iterator[tuple[str, str, str]]:
    seen: dict[str, int] = {}
    for index, field in enumerate(fields):
        name = _field_name(field)
        if name is None:
            yield f"Fields[{index}].Id.Name", "REQUIRED_PROPERTY_MISSING", "A field needs Id.Name"
        elif name in seen:
            yield (
                f"Fields[{index}].Id.Name",
                "UNIQUE_CONSTRAINT_VIOLATED",
                f"Duplicates the name of Fields[{seen[name]}]",
            )
        else:
            seen[name] = index
        if field.get("Type") == "SINGLE_SELECT" and not field.get("SingleSelectOptions"):
            yield (
                f"Fields[{index}].SingleSelectOptions",
                "REQUIRED_PROPERTY_MISSING",
                "A SINGLE_SELECT field needs options",
            )


def _reference_problems(
    content: dict[str, Any], fields: dict[str, dict[str, Any]]
) -> Iterator[tuple[str, str, str]]:
    entries = [
        (f"Constraints.{key}[{index}]", entry)
        for key in _CONSTRAINT_LISTS
        for index, entry in enumerate((content.get("Constraints") or {}).get(key) or [])
    ]
    defaults = (content.get("Defaults") or {}).get("DefaultFieldValues") or []
    entries += [
        (f"Defaults.DefaultFieldValues[{index}]", entry) for index, entry in enumerate(defaults)
    ]
    for path, entry in entries:
        name = _field_name(entry)
        if name is None:
            yield f"{path}.Id.Name", "REQUIRED_PROPERTY_MISSING", "An entry needs Id.Name"
        elif name not in fields:
            yield (
                f"{path}.Id.Name",
                "REFERENCED_RESOURCE_NOT_FOUND",
                "Names no field of the template",
            )
        elif path.startswith("Defaults") and fields[name].get("Type") == "SINGLE_SELECT":
            if entry.get("DefaultValue") not in (fields[name].get("SingleSelectOptions") or []):
                yield (
                    f"{path}.DefaultValue",
                    "INVALID_FORMAT",
                    "Must be one of the field's SingleSelectOptions",
                )


def _required_problems(
    content: dict[str, Any], fields: list[dict[str, Any]]
) -> Iterator[tuple[str, str, str]]:
    name_fields = [_field_name(field) for field in fields if field.get("Type") == "NAME"]
    if len(name_fields) != 1:
        reason = "REQUIRED_PROPERTY_MISSING" if not name_fields else "UNIQUE_CONSTRAINT_VIOLATED"
        yield "Fields", reason, "Exactly one field must have Type NAME"
    constraints = content.get("Constraints")
    if constraints is None:
        yield "Constraints", "REQUIRED_PROPERTY_MISSING", "Constraints is required"
    else:
        required = [_field_name(entry) for entry in constraints.get("RequiredFields") or []]
        if not required:
            yield (
                "Constraints.RequiredFields",
                "REQUIRED_PROPERTY_MISSING",
                "Must list at least the field of Type NAME",
            )
        elif len(name_fields) == 1 and name_fields[0] not in required:
            yield (
                "Constraints.RequiredFields",
                "REQUIRED_PROPERTY_MISSING",
                "Must include the field of Type NAME",
            )
    if not content.get("ContactFlowId") and not any(
        field.get("Type") == "QUICK_CONNECT" for field in fields
    ):
        yield (
            "ContactFlowId",
            "REQUIRED_PROPERTY_MISSING",
            "Give ContactFlowId or a field of Type QUICK_CONNECT",
        )


def _named_fields(template: TaskTemplate | dict[str, Any]) -> dict[str, dict[str, Any]]:
    fields = (
        template.fields() if isinstance(template, TaskTemplate) else template.get("Fields") or []
    )
    named: dict[str, dict[str, Any]] = {}
    for field in fields:
        name = _field_name(field)
        if name is not None:
            named.setdefault(name, field)
    return named


def _where(name: str, field: dict[str, Any]) -> str | None:
    """The request member a template field is filled by; None when no member is checked."""
    kind = field.get("Type")
    if kind in FIELD_MEMBERS:
        return FIELD_MEMBERS[kind]
    if kind in _NOT_CHECKED:
        return None
    if kind is None and name in FIELD_MEMBERS.values():
        return name
    return f"References.{name}"


def apply_template(
    template: TaskTemplate,
    name: str,
    description: str | None,
    scheduled: float | None,
    references: dict[str, dict[str, Any]],
) -> tuple[str, str | None, dict[str, dict[str, Any]]]:
    """(Name, Description, References) of a task started from ``template``.

    The template's defaults fill Name, Description and references the request left
    out (a SCHEDULED_TIME default is not applied: its format is not documented; a
    DATE_TIME default is copied as it is: the epoch rule of a DATE reference is
    documented for the request's References, not for a template's DefaultValue).
    Then a required field still missing is InvalidRequestException, and a reference
    whose Type does not fit its template field is InvalidParameterException.
    """
    fields = _named_fields(template)
    references = dict(references)
    for entry in (template.content.get("Defaults") or {}).get("DefaultFieldValues") or []:
        field_name, value = _field_name(entry), entry.get("DefaultValue")
        field = fields.get(field_name or "")
        if field is None or not field_name:
            continue
        where = _where(field_name, field)
        if where == "Name" and not name:
            name = value or name
        elif where == "Description" and not description:
            description = value or description
        elif where is not None and where.startswith("References.") and field_name not in references:
            references[field_name] = {
                "Type": FIELD_REFERENCE_TYPES.get(field.get("Type", ""), "STRING"),
                "Value": value or "",
            }
    present = {
        "Name": bool(name),
        "Description": bool(description),
        "ScheduledTime": scheduled is not None,
    }
    for entry in (template.content.get("Constraints") or {}).get("RequiredFields") or []:
        field_name = _field_name(entry)
        field = fields.get(field_name or "")
        if field is None or not field_name:
            continue
        where = _where(field_name, field)
        if where is None:
            continue
        given = (
            present[where]
            if where in present
            else bool((references.get(field_name) or {}).get("Value"))
        )
        if not given:
            raise InvalidRequestException(
                f"The task template requires field {field_name}: give {where}"
            )
    for ref_name in sorted(references):
        field = fields.get(ref_name)
        if field is None:
            continue
        wanted = FIELD_REFERENCE_TYPES.get(field.get("Type", ""))
        if wanted is not None and references[ref_name].get("Type") != wanted:
            raise InvalidParameterException(
                f"References.{ref_name}.Type must be {wanted} for task template field {ref_name} ({field['Type']})"
            )
    return name, description, references


class TemplateOperations(Store):
    """One method per task template operation; each returns the response in AWS shape."""

    def _check_template(
        self, region: str, instance_id: str, content: dict[str, Any], update: bool = False
    ) -> None:
        fields = content.get("Fields") or []
        problems = list(_field_problems(fields))
        problems += _required_problems(content, fields)
        problems += _reference_problems(content, _named_fields(content))
        if update and "Status" not in content:
            problems.append(
                ("Status", "REQUIRED_PROPERTY_MISSING", "UpdateTaskTemplate requires Status")
            )
        for member in ("ContactFlowId", "SelfAssignFlowId"):
            flow_id = content.get(member)
            if flow_id:
                flow = self.flows.get(flow_id)
                if flow is None or flow.instance_id != instance_id or flow.region != region:
                    problems.append(
                        (member, "REFERENCED_RESOURCE_NOT_FOUND", "Names no flow of the instance")
                    )
        if problems:
            listed = "; ".join(f"{path} ({reason})" for path, reason, _ in problems)
            noun = "property" if len(problems) == 1 else "properties"
            raise PropertyValidationException(
                f"{len(problems)} {noun} failed validation: {listed}", tuple(problems)
            )

    def create_task_template(
        self,
        region: str,
        instance_id: str,
        name: str,
        fields: list[dict[str, Any]],
        description: str | None = None,
        contact_flow_id: str | None = None,
        self_assign_flow_id: str | None = None,
        contact_hooks: dict[str, Any] | None = None,
        constraints: dict[str, Any] | None = None,
        defaults: dict[str, Any] | None = None,
        status: str | None = None,
        client_token: str | None = None,
    ) -> dict[str, Any]:
        """Create a template (ACTIVE unless Status says otherwise), or replay the one a ClientToken made.

        Order of checks: token replay, instance, properties, 50 per instance.
        """
        now = self.clock.now()
        token_key = f"{region}:{client_token}"
        if client_token is not None:
            seen = self.template_tokens.get(token_key)
            if seen is not None and now - seen["created"] < TEMPLATE_TOKEN_WINDOW_SECONDS:
                return {"Id": seen["id"], "Arn": seen["arn"]}
        self._instance(region, instance_id)
        content = _content(
            {
                "name": name,
                "description": description,
                "contact_flow_id": contact_flow_id,
                "self_assign_flow_id": self_assign_flow_id,
                "contact_hooks": contact_hooks,
                "constraints": constraints,
                "defaults": defaults,
                "status": status,
                "fields": fields,
            }
        )
        self._check_template(region, instance_id, content)
        count = sum(1 for t in self.task_templates.values() if t.instance_id == instance_id)
        if count >= MAX_TASK_TEMPLATES:
            raise ServiceQuotaExceededException(
                f"The instance has reached its quota of {MAX_TASK_TEMPLATES} task templates"
            )
        template = TaskTemplate(
            id=str(uuid.uuid4()),
            region=region,
            instance_id=instance_id,
            content=content,
            created=now,
            last_modified=now,
        )
        self.task_templates[template.id] = template
        if client_token is not None:
            self.template_tokens[token_key] = {
                "id": template.id,
                "arn": template.arn,
                "created": now,
            }
        return {"Id": template.id, "Arn": template.arn}

    def get_task_template(
        self,
        region: str,
        instance_id: str,
        task_template_id: str,
        snapshot_version: str | None = None,
    ) -> dict[str, Any]:
        """The template as GetTaskTemplate returns it (SnapshotVersion is accepted and ignored)."""
        self._instance(region, instance_id)
        return self._template(region, instance_id, task_template_id).describe()

    def update_task_template(
        self, region: str, instance_id: str, task_template_id: str, **members: Any
    ) -> dict[str, Any]:
        """Replace the template's content with the request's (see the module docstring); returns the template."""
        self._instance(region, instance_id)
        template = self._template(region, instance_id, task_template_id)
        content = _content(members)
        for kept in ("Name", "Fields"):
            if kept not in content:
                content[kept] = template.content[kept]
        self._check_template(region, instance_id, content, update=True)
        template.content = content
        template.last_modified = self.clock.now()
        return template.describe()

    def delete_task_template(
        self, region: str, instance_id: str, task_template_id: str
    ) -> dict[str, Any]:
        """Delete the template; tasks started from it keep its id."""
        self._instance(region, instance_id)
        del self.task_templates[self._template(region, instance_id, task_template_id).id]
        return {}

    def list_task_templates(
        self,
        region: str,
        instance_id: str,
        next_token: str | None = None,
        max_results: int | None = None,
        status: str | None = None,
        name: str | None = None,
    ) -> dict[str, Any]:
        """Every template of the instance in one response, oldest first, filtered by Status and exact Name.

        Never a NextToken: botocore documents that the token "returned in the
        previous response is always null" and that MaxResults is not expected to
        be set. MaxResults is accepted (its shape check still applies) but does not
        page; a NextToken is InvalidRequestException, as no token was ever issued.
        """
        self._instance(region, instance_id)
        if next_token is not None:
            raise InvalidRequestException("NextToken is not valid")
        ordered = sorted(
            (
                t
                for t in self.task_templates.values()
                if t.instance_id == instance_id
                and t.region == region
                and (status is None or t.status == status)
                and (name is None or t.name == name)
            ),
            key=lambda t: (t.created, t.id),
        )
        return {"TaskTemplates": [t.summary() for t in ordered]}
