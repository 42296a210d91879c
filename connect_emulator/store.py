"""The emulator's stored Connect state and the lookups every operation uses.

``Store`` holds instances, flows, quick connects, task templates, task
contacts and the client tokens of StartTaskContact and CreateTaskTemplate for
account 123456789012 in every region,
behind one re-entrant lock, and turns them to and from JSON for ``--state``.
It knows no operation and no HTTP.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from .clock import Clock
from .contacts import Contact
from .exceptions import ResourceNotFoundException
from .resources import ContactFlow, Instance, QuickConnect, TaskTemplate
from .state import STATE_VERSION

__all__ = ["DEFAULT_ACTIVE_TASK_QUOTA", "Store"]

DEFAULT_ACTIVE_TASK_QUOTA = 2500


class Store:
    """All emulated Connect state.

    ``clock`` drives task lifecycle and token windows; ``active_task_quota`` is
    the active tasks per instance (AWS default 2,500); ``on_change`` is called
    (under the lock) after every successful mutating operation, e.g. to save state.
    """

    def __init__(
        self,
        clock: Clock | None = None,
        active_task_quota: int = DEFAULT_ACTIVE_TASK_QUOTA,
        on_change: Callable[[Store], None] | None = None,
    ) -> None:
        self.clock = clock or Clock()
        self.active_task_quota = active_task_quota
        self._initial_quota = active_task_quota
        self.on_change = on_change
        self.lock = threading.RLock()
        self.instances: dict[str, Instance] = {}
        self.flows: dict[str, ContactFlow] = {}
        self.quick_connects: dict[str, QuickConnect] = {}
        self.task_templates: dict[str, TaskTemplate] = {}
        self.contacts: dict[str, Contact] = {}
        self.client_tokens: dict[str, dict[str, Any]] = {}
        self.template_tokens: dict[str, dict[str, Any]] = {}

    def reset(self) -> None:
        """Forget every instance, flow, quick connect, template, contact and client token; quota as constructed."""
        with self.lock:
            self.active_task_quota = self._initial_quota
            self.instances.clear()
            self.flows.clear()
            self.quick_connects.clear()
            self.task_templates.clear()
            self.contacts.clear()
            self.client_tokens.clear()
            self.template_tokens.clear()

    def to_json(self) -> dict[str, Any]:
        """Everything stored, as JSON data (see ``load_json``), to encode while holding ``lock``.

        Each record is a shallow copy of its fields: the nested values (attributes,
        references, template content...) are the records' own, so a change made after the
        lock is released shows through. It is built for the save after every change, where
        a deep copy (``dataclasses.asdict``) cost as much as the encoding itself.
        """

        def fields(records: Iterable[Any]) -> list[dict[str, Any]]:
            return [dict(vars(record)) for record in records]

        with self.lock:
            return {
                "version": STATE_VERSION,
                "clock_offset": self.clock.offset,
                "instances": fields(self.instances.values()),
                "flows": fields(self.flows.values()),
                "quick_connects": fields(self.quick_connects.values()),
                "task_templates": fields(self.task_templates.values()),
                "contacts": fields(self.contacts.values()),
                "client_tokens": dict(self.client_tokens),
                "template_tokens": dict(self.template_tokens),
            }

    def load_json(self, data: dict[str, Any]) -> None:
        """Replace all state (and the clock offset) with ``to_json`` output (older files lack templates).

        The active task quota is not state: it stays as it is.
        """
        with self.lock:
            self.clock.reset(data.get("clock_offset", 0.0))
            self.instances = {item["id"]: Instance(**item) for item in data.get("instances", [])}
            self.flows = {item["id"]: ContactFlow(**item) for item in data.get("flows", [])}
            self.quick_connects = {
                item["id"]: QuickConnect(**item) for item in data.get("quick_connects", [])
            }
            self.task_templates = {
                item["id"]: TaskTemplate(**item) for item in data.get("task_templates", [])
            }
            self.contacts = {
                item["id"]: Contact.from_json(item) for item in data.get("contacts", [])
            }
            self.client_tokens = dict(data.get("client_tokens", {}))
            self.template_tokens = dict(data.get("template_tokens", {}))

    def contact_views(self) -> list[dict[str, Any]]:
        """Every contact as stored, settled to now, plus ``state`` and ``expiry`` (inspection)."""
        with self.lock:
            now = self.clock.now()
            views = []
            for contact in self.contacts.values():
                view = {"state": contact.state(now), "expiry": contact.expiry()}
                views.append({**contact.to_json(), **view})
            return views

    def _instance(self, region: str, instance_id: str) -> Instance:
        instance = self.instances.get(instance_id)
        if instance is None or instance.region != region:
            raise ResourceNotFoundException(f"Instance not found: {instance_id}")
        return instance

    def _contact(self, region: str, instance_id: str, contact_id: str) -> Contact:
        self._instance(region, instance_id)
        contact = self.contacts.get(contact_id)
        if contact is None or contact.instance_id != instance_id:
            raise ResourceNotFoundException(f"Contact not found: {contact_id}")
        contact.settle(self.clock.now())
        return contact

    def _flow(self, region: str, instance_id: str, flow_id: str) -> ContactFlow:
        flow = self.flows.get(flow_id)
        if flow is None or flow.instance_id != instance_id or flow.region != region:
            raise ResourceNotFoundException(f"Contact flow not found: {flow_id}")
        return flow

    def _template(self, region: str, instance_id: str, template_id: str) -> TaskTemplate:
        template = self.task_templates.get(template_id)
        if template is None or template.instance_id != instance_id or template.region != region:
            raise ResourceNotFoundException(f"Task template not found: {template_id}")
        return template

    def _chain(self, contact: Contact) -> list[Contact]:
        """The contacts linked to ``contact`` through PreviousContactId (itself included).

        Same instance and same initial contact: what UpdateContactAttributes
        changes, and what the 12-contact chain quota of StartTaskContact counts.
        """
        return [
            c
            for c in self.contacts.values()
            if c.instance_id == contact.instance_id and c.initial_id == contact.initial_id
        ]
