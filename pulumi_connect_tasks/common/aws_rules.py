"""The audit of botocore's documentation text: every constraint it states, and who checks it.

botocore's ``connect`` model carries rules in its shapes (lengths, enums, patterns), which
the generated JSON Schema holds, and rules in its *documentation text* ("include only one
of these parameters", "up to 4,096 UTF-8 bytes across all references"), which only a
reader finds. :data:`RULES` is that reading for every operation the provider, the command
line and the emulator use (:data:`AUDITED_OPERATIONS`) and every shape their requests
reach. Each row quotes the sentences, says how the provider and ``connect-tasks validate``
treat them and how the emulator does. Every other sentence of that documentation is in
:data:`NOT_RULES` (descriptions, pointers, facts about other channels).

``tests/audit`` keeps this honest: every sentence botocore has now is quoted by exactly one
row or listed in NOT_RULES (a new sentence in a botocore upgrade fails the suite until
someone reads it), and every row that is checked before sending is run through the
provider's check, ``connect-tasks validate`` and the emulator, which must agree.
``python -m pulumi_connect_tasks.common.aws_rules`` prints the table as Markdown.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "AUDITED_OPERATIONS",
    "KINDS",
    "NOT_RULES",
    "RULES",
    "Rule",
    "documentation_text",
    "documented_sentences",
    "normalise",
    "markdown",
]

AUDITED_OPERATIONS = (
    "StartTaskContact",
    "DescribeContact",
    "UpdateContact",
    "UpdateContactAttributes",
    "UpdateContactSchedule",
    "StopContact",
    "GetContactAttributes",
    "ListContactReferences",
    "CreateTaskTemplate",
    "GetTaskTemplate",
    "UpdateTaskTemplate",
    "DeleteTaskTemplate",
    "ListTaskTemplates",
    "ListContactFlows",
    "ListQuickConnects",
)

KINDS = {
    "checked": "holds before anything is sent: checked at preview and by connect-tasks validate, "
    "or guaranteed by what the provider sends",
    "at create": "checked by the provider against live data it reads first, before the call",
    "left to AWS": "not checked before sending: it needs live state the provider does not read",
    "behaviour": "what AWS does; the provider relies on it and the emulator does the same",
}


@dataclass(frozen=True)
class Rule:
    """One constraint botocore's documentation states, and how it is handled."""

    id: str
    """Stable name, used by the tests that exercise the row."""
    operations: tuple[str, ...]
    """Where the sentences are: operations, or the shapes of their requests."""
    quotes: tuple[str, ...]
    """The sentences, exactly as :func:`documented_sentences` gives them."""
    kind: str
    """A key of KINDS."""
    provider: str
    """How the provider and ``connect-tasks validate`` treat it, or why they do not."""
    emulator: str
    """How the emulator implements it."""


RULES: tuple[Rule, ...] = (
    # -- StartTaskContact --------------------------------------------------------------------
    Rule(
        "one-target",
        ("StartTaskContact",),
        (
            "In addition, when calling StartTaskContact include only one of these parameters: ContactFlowID, QuickConnectID, or TaskTemplateID.",
            "If more than one parameter is specified, or only the TaskTemplateID is specified but it does not have a flow configured, the request returns an error because Connect Customer cannot identify the unique flow to run when the task is created.",
        ),
        "checked",
        "validation._target_rule: exactly one of contact_flow_id, quick_connect_id, task_template_id, or by name "
        "contact_flow_name, quick_connect_name, task_template_name (a file and a TaskSet alike); a name is "
        "resolved to its id before the call and never sent",
        "InvalidRequestException unless exactly one is given",
    ),
    Rule(
        "template-needs-flow",
        ("StartTaskContact",),
        (
            "Only one parameter is required as long as the task template has a flow configured to run it.",
        ),
        "at create",
        "template_check: GetTaskTemplate before StartTaskContact; a template without ContactFlowId fails, no task started",
        "InvalidRequestException for a TaskTemplateId whose template has no ContactFlowId",
    ),
    Rule(
        "chain-of-12",
        ("StartTaskContact",),
        (
            "There can be a maximum of 12 linked task contacts in a chain.",
            "That is, 12 task contacts can be created that share the same PreviousContactId.",
        ),
        "left to AWS",
        "TaskSet and `connect-tasks validate` refuse more than 12 tasks linked into one chain inside a set; "
        "a chain that reaches outside the set needs the live chain and is left to AWS; the "
        "ServiceQuotaExceededException is never retried and its message says so",
        "ServiceQuotaExceededException for a StartTaskContact whose PreviousContactId's whole chain already "
        "holds 12 contacts (its first task included)",
    ),
    Rule(
        "active-task-quota",
        ("StartTaskContact",),
        (
            "A ServiceQuotaExceededException occurs when the number of open tasks exceeds the active tasks quota or there are already 12 tasks referencing the same PreviousContactId.",
        ),
        "left to AWS",
        "needs the live count of open tasks; never retried, one clear line",
        "ServiceQuotaExceededException at --active-task-quota open tasks per instance",
    ),
    Rule(
        "related-unlimited",
        ("StartTaskContact",),
        (
            "There’s no limit on the number of task contacts that can be created that use the same RelatedContactId.",
            "There are no limits to the number of contacts that can be linked by using RelatedContactId.",
        ),
        "behaviour",
        "no limit is applied to related_contact_id",
        "no limit",
    ),
    Rule(
        "related-copies-attributes",
        ("StartTaskContact",),
        (
            "RelatedContactId Copies contact attributes from the related task contact to the new contact.",
            "Linking tasks together by using RelatedContactID copies over contact attributes from the related task contact to the new task contact.",
            "Any update on attributes in a new task contact does not update attributes on previous contact.",
            "All updates to user-defined attributes in the new task contact are limited to the individual contact ID, unlike what happens when tasks are linked by using PreviousContactID.",
        ),
        "behaviour",
        "refresh reads only the attribute keys the resource manages, so copied keys are not drift",
        "copies the related task's attributes once; later updates stay on the one task",
    ),
    Rule(
        "previous-shares-updates",
        ("StartTaskContact",),
        (
            "When using PreviousContactId and RelatedContactId input parameters, note the following: PreviousContactId Any updates to user-defined task contact attributes on any contact linked through the same PreviousContactId will affect every contact in the chain.",
            "Any updates to user-defined attributes to task contacts linked using the same PreviousContactID will affect every contact in the chain.",
        ),
        "behaviour",
        "refresh reads only the managed keys; an update to one task of a chain shows on the others",
        "UpdateContactAttributes changes every task of the PreviousContactId chain",
    ),
    Rule(
        "attributes-budget",
        ("StartTaskContact", "UpdateContactAttributes"),
        (
            "There can be up to 32,768 UTF-8 bytes across all key-value pairs per contact.",
            "You can have up to 32,768 UTF-8 bytes across all attributes for a contact.",
        ),
        "checked",
        "validation._attributes_rule: keys and values of attributes, UTF-8 bytes",
        "InvalidParameterException; also on the merged attributes of UpdateContactAttributes and of a related task",
    ),
    Rule(
        "attribute-keys",
        ("StartTaskContact", "UpdateContactAttributes"),
        ("Attribute keys can include only alphanumeric, dash, and underscore characters.",),
        "checked",
        "validation._attributes_rule",
        "InvalidParameterException",
    ),
    Rule(
        "reference-types-at-creation",
        ("StartTaskContact",),
        (
            "Tasks can have the following reference types at the time of creation: URL | NUMBER | STRING | DATE | EMAIL.",
            "ATTACHMENT is not a supported reference type during task creation.",
        ),
        "checked",
        "the schema: References Type's enum narrowed to these five (scripts/botocore_schema.py DOCUMENTED_ENUMS)",
        "InvalidParameterException for any other type",
    ),
    Rule(
        "references-budget",
        ("Reference",),
        ("You can have up to 4,096 UTF-8 bytes across all references for a contact.",),
        "checked",
        "validation._references_budget_rule: UTF-8 bytes of every name and value as sent (not the Type); "
        "at create, template_check adds the template's default references",
        "InvalidParameterException, counted after the template's defaults (StartTaskContact) and over the merged set (UpdateContact)",
    ),
    Rule(
        "date-is-epoch",
        ("Reference",),
        ("DATE must be of type Epoch timestamp.",),
        "checked",
        "validation._references_rule accepts epoch digits or RFC 3339; references.sent_date sends epoch seconds; "
        "refresh and diff compare the sent form",
        "InvalidParameterException unless 1 to 13 digits",
    ),
    Rule(
        "reference-value-valid",
        ("Reference",),
        (
            "A valid value for the reference.",
            "For example, for a URL reference, a formatted URL that is displayed to an agent in the Contact Control Panel (CCP).",
        ),
        "checked",
        "validation._references_rule: URL http(s) with a host, EMAIL the model's EmailAddress pattern, NUMBER a decimal number",
        "InvalidParameterException for a URL, EMAIL or NUMBER value of the wrong form",
    ),
    Rule(
        "scheduled-not-past",
        ("StartTaskContact", "UpdateContactSchedule"),
        ("The scheduled time cannot be in the past.",),
        "checked",
        "validation._scheduled_time_rule for a new task (preview, connect-tasks start); `validate` and TaskSet "
        "skip it, as a reviewed file may describe a task already started",
        "InvalidRequestException (5 s grace for the request's travel)",
    ),
    Rule(
        "scheduled-within-6-days",
        ("StartTaskContact", "UpdateContactSchedule"),
        ("It must be within up to 6 days in future.",),
        "checked",
        "validation._scheduled_time_rule",
        "InvalidRequestException",
    ),
    Rule(
        "scheduled-epoch-seconds",
        ("StartTaskContact", "UpdateContactSchedule"),
        (
            "The timestamp, in Unix Epoch seconds format, at which to start running the inbound flow.",
        ),
        "behaviour",
        "every accepted form (RFC 3339, epoch, duration) is resolved to one instant; botocore sends epoch seconds",
        "reads epoch seconds (and ISO 8601)",
    ),
    Rule(
        "segment-keys",
        ("StartTaskContact", "UpdateContact"),
        ("Attribute keys can include only alphanumeric, -, and _.",),
        "checked",
        "validation._segment_attributes_rule; keys connect:<name> are the system-defined keys the same text's examples use",
        "InvalidParameterException",
    ),
    Rule(
        "segment-system-only-values",
        ("SegmentAttributeValue",),
        ("This is only supported for system-defined attributes, not for user-defined attributes.",),
        "checked",
        "validation._segment_attributes_rule: ValueList and ValueArn only under a connect:<name> key",
        "InvalidParameterException",
    ),
    Rule(
        "segment-arn-valid",
        ("SegmentAttributeValue",),
        ("The value of a segment attribute that has to be a valid ARN.",),
        "checked",
        "validation._segment_attributes_rule: ValueArn has the form arn:partition:service:region:account:resource",
        "InvalidParameterException",
    ),
    Rule(
        "contact-expiry-form",
        ("StartTaskContact",),
        (
            "This field can be used to set Contact Expiry as a duration in minutes and set a UserId for the User who created a task.",
            'To set contact expiry, a ValueMap must be specified containing the integer number of minutes the contact will be active for before expiring, with SegmentAttributes like { "connect:ContactExpiry": {"ValueMap": { "ExpiryDuration": { "ValueInteger": 135}}}}.',
        ),
        "checked",
        "validation._expiry_rule: only that form, at least 1 minute; the upper bound is not in botocore and is left to AWS",
        "InvalidParameterException for another form; 1 to 129,600 minutes (90 days, the admin guide's figure, UNC)",
    ),
    Rule(
        "created-by-user",
        ("StartTaskContact",),
        (
            'To set the created by user, a valid AgentResourceId must be supplied, with SegmentAttributes like { "connect:CreatedByUser" { "ValueString": "arn:aws:connect:us-west-2:xxxxxxxxxxxx:instance/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/agent/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"}}}.',
        ),
        "left to AWS",
        "whether the user exists needs the live instance's users",
        "not checked: the emulator has no users",
    ),
    Rule(
        "attachments-5",
        ("StartTaskContact",),
        ("You can have a maximum of 5 attachments per task.",),
        "checked",
        "the schema (the shape's maxItems 5)",
        "InvalidParameterException from the shape check",
    ),
    Rule(
        "attachments-presigned",
        ("StartTaskContact",),
        (
            "List of S3 presigned URLs of task attachments and their file name.",
            "The pre-signed URLs for the S3 bucket where the task attachment is stored.",
        ),
        "left to AWS",
        "whether a URL is a valid pre-signed S3 URL needs S3",
        "not checked: stored as given",
    ),
    Rule(
        "client-token",
        ("StartTaskContact", "CreateTaskTemplate"),
        (
            "A unique, case-sensitive identifier that you provide to ensure the idempotency of the request.",
            "If not provided, the Amazon Web Services SDK populates this field.",
        ),
        "behaviour",
        "a stable ClientToken per resource and generation, so a retry never starts a second task",
        "the same token returns the same task or template for 7 days",
    ),
    Rule(
        "quick-connect-flow",
        ("StartTaskContact",),
        (
            "Tasks that are created by using QuickConnectId will use the flow that is defined on agent or queue quick connect.",
        ),
        "left to AWS",
        "the quick connect's type needs the live instance",
        "InvalidRequestException for a quick connect that is not USER or QUEUE",
    ),
    Rule(
        "instance-id-from-arn",
        AUDITED_OPERATIONS,
        ("You can find the instance ID in the Amazon Resource Name (ARN) of the instance.",),
        "behaviour",
        "an instance ARN given as instance_id is reduced to its id",
        "takes the id",
    ),
    # -- DescribeContact, UpdateContact, UpdateContactAttributes, StopContact -------------------
    Rule(
        "contact-data-24-months",
        ("DescribeContact", "UpdateContactAttributes"),
        (
            "Important things to know SystemEndpoint is not populated for contacts with initiation method of MONITOR, QUEUE_TRANSFER, or CALLBACK Contact information remains available in Connect Customer for 24 months from the InitiationTimestamp, and then it is deleted.",
            "Contact attributes are available in Connect Customer for 24 months, and are then deleted.",
        ),
        "behaviour",
        "a task DescribeContact no longer finds leaves the stack on refresh",
        "keeps contacts for the life of its state file",
    ),
    Rule(
        "update-needs-a-field",
        ("UpdateContact",),
        ("At least one field to be updated must be present in the request.",),
        "checked",
        "ConnectTaskProvider.update calls UpdateContact only with changed members",
        "InvalidRequestException",
    ),
    Rule(
        "update-after-end",
        ("UpdateContact", "UpdateContactAttributes"),
        (
            "You can add or update user-defined contact information for both ongoing and completed contacts.",
            "You can create or update user-defined attributes for both ongoing and completed contacts.",
        ),
        "behaviour",
        "name, description, references, segment attributes and attributes change in place after the task ended",
        "allowed after the end",
    ),
    Rule(
        "update-segment-attributes",
        ("UpdateContact",),
        (
            "Contact Expiry, and user-defined attributes (String - String) that are defined in predefined attributes, can be updated by using the UpdateContact API.",
        ),
        "checked",
        "diff: a change to any other segment attribute (another connect:<name> key, or a user-defined key "
        "whose value is not a ValueString) replaces the task; whether a key is predefined needs the instance (left to AWS)",
        "InvalidRequestException for any other segment attribute",
    ),
    Rule(
        "external-audio-only",
        ("UpdateContact",),
        (
            "This parameter can only be updated for external audio contacts.",
            "This value can only be updated for external audio contacts.",
        ),
        "checked",
        "never sent: ConnectTask has no such input",
        "InvalidRequestException on a task",
    ),
    Rule(
        "clear-with-empty",
        ("UpdateContactAttributes",),
        (
            "As a mitigation, consider the following options: Remove unnecessary attributes by setting their values to empty.",
        ),
        "behaviour",
        'an attribute removed from the inputs is sent as ""',
        "an empty value removes the key",
    ),
    Rule(
        "reschedule-only-scheduled",
        ("UpdateContactSchedule",),
        ("Updates the scheduled time of a task contact that is already scheduled.",),
        "at create",
        "update reads the task (DescribeContact) first; diff replaces a task that left the schedule",
        "InvalidRequestException unless the task is still scheduled",
    ),
    Rule(
        "stop-any-state",
        ("StopContact",),
        (
            "It does not work for voice contacts that use the following initiation methods: DISCONNECT TRANSFER QUEUE_TRANSFER EXTERNAL_OUTBOUND MONITOR Chat and task contacts can be terminated in any state, regardless of initiation method.",
        ),
        "behaviour",
        "destroy stops a scheduled, queued or connected task; an ended or gone task is fine",
        "stops in any state; an ended task is InvalidRequestException",
    ),
    Rule(
        "disconnect-reason-campaigns",
        ("StopContact",),
        ("Only Connect Customer outbound campaigns can provide this field.",),
        "checked",
        "never sent",
        "InvalidRequestException when given for a task",
    ),
    Rule(
        "references-not-paged",
        ("ListContactReferences",),
        (
            "This is not expected to be set, because the value returned in the previous response is always null.",
        ),
        "behaviour",
        "follows a NextToken if one ever comes, never sends one of its own",
        "no NextToken in responses; one in a request is InvalidRequestException",
    ),
    # -- task templates ----------------------------------------------------------------------------
    Rule(
        "template-flow-or-quick-connect",
        ("CreateTaskTemplate", "UpdateTaskTemplate"),
        (
            "Although this parameter is marked as optional, the request must contain either a ContactFlowId or a field of type QUICK_CONNECT.",
        ),
        "checked",
        "template_validation",
        "PropertyValidationException",
    ),
    Rule(
        "template-constraints-required",
        ("CreateTaskTemplate", "UpdateTaskTemplate"),
        (
            "Although this parameter is marked as optional in the API model, the service requires it when calling CreateTaskTemplate or UpdateTaskTemplate.",
            "The RequiredFields array must contain at least one element, and the field of type NAME must be included in RequiredFields.",
        ),
        "checked",
        "template_validation",
        "PropertyValidationException",
    ),
    Rule(
        "template-one-name-field",
        ("CreateTaskTemplate", "UpdateTaskTemplate"),
        (
            "The request must contain exactly one field of type NAME.",
            "This field must also be listed in the RequiredFields array within the Constraints parameter.",
        ),
        "checked",
        "template_validation",
        "PropertyValidationException",
    ),
    Rule(
        "template-status-active",
        ("CreateTaskTemplate", "UpdateTaskTemplate", "ListTaskTemplates"),
        (
            "Tasks can only be created from ACTIVE templates.",
            "If a template is marked as INACTIVE, then a task that refers to this template cannot be created.",
        ),
        "at create",
        "template_check: an INACTIVE template fails before StartTaskContact, no task started",
        "InvalidRequestException",
    ),
    Rule(
        "template-update-status",
        ("UpdateTaskTemplate",),
        (
            "Although this parameter is marked as optional, the service requires it when calling UpdateTaskTemplate.",
        ),
        "checked",
        "ConnectTaskTemplate always sends Status (default ACTIVE)",
        "PropertyValidationException without Status",
    ),
    Rule(
        "template-full-update",
        ("UpdateTaskTemplate",),
        (
            "This operation does not support partial updates.",
            "Instead it does a full update of template content.",
        ),
        "behaviour",
        "ConnectTaskTemplate sends the whole template on every update",
        "replaces the content with the request's",
    ),
    Rule(
        "template-required-fields",
        ("CreateTaskTemplate", "UpdateTaskTemplate"),
        ("Lists the fields that are required to be filled by agents.",),
        "at create",
        "template_check: a required field the task leaves empty fails before StartTaskContact (a default fills it)",
        "InvalidRequestException",
    ),
    Rule(
        "templates-not-paged",
        ("ListTaskTemplates",),
        (
            "It is not expected that you set this because the value returned in the previous response is always null.",
            "It is not expected that you set this.",
        ),
        "behaviour",
        "names.resolve_name: one ListTaskTemplates call to resolve task_template_name; no NextToken is followed or sent",
        "every template in one response, never a NextToken",
    ),
    Rule(
        "template-names-may-repeat",
        ("ListTaskTemplates",),
        ("Lists task templates for the specified Connect Customer instance.",),
        "at create",
        "CreateTaskTemplate declares no DuplicateResourceException, so two templates may share a name: a "
        "task_template_name that matches two templates (or none) fails before StartTaskContact, no task started",
        "CreateTaskTemplate accepts a second template of one name; ListTaskTemplates lists both",
    ),
    # -- flows and quick connects, listed to resolve a target's name --------------------------------
    Rule(
        "list-default-page-100",
        ("ListContactFlows", "ListQuickConnects"),
        ("The default MaxResult size is 100.",),
        "behaviour",
        "names.resolve_name sends no MaxResults and follows NextToken through every page (a name may be on any)",
        "pages of 100 without MaxResults (1 to 1000 with it), a NextToken until the last page",
    ),
    Rule(
        "flow-and-quick-connect-names-unique",
        ("ListContactFlows", "ListQuickConnects"),
        (
            "Provides information about the flows for the specified Connect Customer instance.",
            "Provides information about the quick connects for the specified Connect Customer instance.",
        ),
        "behaviour",
        "CreateContactFlow and CreateQuickConnect refuse a second one of one name in an instance "
        '(DuplicateResourceException: "A resource with the specified name already exists."), so '
        "contact_flow_name and quick_connect_name match at most one; names.resolve_name matches exactly, case included",
        "DuplicateResourceException for a second flow or quick connect of one name in an instance",
    ),
)


NOT_RULES: tuple[str, ...] = (
    # Sentences that state no constraint on a request: what a member is, where to read more,
    # or facts about voice, chat and email contacts.
    "Initiates a flow to start a new task contact.",
    "For more information about task contacts, see Concepts: Tasks in Connect Customer in the Connect Customer Administrator Guide.",
    "For more information about service quotas for task contacts, see Connect Customer service quotas in the Connect Customer Administrator Guide.",
    "The identifier of the Connect Customer instance.",
    "The identifier of the previous chat, voice, or task contact.",
    "The identifier of the flow for initiating the tasks.",
    "To see the ContactFlowId in the Connect Customer admin website, on the navigation menu go to Routing, Flows.",
    "Choose the flow.",
    "On the flow page, under the name of the flow, choose Show additional flow information.",
    "The ContactFlowId is the last part of the ARN, shown here in bold: arn:aws:connect:us-west-2:xxxxxxxxxxxx:instance/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/contact-flow/ 846ec553-a005-41c0-8341-xxxxxxxxxxxx",
    "A custom key-value pair using an attribute map.",
    "The attributes are standard Connect Customer attributes, and can be accessed in flows just like any other contact attributes.",
    "The name of a task that is shown to an agent in the Contact Control Panel (CCP).",
    "A formatted URL that is shown to an agent in the Contact Control Panel (CCP).",
    "A description of the task that is shown to an agent in the Contact Control Panel (CCP).",
    "For more information about idempotency, see Making retries safe with idempotent APIs.",
    "A unique identifier for the task template.",
    "For more information about task templates, see Create task templates in the Connect Customer Administrator Guide.",
    "The identifier for the quick connect.",
    "For more information about quick connects, see Create quick connects.",
    "The contactId that is related to this contact.",
    "A set of system defined key-value pairs stored on individual contact segments (unique contact ID) using an attribute map.",
    "The attributes are standard Connect Customer attributes.",
    "They can be accessed in flows.",
    "Well-formed data on a contact, used by agents to complete a contact request.",
    "The type of the reference.",
    "Status of the attachment reference type.",
    "The Amazon Resource Name (ARN) of the reference",
    "Relevant details why the reference was not successfully created.",
    "A value for a segment attribute.",
    "This is structured as a map where the key is valueString and the value is a string.",
    "The value of a segment attribute.",
    "Information about the task attachment files.",
    "A case-sensitive name of the attached file being uploaded.",
    "This API is in preview release for Connect Customer and is subject to change.",
    "Describes the specified contact.",
    "Use cases Following are common uses cases for this API: Retrieve contact information such as the caller's phone number and the specific number the caller dialed to integrate into custom monitoring or custom agent experience solutions.",
    "Detect when a customer chat session disconnects due to a network issue on the agent's end.",
    "Use the DisconnectReason field in the ContactTraceRecord to detect this event and then re-queue the chat for followup.",
    "Identify after contact work (ACW) duration and call recordings information when a COMPLETED event is received by using the contact event stream.",
    "Only contact information that is available in Connect Customer is returned by this API.",
    "Endpoints: See Connect Customer endpoints and quotas.",
    "The identifier of the contact.",
    "Adds or updates user-defined contact information associated with the specified contact.",
    "This is the identifier of the contact associated with the first interaction with your contact center.",
    "The name of the contact.",
    "The description of the contact.",
    "Well-formed data on contact, shown to agents on Contact Control Panel (CCP).",
    "This field can be used to show channel subtype, such as connect:Guide.",
    "Information about the queue associated with a contact.",
    "It is used when you integrate third-party systems with Contact Lens for analytics.",
    "For more information, see Connect Customer Contact Lens integration in the Connect Customer Administrator Guide.",
    "Information about the agent associated with a contact.",
    "The endpoint of the customer for which the contact was initiated.",
    "For external audio contacts, this is usually the end customer's phone number.",
    "For email contacts with an OUTBOUND or AGENT_REPLY initiation method, this value can be updated while the outbound email is still a draft, before you send it.",
    "External system endpoint for the contact was initiated.",
    "For external audio contacts, this is the phone number of the external system such as the contact center.",
    "The additional recipients of an outbound email.",
    "Use this field to update the CC email address recipients of a contact.",
    "An empty list clears the existing CC recipients.",
    "The identifier of the queue.",
    "The user identifier for the contact.",
    "Type of the endpoint.",
    "Address of the endpoint.",
    "The additional CC email address recipients.",
    "You can specify up to 50 addresses.",
    "Provide an empty list to clear the existing CC recipients.",
    "Contains information about a source or destination email address.",
    "The email address, including the domain.",
    "The display name of email address.",
    "Creates or updates user-defined contact attributes associated with the specified contact.",
    "For example, while the call is active, you can update the customer's name or the reason the customer called.",
    "You can add notes about steps that the agent took during the call that display to the next agent that takes the call.",
    "You can also update attributes for a contact using data from your CRM application and save the data with the contact in Connect Customer.",
    "You could also flag calls for additional analysis, such as legal review or to identify abusive callers.",
    "For information about contact record retention and the maximum size of the contact record attributes section, see Feature specifications in the Connect Customer Administrator Guide.",
    "This is the identifier of the contact associated with the first interaction with the contact center.",
    "The Connect Customer attributes.",
    "These attributes can be accessed in flows just like any other contact attributes.",
    "In the Set contact attributes block, when the attributes for a contact exceed 32 KB, the contact is routed down the Error branch of the flow.",
    "If the attributes are only used in one flow and don't need to be referred to outside of that flow (for example, by a Lambda or another flow), then use flow attributes.",
    "This way you aren't needlessly persisting the 32 KB of information from one flow to another.",
    "For more information, see Flow block: Set contact attributes in the Connect Customer Administrator Guide.",
    "Ends the specified contact.",
    "Use this API to stop queued callbacks.",
    "The ID of the contact.",
    "The reason a contact can be disconnected.",
    "For a list and description of all the possible disconnect reasons by channel (including outbound campaign voice contacts) see DisconnectReason under ContactTraceRecord in the Connect Customer Administrator Guide.",
    "A code that indicates how the contact was terminated.",
    "Retrieves the contact attributes for the specified contact.",
    "The identifier of the initial contact.",
    "For the specified referenceTypes, returns a list of references associated with the contact.",
    "References are links to documents that are related to a contact, such as emails, attachments, or URLs.",
    "The type of reference.",
    "The token for the next set of results.",
    "Use the value returned in the previous response in the next request to retrieve the next set of results.",
    "Creates a new task template in the specified Connect Customer instance.",
    "The name of the task template.",
    "The description of the task template.",
    "The identifier of the flow that runs by default when a task is created by referencing this template.",
    "The ContactFlowId for the flow that will be run if this template is used to create a self-assigned task.",
    "The event hooks that are set on tasks created by using this template.",
    "Constraints that are applicable to the fields listed.",
    "The default values for fields when a task is created by referencing this template.",
    "Marks a template as ACTIVE or INACTIVE for a task to refer to it.",
    "Fields that are part of the template.",
    "The identifier of the flow module that runs when an agent attempts to disconnect from a task created by referencing this template.",
    "If no agent ever connects to the task, the flow module runs when the task is terminated.",
    "Lists the fields that are read-only to agents, and cannot be edited.",
    "Lists the fields that are invisible to agents.",
    "Information about a required field.",
    "The unique identifier for the field.",
    "The name of the task template field.",
    "Indicates a field that is read-only to an agent.",
    "Identifier of the read-only field.",
    "A field that is invisible to an agent.",
    "Identifier of the invisible field.",
    "Default value for the field.",
    "Describes a default field and its corresponding value.",
    "Identifier of a field.",
    "Describes a single task template field.",
    "The description of the field.",
    "Indicates the type of field.",
    "A list of options for a single select field.",
    "Gets details about a specific task template in the specified Connect Customer instance.",
    "The system generated version of a task template that is associated with a task, when the task is created.",
    "Updates details about a specific task template in the specified Connect Customer instance.",
    "Deletes the task template.",
    "The maximum number of results to return per page.",
    "You can also create and update flows using the Connect Customer Flow language.",
    "For more information about flows, see Flows in the Connect Customer Administrator Guide.",
    "The type of flow.",
    "Both Instance ID and Instance ARN are supported input formats.",
    "The type of quick connect.",
    "In the Connect Customer admin website, when you create a quick connect, you are prompted to assign one of the following types: Agent (USER), External (PHONE_NUMBER), or Queue (QUEUE).",
)


# -- botocore's documentation as sentences ---------------------------------------------------------
def normalise(text: str) -> str:
    """botocore's HTML documentation as plain text: tags dropped, spaces collapsed."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text or ""))
    plain = " ".join(plain.split())
    return re.sub(r" ([.,;:)])", r"\1", plain)


def _sentences(text: str) -> list[str]:
    return [
        part.strip()
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", normalise(text))
        if part.strip()
    ]


def documented_sentences(operations: Iterable[str] = AUDITED_OPERATIONS) -> dict[str, str]:
    """Every sentence of the documentation of ``operations`` and of the shapes their
    requests reach, each once, mapped to the first place it was found."""
    import botocore.session  # only the audit needs the model

    model = botocore.session.get_session().get_service_model("connect")
    found: dict[str, str] = {}
    seen: set[str] = set()

    def walk(shape, where: str) -> None:
        if shape.name in seen:
            return
        seen.add(shape.name)
        for sentence in _sentences(shape.documentation):
            found.setdefault(sentence, where)
        children = []
        if shape.type_name == "structure":
            for name, member in shape.members.items():
                for sentence in _sentences(member.documentation):
                    found.setdefault(sentence, f"{shape.name}.{name}")
                children.append(member)
        elif shape.type_name == "list":
            children.append(shape.member)
        elif shape.type_name == "map":
            children += [shape.key, shape.value]
        for child in children:
            walk(child, child.name)

    for name in operations:
        operation = model.operation_model(name)
        for sentence in _sentences(operation.documentation):
            found.setdefault(sentence, name)
        walk(operation.input_shape, name)
    return found


def documentation_text(operations: Iterable[str] = AUDITED_OPERATIONS) -> str:
    """All of :func:`documented_sentences` as one text, for searching."""
    return " ".join(documented_sentences(operations))


def markdown() -> str:
    """The audit as a Markdown table, with its counts."""
    counts = {kind: sum(1 for rule in RULES if rule.kind == kind) for kind in KINDS}
    lines = [
        "# botocore's documentation text: every constraint, and who checks it",
        "",
        "Generated by `python -m pulumi_connect_tasks.common.aws_rules > docs/aws-rules.md` from "
        "`pulumi_connect_tasks/common/aws_rules.py`; `tests/audit` fails when botocore's text changes "
        "or this file is stale. Kinds:",
        "",
        *[f"- **{kind}**: {meaning}" for kind, meaning in KINDS.items()],
        "",
        f"{len(RULES)} constraints found in botocore's documentation text of {len(AUDITED_OPERATIONS)} operations "
        f"({sum(len(rule.quotes) for rule in RULES)} sentences; {len(NOT_RULES)} more sentences state none): "
        + ", ".join(f"{count} {kind}" for kind, count in counts.items())
        + ".",
        "",
        "| id | where | botocore says | kind | provider and `validate` | emulator |",
        "|---|---|---|---|---|---|",
    ]
    for rule in RULES:
        cells = [
            rule.id,
            ", ".join(rule.operations)
            if rule.operations != AUDITED_OPERATIONS
            else "every operation",
            " ".join(f"“{quote}”" for quote in rule.quotes),
            rule.kind,
            rule.provider,
            rule.emulator,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
