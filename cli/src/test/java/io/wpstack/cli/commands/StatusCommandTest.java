package io.wpstack.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.cli.FakeDocker;
import io.wpstack.cli.FakeSwarm;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
    private final FakeDocker docker = new FakeDocker();
    private final FakeSwarm swarm = new FakeSwarm();

    @Test
    void aStackNotDeployedSaysHowToDeployIt() {
        var e = assertThrows(WpstackException.class, () -> StatusCommand.plan("wpstack", docker, swarm));
        assertEquals("stack wpstack is not deployed; run ./wpstack up", e.getMessage());
    }

    @Test
    void printsTheTableAfterOneLookAndEachSlotsNewestTaskError() {
        docker.stacks.add("wpt1");
        swarm.converged = false;
        swarm.errors.add("task error: wpt1_caddy.1 (Rejected 2 seconds ago): no suitable node");
        var plan = StatusCommand.plan("wpt1", docker, swarm);
        assertEquals(List.of(Duration.ofMillis(1)), swarm.waits, "status does not wait");
        assertEquals(
                List.of(
                        new Step.Print(swarm.table + "stack wpt1: not converged after 1ms\n"),
                        new Step.Print("task error: wpt1_caddy.1 (Rejected 2 seconds ago): no suitable node\n")),
                plan.steps());
    }
}
