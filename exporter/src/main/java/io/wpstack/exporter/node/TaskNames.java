package io.wpstack.exporter.node;

/**
 * Swarm names a task's container {@code SERVICE.SLOT.TASKID} for a replicated service and
 * {@code SERVICE.NODEID.TASKID} for a global one: the middle part is the slot, or the node's id.
 */
final class TaskNames {
    private TaskNames() {}

    /** The middle part of TASKNAME, "" when the name is not SERVICE.X.TASKID. */
    static String middle(String taskName, String service, String taskId) {
        if (service.isEmpty() || taskId.isEmpty()) {
            return "";
        }
        String prefix = service + ".";
        String suffix = "." + taskId;
        if (!taskName.startsWith(prefix)
                || !taskName.endsWith(suffix)
                || taskName.length() <= prefix.length() + suffix.length()) {
            return "";
        }
        return taskName.substring(prefix.length(), taskName.length() - suffix.length());
    }

    /** The slot: the middle part when it is a number (replicated), else "" (a global service's node id). */
    static String slot(String middle) {
        if (middle.isEmpty()) {
            return "";
        }
        for (int i = 0; i < middle.length(); i++) {
            if (middle.charAt(i) < '0' || middle.charAt(i) > '9') {
                return "";
            }
        }
        return middle;
    }
}
