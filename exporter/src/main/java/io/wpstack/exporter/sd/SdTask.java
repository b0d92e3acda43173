package io.wpstack.exporter.sd;

import java.util.List;

/**
 * What service discovery reads of one task: where it runs, its slot, its states and its addresses.
 *
 * @param slot the replica slot, 0 for a global service's task
 * @param attachments its network attachments, in the Engine's order
 */
public record SdTask(
        String serviceId, String nodeId, long slot, String desiredState, String state, List<Attachment> attachments) {
    public SdTask {
        attachments = List.copyOf(attachments);
    }

    /**
     * One network attachment.
     *
     * @param driver the network's driver ("overlay" for Swarm networks)
     * @param ingress whether this is the routing mesh's ingress network
     * @param address the task's first address on it, without its prefix length ("10.0.1.5")
     */
    public record Attachment(String network, String driver, boolean ingress, String address) {}

    public boolean isRunningAsDesired() {
        return "running".equals(desiredState) && "running".equals(state);
    }
}
