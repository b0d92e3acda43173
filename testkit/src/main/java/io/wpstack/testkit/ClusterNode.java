package io.wpstack.testkit;

/** One node of a {@link DindCluster}: its container (also its hostname) and its address on the cluster bridge. */
public record ClusterNode(String name, Role role, String address) {

    public enum Role {
        MANAGER,
        WORKER
    }

    @Override
    public String toString() {
        return name;
    }
}
