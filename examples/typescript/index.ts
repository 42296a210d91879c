// One Task per definition file in ./tasks, as TaskSet does in Python. readTaskFiles checks
// every file (a broken one fails the preview, naming every problem) and returns them in
// creation order, so the task a file's PreviousTask names is always declared before it.
import * as pulumi from "@pulumi/pulumi";
import * as connectTasks from "@pulumi/connect-tasks";

const config = new pulumi.Config();
const instanceId = config.require("instanceId");
const contactFlowId = config.require("contactFlowId");

export = async () => {
    const files = await connectTasks.readTaskFiles({ directory: "tasks" });
    const tasks = new Map<string, connectTasks.Task>();
    const contactIds: Record<string, pulumi.Output<string>> = {};
    const contactIdOf = (key?: string) => (key === undefined ? undefined : tasks.get(key)!.contactId);

    for (const file of files.tasks) {
        if (file.schedule !== undefined) continue; // a recurring task: no one-off Task for it
        const task = new connectTasks.Task(file.key, {
            ...file.inputs,
            instanceId: file.inputs.instanceId ?? instanceId,
            contactFlowId: file.namesTarget ? file.inputs.contactFlowId : contactFlowId,
            previousContactId: contactIdOf(file.previousTask) ?? file.inputs.previousContactId,
            relatedContactId: contactIdOf(file.relatedTask) ?? file.inputs.relatedContactId,
            attributes: { ...file.inputs.attributes, environment: pulumi.getStack() },
        });
        tasks.set(file.key, task);
        contactIds[file.key] = task.contactId;
    }
    return { contactIds };
};
