package io.wpstack.exporter.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.cli.Command;
import io.wpstack.exporter.docker.SwarmApi;
import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.NodeState;
import io.wpstack.exporter.swarm.Platform;
import io.wpstack.exporter.swarm.Service;
import io.wpstack.exporter.swarm.ServiceMode;
import io.wpstack.exporter.swarm.SwarmState;
import io.wpstack.exporter.swarm.Task;
import io.wpstack.exporter.swarm.TaskState;
import io.wpstack.exporter.swarm.UpdateState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check mode's verdicts, with a timeout of zero: one look at the swarm, then an answer. */
class CheckCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Node MANAGER = new Node(
            "n1",
            "host-1",
            "manager",
            "active",
            NodeState.READY,
            "10.0.0.1",
            "20.10.24",
            new Platform("linux", "x86_64"),
            Map.of(),
            Map.of(),
            true);

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void aSwarmWithoutServicesHasNothingToWaitFor() throws InterruptedException {
        assertEquals(0, check("", swarm(List.of(), List.of())));
        assertEquals("no services in this swarm\nevery service: converged\n", printed());
    }

    @Test
    void aStackWithoutServicesIsWaitedForUntilTheTimeout() throws InterruptedException {
        assertEquals(1, check("shop", swarm(List.of(), List.of())));
        assertEquals("waiting for stack shop: no services yet\nstack shop: not converged after 0ms\n", printed());
    }

    @Test
    void aServiceRunningItsReplicasIsConverged() throws InterruptedException {
        Service web = web(1);
        assertEquals(0, check("shop", swarm(List.of(web), List.of(running("t1", web, 1)))));
        assertTrue(printed().contains("shop_web"), printed());
        assertTrue(printed().endsWith("stack shop: converged\n"), printed());
    }

    @Test
    void aServiceShortOfItsReplicasIsNotConverged() throws InterruptedException {
        Service web = web(2);
        assertEquals(1, check("shop", swarm(List.of(web), List.of(running("t1", web, 1)))));
        assertTrue(printed().contains("1/2"), printed());
        assertTrue(printed().endsWith("stack shop: not converged after 0ms\n"), printed());
    }

    @Test
    void servicesOfOtherStacksAreNotInScope() throws InterruptedException {
        Service web = web(2);
        assertEquals(1, check("blog", swarm(List.of(web), List.of(running("t1", web, 1)))));
        assertTrue(printed().startsWith("waiting for stack blog: no services yet\n"), printed());
    }

    @Test
    void aLaggingServiceIsExplainedByItsNewestTaskErrorAndItsAge() throws InterruptedException {
        Service web = web(2);
        Task older = failed("t2", web, 2, "shutdown", "older error", "2026-11-26T09:59:18Z");
        Task newer = failed("t3", web, 2, "running", "no suitable node", "2026-11-26T09:59:18.5Z");
        assertEquals(1, check("shop", swarm(List.of(web), List.of(running("t1", web, 1), older, newer))));
        assertTrue(
                printed().contains("  shop_web: task rejected on node host-1 41s ago: no suitable node\n"), printed());
        Task newest = failed("t4", web, 2, "shutdown", "newest error", "2026-11-26T10:59:30+01:00");
        output.reset();
        check("shop", swarm(List.of(web), List.of(running("t1", web, 1), older, newer, newest)));
        assertTrue(printed().contains("  shop_web: task rejected on node host-1 30s ago: newest error\n"), printed());
    }

    @Test
    void anUnreachableDaemonIsWaitedForAndNamed() throws InterruptedException {
        SwarmApi unreachable = new SwarmApi() {
            @Override
            public SwarmState fetch(Duration timeout) throws DockerException {
                throw new DockerException.Unreachable("unix:///test.sock", new IOException("Connection refused"));
            }

            @Override
            public String endpoint() {
                return "unix:///test.sock";
            }
        };
        assertEquals(1, check("", unreachable));
        assertTrue(printed().startsWith("waiting for the Docker API: "), printed());
        assertTrue(printed().contains("unix:///test.sock"), printed());
    }

    private int check(String stack, SwarmApi api) throws InterruptedException {
        Command.Check options = new Command.Check(stack, Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(1));
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        return new CheckCommand(api, options, out, Clock.fixed(NOW, ZoneOffset.UTC)).run();
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private static Service web(long replicas) {
        return new Service(
                "s1",
                "shop_web",
                "shop",
                new ServiceMode.Replicated(replicas),
                "nginx:1",
                List.of(),
                List.of(),
                UpdateState.NONE,
                0);
    }

    private static Task running(String id, Service service, long slot) {
        return new Task(id, service.id(), MANAGER.id(), slot, "running", TaskState.RUNNING, "", "");
    }

    private static Task failed(String id, Service service, long slot, String desired, String error, String timestamp) {
        return new Task(id, service.id(), MANAGER.id(), slot, desired, TaskState.REJECTED, error, timestamp);
    }

    private static SwarmApi swarm(List<Service> services, List<Task> tasks) {
        SwarmState state = new SwarmState(services, List.of(MANAGER), tasks);
        return new SwarmApi() {
            @Override
            public SwarmState fetch(Duration timeout) {
                return state;
            }

            @Override
            public String endpoint() {
                return "unix:///test.sock";
            }
        };
    }
}
