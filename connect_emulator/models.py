"""The Connect backend: one method per operation, AWS rules, no HTTP.

``ConnectBackend.dispatch(operation, region, params)`` checks the request
against botocore's input shape, then calls the method named after the
operation in snake case with the request's top-level members as keyword
arguments (nested values stay in AWS shape). Each method returns the response
as a dict in AWS shape, timestamps as epoch seconds. All state changes happen
under one lock, so concurrent requests see a consistent backend.

Instance, flow and quick connect operations (ListContactFlows and
ListQuickConnects paged as paging.py says) are here; task template
operations in templates.py; task contact operations in tasks.py; state and
lookups in store.py. The chain of classes: Store → TemplateOperations →
TaskOperations → ConnectBackend.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from .exceptions import (
    DuplicateResourceException,
    InternalServiceException,
    InvalidContactFlowException,
    InvalidRequestException,
)
from .paging import DEFAULT_PAGE_SIZE, SUMMARY_PAGE_SIZE, page
from .resources import ContactFlow, Instance, QuickConnect
from .shapes import check_request, operation_model
from .state import StateNotSaved
from .store import DEFAULT_ACTIVE_TASK_QUOTA
from .tasks import MAX_CONTACTS_PER_CHAIN, TOKEN_WINDOW_SECONDS, TaskOperations
from .templates import MAX_TASK_TEMPLATES

__all__ = [
    "ConnectBackend",
    "DEFAULT_ACTIVE_TASK_QUOTA",
    "MAX_CONTACTS_PER_CHAIN",
    "MAX_TASK_TEMPLATES",
    "MUTATING_OPERATIONS",
    "TOKEN_WINDOW_SECONDS",
]

_log = logging.getLogger("connect_emulator")

MUTATING_OPERATIONS = frozenset(
    {
        "CreateInstance",
        "CreateContactFlow",
        "CreateQuickConnect",
        "CreateTaskTemplate",
        "UpdateTaskTemplate",
        "DeleteTaskTemplate",
        "StartTaskContact",
        "UpdateContact",
        "UpdateContactAttributes",
        "UpdateContactSchedule",
        "StopContact",
    }
)


def _snake(name: str) -> str:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return snake + "_" if snake in ("type",) else snake


class ConnectBackend(TaskOperations):
    """The emulated Amazon Connect API for account 123456789012 (constructor: see Store)."""

    def dispatch(self, operation: str, region: str, params: dict[str, Any]) -> dict[str, Any]:
        """Validate ``params`` against the operation's input shape, run it, return the response.

        A mutating operation is all or nothing: if ``on_change`` (saving the
        state file) raises StateNotSaved, it has put the backend back as it was
        before the operation (EmulatorServer.save restores what the file holds),
        and InternalServiceException is raised.
        """
        check_request(operation, params)
        members = operation_model(operation).input_shape.members
        kwargs = {
            _snake(key): value
            for key, value in params.items()
            if key in members and value is not None
        }
        method = getattr(self, _snake(operation))
        with self.lock:
            result = method(region=region, **kwargs)
            if operation not in MUTATING_OPERATIONS or self.on_change is None:
                return result
            try:
                self.on_change(self)
            except StateNotSaved as error:
                _log.error("%s was undone: %s", operation, error)
                raise InternalServiceException(
                    f"The emulator could not save its state; {operation} was not applied"
                ) from None
        return result

    def create_instance(
        self,
        region: str,
        identity_management_type: str,
        inbound_calls_enabled: bool,
        outbound_calls_enabled: bool,
        instance_alias: str | None = None,
        directory_id: str | None = None,
        client_token: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Create an ACTIVE instance in ``region``; an alias is required (unique per region) unless EXISTING_DIRECTORY."""
        # ClientToken is accepted but not replayed: only StartTaskContact is idempotent here.
        if identity_management_type == "EXISTING_DIRECTORY" and directory_id is None:
            raise InvalidRequestException(
                "DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY"
            )
        if identity_management_type != "EXISTING_DIRECTORY" and instance_alias is None:
            raise InvalidRequestException(
                f"InstanceAlias is required when IdentityManagementType is {identity_management_type}"
            )
        if instance_alias is not None and any(
            i.alias == instance_alias and i.region == region for i in self.instances.values()
        ):
            raise InvalidRequestException("InstanceAlias is already in use in this Region")
        instance = Instance(
            id=str(uuid.uuid4()),
            region=region,
            identity_management_type=identity_management_type,
            inbound_calls_enabled=inbound_calls_enabled,
            outbound_calls_enabled=outbound_calls_enabled,
            created=self.clock.now(),
            alias=instance_alias,
            directory_id=directory_id,
            tags=dict(tags or {}),
        )
        self.instances[instance.id] = instance
        return {"Id": instance.id, "Arn": instance.arn}

    def describe_instance(self, region: str, instance_id: str) -> dict[str, Any]:
        """The Instance shape; other regions' instances are not found."""
        return {"Instance": self._instance(region, instance_id).describe()}

    def list_instances(
        self, region: str, next_token: str | None = None, max_results: int | None = None
    ) -> dict[str, Any]:
        """The region's instances, oldest first, ``max_results`` (default 10) per page."""
        ordered = sorted(
            (i for i in self.instances.values() if i.region == region),
            key=lambda i: (i.created, i.id),
        )
        items, token = page(ordered, next_token, max_results, DEFAULT_PAGE_SIZE)
        return _paged("InstanceSummaryList", [i.summary() for i in items], token)

    def create_contact_flow(
        self,
        region: str,
        instance_id: str,
        name: str,
        type_: str,
        content: str,
        description: str | None = None,
        status: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Create a flow; Content must be a JSON object and Name unique in the instance."""
        self._instance(region, instance_id)
        try:
            parsed = json.loads(content)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise InvalidContactFlowException(
                "Content must be a flow in Amazon Connect Flow language (a JSON object)"
            )
        if any(f.instance_id == instance_id and f.name == name for f in self.flows.values()):
            raise DuplicateResourceException(
                "A contact flow with this Name already exists in the instance"
            )
        flow = ContactFlow(
            id=str(uuid.uuid4()),
            region=region,
            instance_id=instance_id,
            name=name,
            flow_type=type_,
            content=content,
            content_sha256=hashlib.sha256(content.encode()).hexdigest(),
            status=status or "PUBLISHED",
            created=self.clock.now(),
            description=description,
            tags=dict(tags or {}),
        )
        self.flows[flow.id] = flow
        return {
            "ContactFlowId": flow.id,
            "ContactFlowArn": flow.arn,
            "FlowContentSha256": flow.content_sha256,
        }

    def describe_contact_flow(
        self, region: str, instance_id: str, contact_flow_id: str
    ) -> dict[str, Any]:
        """The ContactFlow shape."""
        self._instance(region, instance_id)
        return {"ContactFlow": self._flow(region, instance_id, contact_flow_id).describe()}

    def list_contact_flows(
        self,
        region: str,
        instance_id: str,
        contact_flow_types: list[str] | None = None,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> dict[str, Any]:
        """The instance's flows (of the ContactFlowTypes asked, if any), oldest first, paged.

        ``max_results`` (1 to 1000) per page, 100 when absent: botocore's "The
        default MaxResult size is 100."
        """
        return self._summaries(
            "ContactFlowSummaryList",
            region,
            instance_id,
            self.flows.values(),
            lambda f: f.flow_type,
            contact_flow_types,
            next_token,
            max_results,
        )

    def create_quick_connect(
        self,
        region: str,
        instance_id: str,
        name: str,
        quick_connect_config: dict[str, Any],
        description: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Create a quick connect; its config must match its type and name an existing flow, if any."""
        self._instance(region, instance_id)
        kind = quick_connect_config["QuickConnectType"]
        needed = {
            "USER": "UserConfig",
            "QUEUE": "QueueConfig",
            "PHONE_NUMBER": "PhoneConfig",
            "FLOW": "FlowConfig",
        }[kind]
        if needed not in quick_connect_config:
            raise InvalidRequestException(
                f"QuickConnectConfig.{needed} is required when QuickConnectType is {kind}"
            )
        flow_id = quick_connect_config[needed].get("ContactFlowId")
        if flow_id is not None:
            self._flow(region, instance_id, flow_id)
        if any(
            q.instance_id == instance_id and q.name == name for q in self.quick_connects.values()
        ):
            raise DuplicateResourceException(
                "A quick connect with this Name already exists in the instance"
            )
        quick = QuickConnect(
            id=str(uuid.uuid4()),
            region=region,
            instance_id=instance_id,
            name=name,
            config=quick_connect_config,
            created=self.clock.now(),
            description=description,
            tags=dict(tags or {}),
        )
        self.quick_connects[quick.id] = quick
        return {"QuickConnectARN": quick.arn, "QuickConnectId": quick.id}

    def list_quick_connects(
        self,
        region: str,
        instance_id: str,
        next_token: str | None = None,
        max_results: int | None = None,
        quick_connect_types: list[str] | None = None,
    ) -> dict[str, Any]:
        """The instance's quick connects (of the QuickConnectTypes asked, if any), oldest first, paged.

        ``max_results`` (1 to 1000) per page, 100 when absent: botocore's "The
        default MaxResult size is 100."
        """
        return self._summaries(
            "QuickConnectSummaryList",
            region,
            instance_id,
            self.quick_connects.values(),
            lambda q: q.quick_connect_type,
            quick_connect_types,
            next_token,
            max_results,
        )

    def _summaries(
        self,
        member: str,
        region: str,
        instance_id: str,
        resources: Iterable[Any],
        type_of: Callable[[Any], str],
        types: list[str] | None,
        next_token: str | None,
        max_results: int | None,
    ) -> dict[str, Any]:
        """One page of the instance's ``resources`` (of the ``types`` asked, if any) under
        ``member``, oldest first, SUMMARY_PAGE_SIZE per page unless ``max_results`` says."""
        self._instance(region, instance_id)
        wanted = set(types or ())
        # A stable sort: resources created at the same instant stay in creation order.
        ordered = sorted(
            (
                r
                for r in resources
                if r.instance_id == instance_id
                and r.region == region
                and (not wanted or type_of(r) in wanted)
            ),
            key=lambda r: r.created,
        )
        items, token = page(ordered, next_token, max_results, SUMMARY_PAGE_SIZE)
        return _paged(member, [r.summary() for r in items], token)


def _paged(list_member: str, summaries: list[dict[str, Any]], token: str | None) -> dict[str, Any]:
    """A List response: the summaries under ``list_member``, and NextToken when a page follows."""
    result: dict[str, Any] = {list_member: summaries}
    if token is not None:
        result["NextToken"] = token
    return result
