package io.wpstack.cli;

import io.wpstack.cli.docker.SwarmStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A swarm whose convergence and task errors are fields. */
public final class FakeSwarm implements SwarmStatus {
    public boolean converged = true;
    public String table = "SERVICE  REPLICAS\nwpstack_wordpress  1/1\n";
    public final List<String> errors = new ArrayList<>();
    public final List<Duration> waits = new ArrayList<>();

    @Override
    public boolean awaitConverged(String stack, Duration timeout, Duration interval, PrintStream progress) {
        waits.add(timeout);
        progress.print(table);
        progress.println("stack " + stack + (converged ? ": converged" : ": not converged after 1ms"));
        return converged;
    }

    @Override
    public List<String> taskErrors(String stack) {
        return List.copyOf(errors);
    }
}
