"""Task contact operations: StartTaskContact and the operations on a task.

The rules AWS applies to a task live here (targets, links, quotas, token
window, state checks); value rules shared with UpdateContact are in values.py;
what a task template adds (defaults, required fields, field types) in templates.py.
"""

from __future__ import annotations

import uuid
from typing import Any

from .contacts import Contact
from .exceptions import (
    InvalidRequestException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
)
from .resources import TaskTemplate, instance_arn
from .shapes import to_epoch
from .templates import TemplateOperations, apply_template
from .values import (
    check_attributes,
    check_reference_budget,
    check_references,
    check_schedule_window,
    check_segment_attributes,
    check_updatable_segment_attributes,
)

__all__ = ["MAX_CONTACTS_PER_CHAIN", "TOKEN_WINDOW_SECONDS", "TaskOperations"]

# botocore (StartTaskContact's PreviousContactId): "There can be a maximum of 12 linked task
# contacts in a chain." Counted over the whole chain a PreviousContactId joins (Store._chain:
# same instance, same initial contact), its first contact included; RelatedContactId has no limit.
MAX_CONTACTS_PER_CHAIN = 12
TOKEN_WINDOW_SECONDS = 7 * 24 * 3600
_TASK_QUICK_CONNECT_TYPES = ("USER", "QUEUE")
# Reference type → member of the ReferenceSummary union (ListContactReferences).
_SUMMARY_KEYS = {
    "URL": "Url",
    "NUMBER": "Number",
    "STRING": "String",
    "DATE": "Date",
    "EMAIL": "Email",
    "ATTACHMENT": "Attachment",
}
# UpdateContact members that AWS only lets change on voice or email contacts.
_NOT_FOR_TASKS = {
    "queue_info": "QueueInfo",
    "user_info": "UserInfo",
    "customer_endpoint": "CustomerEndpoint",
    "system_endpoint": "SystemEndpoint",
    "additional_recipients": "AdditionalRecipients",
}


class TaskOperations(TemplateOperations):
    """One method per task contact operation; each returns the response in AWS shape."""

    def _resolve_target(
        self,
        region: str,
        instance_id: str,
        flow_id: str | None,
        quick_id: str | None,
        template_id: str | None,
    ) -> tuple[str | None, str | None, TaskTemplate | None]:
        """(flow id, queue id, template) of the task; the caller has checked exactly one target is named.

        A template names the flow itself: one without a flow leaves the task
        nothing to run (AWS: "Connect cannot identify the unique flow to run").
        """
        if template_id is not None:
            template = self._template(region, instance_id, template_id)
            if template.status != "ACTIVE":
                raise InvalidRequestException(
                    f"Task template {template_id} is {template.status}: only an ACTIVE template starts tasks"
                )
            own_flow = template.content.get("ContactFlowId") or None
            if own_flow is None:
                raise InvalidRequestException(
                    "The task template named by TaskTemplateId has no flow configured (ContactFlowId): "
                    "the task has no flow to run"
                )
            return self._flow(region, instance_id, own_flow).id, None, template
        if flow_id is not None:
            return self._flow(region, instance_id, flow_id).id, None, None
        quick = self.quick_connects.get(quick_id or "")
        if quick is None or quick.instance_id != instance_id or quick.region != region:
            raise ResourceNotFoundException(f"Quick connect not found: {quick_id}")
        if quick.quick_connect_type not in _TASK_QUICK_CONNECT_TYPES:
            raise InvalidRequestException(
                "QuickConnectId must name a USER or QUEUE quick connect to start a task"
            )
        return quick.flow_id(), quick.queue_id(), None

    def start_task_contact(
        self,
        region: str,
        instance_id: str,
        name: str,
        previous_contact_id: str | None = None,
        contact_flow_id: str | None = None,
        attributes: dict[str, str] | None = None,
        references: dict[str, dict[str, Any]] | None = None,
        description: str | None = None,
        client_token: str | None = None,
        scheduled_time: Any = None,
        task_template_id: str | None = None,
        quick_connect_id: str | None = None,
        related_contact_id: str | None = None,
        segment_attributes: dict[str, Any] | None = None,
        attachments: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        """Create a task (or replay the one a ClientToken made in the last 7 days, whatever the other members).

        Order of checks: token replay, instance, exactly one of ContactFlowId,
        QuickConnectId and TaskTemplateId, Previous xor Related, ScheduledTime
        window, attribute/reference/segment rules, target exists (a template must
        be ACTIVE and have a flow), the template's defaults, required fields and
        field types, 4,096 bytes across the task's references, linked contact
        exists, at most 12 contacts in the chain a PreviousContactId joins (its
        first contact included), active-task quota. A refused request creates nothing.
        """
        now = self.clock.now()
        token_key = f"{region}:{client_token}"
        if client_token is not None:
            seen = self.client_tokens.get(token_key)
            if seen is not None and now - seen["created"] < TOKEN_WINDOW_SECONDS:
                return {"ContactId": seen["contact_id"]}
        self._instance(region, instance_id)
        targets = (
            ("ContactFlowId", contact_flow_id),
            ("QuickConnectId", quick_connect_id),
            ("TaskTemplateId", task_template_id),
        )
        named = [member for member, value in targets if value is not None]
        if len(named) != 1:
            raise InvalidRequestException(
                "Exactly one of ContactFlowId, QuickConnectId and TaskTemplateId is required; "
                + (f"got {', '.join(named)}" if named else "got none")
            )
        if previous_contact_id is not None and related_contact_id is not None:
            raise InvalidRequestException(
                "PreviousContactId and RelatedContactId cannot be used together"
            )
        scheduled = to_epoch(scheduled_time) if scheduled_time is not None else None
        if scheduled is not None:
            check_schedule_window(scheduled, now)
        check_attributes(attributes or {})
        check_references(references or {})
        check_segment_attributes(segment_attributes or {})
        flow_id, queue_id, template = self._resolve_target(
            region, instance_id, contact_flow_id, quick_connect_id, task_template_id
        )
        if template is not None:
            name, description, references = apply_template(
                template, name, description, scheduled, references or {}
            )
        # The budget is per contact: template defaults count as the request's references do.
        check_reference_budget(references or {})
        linked_id = previous_contact_id or related_contact_id
        linked = self._contact(region, instance_id, linked_id) if linked_id is not None else None
        if previous_contact_id is not None and linked is not None:
            held = len(self._chain(linked))
            if held >= MAX_CONTACTS_PER_CHAIN:
                raise ServiceQuotaExceededException(
                    f"There can be a maximum of {MAX_CONTACTS_PER_CHAIN} linked task contacts in a chain: "
                    f"the chain of PreviousContactId already holds {held}"
                )
        active = sum(
            1
            for c in self.contacts.values()
            if c.instance_id == instance_id and c.state(now) != "ended"
        )
        if active >= self.active_task_quota:
            raise ServiceQuotaExceededException(
                f"The instance has reached its quota of {self.active_task_quota} active tasks"
            )
        merged = {**(linked.attributes if linked else {}), **(attributes or {})}
        check_attributes(merged)
        contact_id = str(uuid.uuid4())
        contact = Contact(
            id=contact_id,
            arn=f"{instance_arn(region, instance_id)}/contact/{contact_id}",
            region=region,
            instance_id=instance_id,
            name=name,
            initiation=now,
            initial_id=linked.initial_id
            if linked is not None and previous_contact_id
            else contact_id,
            last_update=now,
            description=description,
            previous_id=previous_contact_id,
            related_id=related_contact_id,
            contact_flow_id=flow_id,
            quick_connect_id=quick_connect_id,
            task_template_id=task_template_id,
            task_template_name=template.name if template is not None else None,
            queue_id=queue_id,
            scheduled=scheduled,
            attributes=merged,
            references=dict(references or {}),
            attachments=[dict(a) for a in attachments or []],
            segment_attributes=dict(segment_attributes or {}),
            client_token=client_token,
        )
        contact.settle(now)
        self.contacts[contact_id] = contact
        if client_token is not None:
            self.client_tokens[token_key] = {"contact_id": contact_id, "created": now}
        return {"ContactId": contact_id}

    def describe_contact(self, region: str, instance_id: str, contact_id: str) -> dict[str, Any]:
        """The task as DescribeContact returns it (no References), settled to now."""
        return {"Contact": self._contact(region, instance_id, contact_id).describe()}

    def get_contact_attributes(
        self, region: str, instance_id: str, initial_contact_id: str
    ) -> dict[str, Any]:
        """The contact's user-defined attributes (any contact id of the instance)."""
        return {
            "Attributes": dict(self._contact(region, instance_id, initial_contact_id).attributes)
        }

    def list_contact_references(
        self,
        region: str,
        instance_id: str,
        contact_id: str,
        reference_types: list[str],
        next_token: str | None = None,
    ) -> dict[str, Any]:
        """Every reference whose type is in ``reference_types``, attachments as ATTACHMENT; never paginated."""
        contact = self._contact(region, instance_id, contact_id)
        if next_token is not None:
            # AWS returns every reference at once; no token it issued exists.
            raise InvalidRequestException("NextToken is not valid")
        wanted = set(reference_types)
        summaries = []
        for ref_name, ref in contact.references.items():
            if ref["Type"] in wanted and ref["Type"] in _SUMMARY_KEYS:
                summaries.append(
                    {_SUMMARY_KEYS[ref["Type"]]: {"Name": ref_name, "Value": ref.get("Value", "")}}
                )
        if "ATTACHMENT" in wanted:
            for attachment in contact.attachments:
                summary = {
                    "Name": attachment["FileName"],
                    "Value": attachment["S3Url"],
                    "Status": "APPROVED",
                }
                summaries.append({"Attachment": summary})
        return {"ReferenceSummaryList": summaries}

    def update_contact(
        self,
        region: str,
        instance_id: str,
        contact_id: str,
        name: str | None = None,
        description: str | None = None,
        references: dict[str, dict[str, Any]] | None = None,
        segment_attributes: dict[str, Any] | None = None,
        **not_for_tasks: Any,
    ) -> dict[str, Any]:
        """Change Name, Description, References (merged by name), SegmentAttributes (merged by key); also after the end.

        The request's references and segment attributes follow the StartTaskContact
        rules; the merged references stay within 4,096 bytes. All or nothing.
        """
        contact = self._contact(region, instance_id, contact_id)
        if not_for_tasks:
            member = next(name for key, name in _NOT_FOR_TASKS.items() if key in not_for_tasks)
            raise InvalidRequestException(f"{member} cannot be updated on a task contact")
        if (
            name is None
            and description is None
            and references is None
            and segment_attributes is None
        ):
            raise InvalidRequestException("At least one field to update must be present")
        check_references(references or {})
        merged_references = {**contact.references, **(references or {})}
        check_reference_budget(merged_references)
        # A stored value passed these rules when it was set; check only what changes.
        check_segment_attributes(segment_attributes or {})
        check_updatable_segment_attributes(segment_attributes or {})
        merged_segments = {**contact.segment_attributes, **(segment_attributes or {})}
        if name is not None:
            contact.name = name
        if description is not None:
            contact.description = description
        contact.references = merged_references
        contact.segment_attributes = merged_segments
        contact.last_update = self.clock.now()
        return {}

    def update_contact_attributes(
        self, region: str, initial_contact_id: str, instance_id: str, attributes: dict[str, str]
    ) -> dict[str, Any]:
        """Add or change keys ("" removes a key) on every contact of the PreviousContactId chain; all or nothing."""
        contact = self._contact(region, instance_id, initial_contact_id)
        check_attributes(attributes)
        now = self.clock.now()
        updated = []
        for member in self._chain(contact):
            merged = {**member.attributes, **attributes}
            merged = {key: value for key, value in merged.items() if value != ""}
            check_attributes(merged)
            updated.append((member, merged))
        for member, merged in updated:
            member.attributes = merged
            member.last_update = now
        return {}

    def update_contact_schedule(
        self, region: str, instance_id: str, contact_id: str, scheduled_time: Any
    ) -> dict[str, Any]:
        """Move a task that is still scheduled to a new time in the window; anything else is InvalidRequestException."""
        contact = self._contact(region, instance_id, contact_id)
        now = self.clock.now()
        scheduled = to_epoch(scheduled_time)
        assert scheduled is not None  # the shape check guarantees a timestamp
        check_schedule_window(scheduled, now)
        if contact.state(now) != "scheduled":
            raise InvalidRequestException("Only a task that is still scheduled can be rescheduled")
        contact.scheduled = scheduled
        contact.last_update = now
        return {}

    def stop_contact(
        self,
        region: str,
        contact_id: str,
        instance_id: str,
        disconnect_reason: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """End a task in any state with DisconnectReason "API"; an ended task is InvalidRequestException.

        DisconnectReason: "Only Connect Customer outbound campaigns can provide this field",
        so a request that gives it for a task is InvalidRequestException.
        """
        contact = self._contact(region, instance_id, contact_id)
        if disconnect_reason is not None:
            raise InvalidRequestException(
                "DisconnectReason can only be provided by outbound campaigns"
            )
        if contact.disconnected is not None:
            raise InvalidRequestException("Contact is already ended")
        contact.stop(self.clock.now(), "API")
        return {}
