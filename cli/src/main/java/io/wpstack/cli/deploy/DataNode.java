package io.wpstack.cli.deploy;

import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.util.List;

/**
 * Placement: MariaDB and wp_content live on one node, the one labelled wpstack.data=true (the default
 * constraint of MariaDB and WordPress), so both stay with their volumes.
 */
public final class DataNode {
    public static final String LABEL = "wpstack.data";
    public static final String CONSTRAINT = "node.labels." + LABEL + " == true";

    private DataNode() {}

    /**
     * ensure_data_node: when no node carries the label, up labels the node MariaDB runs on now (a
     * deployment made before the label), else this node; more than one labelled node is a warning.
     *
     * @param mariadbNodes the host names of the nodes STACK_mariadb's tasks should run on
     */
    public static Plan ensure(List<DockerReads.NodeRow> nodes, List<String> mariadbNodes, String selfId) {
        List<DockerReads.NodeRow> labelled =
                nodes.stream().filter(n -> n.labels().contains(LABEL + "=true")).toList();
        var plan = Plan.builder();
        if (labelled.size() > 1) {
            plan.warn(labelled.size() + " nodes carry the label " + LABEL + "=true ("
                    + String.join(
                            " ",
                            labelled.stream().map(DockerReads.NodeRow::hostname).toList())
                    + "): MariaDB and WordPress may move between them and find other volumes. Keep it on one node:"
                    + " docker node update --label-rm " + LABEL + " NODE");
        }
        if (!labelled.isEmpty()) {
            return plan.build();
        }
        String node = mariadbNodes.isEmpty() ? selfId : mariadbNodes.getFirst();
        String hostname = nodes.stream()
                .filter(n -> n.id().equals(node) || n.hostname().equals(node))
                .map(DockerReads.NodeRow::hostname)
                .findFirst()
                .orElse(node);
        return plan.add(Step.Run.of(
                        "",
                        List.of("docker", "node", "update", "--label-add", LABEL + "=true", node),
                        "labelling node " + node + " " + LABEL + "=true failed; label the node that should hold the"
                                + " data yourself (docker node update --label-add " + LABEL + "=true NODE) and rerun"))
                .info("node " + hostname + " holds the stack's data (label " + LABEL
                        + "=true): MariaDB and WordPress run there")
                .build();
    }

    /** warn_if_content_may_diverge: another WORDPRESS_CONSTRAINT on a swarm of several nodes. */
    public static Plan warnIfContentMayDiverge(String constraint, int nodes) {
        if (constraint.equals(CONSTRAINT) || nodes <= 1) {
            return Plan.of();
        }
        return Plan.builder()
                .warn("WORDPRESS_CONSTRAINT=" + constraint + " may place WordPress replicas on several of this"
                        + " swarm's " + nodes + " nodes, and each node has a wp_content volume of its own: an image"
                        + " uploaded or a plugin installed through one replica is then missing on the others. Keep"
                        + " the default (" + CONSTRAINT + ") unless wp-content is shared storage.")
                .build();
    }

    /** warn_if_content_diverges: after the deploy, the nodes WordPress really runs on. */
    public static Plan warnIfContentDiverges(List<String> wordpressNodes) {
        if (wordpressNodes.size() <= 1) {
            return Plan.of();
        }
        return Plan.builder()
                .warn("WordPress replicas run on " + wordpressNodes.size() + " nodes ("
                        + String.join(" ", wordpressNodes)
                        + "), each with its own wp_content volume: uploads and plugins differ between them. Set"
                        + " WORDPRESS_CONSTRAINT back to " + CONSTRAINT + ".")
                .build();
    }
}
