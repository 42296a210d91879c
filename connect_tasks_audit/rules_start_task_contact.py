"""The audit's rows for StartTaskContact and the shapes of its request (data only)."""

from __future__ import annotations

from .model import AUDITED_OPERATIONS, Rule

__all__ = ["START_TASK_CONTACT_RULES"]

START_TASK_CONTACT_RULES: tuple[Rule, ...] = (
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
)
