package io.wpstack.exporter.sd;

import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.Service;
import io.wpstack.exporter.swarm.ServiceMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus's HTTP service discovery from Swarm's records, a pure function: one target group per task of the
 * asked services that runs as desired (desired state and state both {@code running}), its target the task's
 * address on the asked network (else its first overlay network other than ingress) and the asked port, labelled
 * with the node's host name, the service's full name, its stack and the task's slot (empty for global services).
 */
public final class Discovery {
    private Discovery() {}

    /** One target group: one target and its labels, in the order they are written. */
    public record TargetGroup(String target, String node, String service, String stack, String slot) {}

    /** Whether SERVICE is the one the query asks for: by its full name, or by its name inside its stack. */
    public static boolean asked(SdQuery query, Service service) {
        return service.name().equals(query.service())
                || (!service.stack().isEmpty() && service.name().equals(service.stack() + "_" + query.service()));
    }

    /** The target groups, ordered by stack, service, slot, node host name and target. */
    public static List<TargetGroup> targets(
            SdQuery query, List<Service> services, List<Node> nodes, List<SdTask> tasks) {
        Map<String, Service> wanted = new HashMap<>();
        for (Service service : services) {
            if (asked(query, service)) {
                wanted.put(service.id(), service);
            }
        }
        Map<String, String> hostnames = new HashMap<>();
        for (Node node : nodes) {
            hostnames.put(node.id(), node.hostname());
        }
        List<TargetGroup> groups = new ArrayList<>();
        for (SdTask task : tasks) {
            Service service = wanted.get(task.serviceId());
            if (service == null || !task.isRunningAsDesired()) {
                continue;
            }
            Optional<String> address = address(task, query.network());
            if (address.isEmpty()) {
                continue;
            }
            boolean global =
                    service.mode() instanceof ServiceMode.Global || service.mode() instanceof ServiceMode.GlobalJob;
            groups.add(new TargetGroup(
                    hostPort(address.get(), query.port()),
                    hostnames.getOrDefault(task.nodeId(), ""),
                    service.name(),
                    service.stack(),
                    global ? "" : Long.toString(task.slot())));
        }
        groups.sort(Comparator.comparing(TargetGroup::stack)
                .thenComparing(TargetGroup::service)
                .thenComparing(group -> group.slot().isEmpty() ? 0 : Long.parseLong(group.slot()))
                .thenComparing(TargetGroup::node)
                .thenComparing(TargetGroup::target));
        return List.copyOf(groups);
    }

    /** The task's address on NETWORK, or ("" for none asked) on its first overlay network other than ingress. */
    static Optional<String> address(SdTask task, String network) {
        for (SdTask.Attachment attachment : task.attachments()) {
            boolean fits = network.isEmpty()
                    ? "overlay".equals(attachment.driver()) && !attachment.ingress()
                    : network.equals(attachment.network());
            if (fits && !attachment.address().isEmpty()) {
                return Optional.of(attachment.address());
            }
        }
        return Optional.empty();
    }

    private static String hostPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
