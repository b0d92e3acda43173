package io.wpstack.cli.commands;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.docker.DockerReads;

/** Checks about the swarm that several commands make before planning. */
final class Swarm {
    private Swarm() {}

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
