package io.wpstack.cli.commands;

import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.util.List;

/** Checks about the swarm that several commands make before planning. */
public final class Swarm {
    private Swarm() {}

    /**
     * ensure_swarm: an active swarm whose manager this engine is, else a single-node swarm initialised
     * with WPSTACK_ADVERTISE_ADDR (default: the default route's interface address, else 127.0.0.1).
     */
    public static Plan ensure(Context context, io.wpstack.cli.docker.SwarmFacts docker) {
        String state = docker.swarmState();
        return switch (state) {
            case "active" -> {
                if (!docker.swarmManager()) {
                    throw new WpstackException(
                            "this engine is a swarm worker; run wpstack on a manager node (docker node ls there)");
                }
                yield Plan.of();
            }
            case "inactive", "" -> {
                var plan = Plan.builder();
                String addr = context.env("WPSTACK_ADVERTISE_ADDR", "");
                if (addr.isEmpty()) {
                    addr = docker.defaultRouteAddress().orElse("");
                    if (addr.isEmpty()) {
                        plan.warn("no address found on the default route's interface; advertising 127.0.0.1 (set"
                                + " WPSTACK_ADVERTISE_ADDR for a multi-node swarm)");
                        addr = "127.0.0.1";
                    }
                }
                yield plan.info("initialising a single-node swarm (advertise address " + addr + ")")
                        .add(Step.Logged.of(
                                "",
                                List.of("docker", "swarm", "init", "--advertise-addr", addr),
                                java.util.Map.of(),
                                context.logFile("swarm-init"),
                                "docker swarm init --advertise-addr " + addr + " failed (output above); set"
                                        + " WPSTACK_ADVERTISE_ADDR to an address of this machine and rerun"))
                        .build();
            }
            case "locked" ->
                throw new WpstackException("the swarm is locked (autolock); unlock it with: docker swarm unlock");
            case "pending" ->
                throw new WpstackException(
                        "this node is still joining a swarm; wait, or leave it with: docker swarm leave --force");
            default ->
                throw new WpstackException("the swarm is in state \"" + state
                        + "\"; see docker info, fix or leave it (docker swarm leave --force) and rerun");
        };
    }

    /** This engine is in an active swarm (./wpstack up creates one), else an error saying so. */
    static void requireManager(DockerReads docker) {
        String state = docker.swarmState();
        if (!state.equals("active")) {
            throw new WpstackException("this Docker engine is in no swarm (state: " + state
                    + "); ./wpstack up creates one, or join one with the command ./wpstack node join-token prints"
                    + " on its manager");
        }
    }
}
