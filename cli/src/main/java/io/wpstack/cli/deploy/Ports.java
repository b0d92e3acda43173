package io.wpstack.cli.deploy;

import java.util.List;
import java.util.Optional;

/**
 * The host ports a stack publishes are free, or its own already (a redeploy): bash check_port_free,
 * check_ports_free, check_monitoring_ports_free, port_holder. What listens comes from {@link
 * PortHolders}; which container publishes a port (Docker's view) from {@link Publishers}.
 */
public final class Ports {
    private Ports() {}

    /** A running container that publishes a port: its name and its Swarm service ("" for none). */
    public record Publisher(String container, String service) {
        /** "NAME (service SERVICE)", as port_holder names it. */
        public String description() {
            return container + " (service " + service + ")";
        }
    }

    /** The container publishing a port: {@code docker ps --filter publish=PORT}, the first. */
    @FunctionalInterface
    public interface Publishers {
        Optional<Publisher> publisher(int port);

        static Publishers none() {
            return port -> Optional.empty();
        }
    }

    /**
     * check_port_free: PORT is free, or published by a container of OWN_SERVICE (a redeploy); else an
     * error naming the holder and FIX, the setting or flag that chooses another port.
     */
    public static void checkFree(int port, String ownService, String fix, Publishers publishers, PortHolders holders) {
        if (!holders.listening(port)) {
            return;
        }
        Optional<Publisher> publisher = publishers.publisher(port);
        if (publisher.isPresent() && publisher.get().service().equals(ownService)) {
            return;
        }
        throw new PortInUseException(
                port,
                "port " + port + " is already in use by " + holder(port, publisher, holders)
                        + "; stop it, or choose another port (" + fix + ")");
    }

    /** port_holder: the container publishing PORT with its service, else the process, else "an unknown process". */
    public static String holder(int port, Publishers publishers, PortHolders holders) {
        return holder(port, publishers.publisher(port), holders);
    }

    private static String holder(int port, Optional<Publisher> publisher, PortHolders holders) {
        return publisher
                .map(Publisher::description)
                .or(() -> holders.process(port))
                .orElse("an unknown process");
    }

    /** check_ports_free: every port the edge Caddy will publish is free or already STACK_caddy's. */
    public static void checkStackPortsFree(
            Settings settings, List<String> portSettings, String stack, Publishers publishers, PortHolders holders) {
        for (String name : portSettings) {
            checkFree(Integer.parseInt(settings.get(name)), stack + "_caddy", "WPSTACK_" + name, publishers, holders);
        }
    }

    /**
     * check_monitoring_ports_free: caddy_monitoring's ports are port numbers, none of them the edge
     * Caddy's, each free or already MONITORING_STACK_caddy_monitoring's.
     */
    public static void checkMonitoringPortsFree(
            Settings settings,
            List<String> portSettings,
            List<String> edgePortSettings,
            String monitoringStack,
            Publishers publishers,
            PortHolders holders) {
        List<String> edgePorts = edgePortSettings.stream().map(settings::get).toList();
        for (String name : portSettings) {
            settings.checkPort(name);
            String port = settings.get(name);
            if (edgePorts.contains(port)) {
                throw new InvalidSettingException(
                        name,
                        name + "=" + port + " is also a port of the WordPress stack; choose another (WPSTACK_" + name
                                + ")");
            }
            checkFree(
                    Integer.parseInt(port),
                    monitoringStack + "_caddy_monitoring",
                    "WPSTACK_" + name,
                    publishers,
                    holders);
        }
    }
}
