package io.wpstack.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.FakeDocker;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaCommandTest {
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private final FakeDocker docker = new FakeDocker();

    private void deployedWithCaddyHere() {
        docker.stacks.add("wpt1");
        docker.localContainers.put("wpt1_caddy", "c1");
        docker.execOutputs.put("c1 cat " + CaCommand.ROOT_CERTIFICATE, PEM);
    }

    @Test
    void printsTheRootCertificateOfCaddysLocalCa() {
        deployedWithCaddyHere();
        assertEquals(
                List.of(new Step.Print(PEM)),
                CaCommand.plan("wpt1", false, false, docker).steps());
    }

    @Test
    void installWritesItWhereDebianLooksAndUpdatesTheStore() {
        deployedWithCaddyHere();
        var plan = CaCommand.plan("wpt1", true, true, docker);
        assertEquals(
                new Step.WriteFile("", Path.of("/usr/local/share/ca-certificates/wpstack-wpt1.crt"), PEM, "rw-r--r--"),
                plan.steps().getFirst());
        assertEquals(List.of(List.of("update-ca-certificates")), plan.commands());
    }

    @Test
    void installNeedsRootAndSaysWhatToDoInstead() {
        deployedWithCaddyHere();
        var e = assertThrows(WpstackException.class, () -> CaCommand.plan("wpt1", true, false, docker));
        assertTrue(e.getMessage().contains("save ./wpstack ca > wpstack-ca.crt"), e.getMessage());
    }

    @Test
    void caddyOnAnotherNodeIsNamed() {
        docker.stacks.add("wpt1");
        docker.serviceNodes.put("wpt1_caddy", List.of("node-2"));
        var e = assertThrows(WpstackException.class, () -> CaCommand.plan("wpt1", false, false, docker));
        assertEquals(
                "no Caddy container of stack wpt1 runs on this node; run ./wpstack ca on the node Caddy runs on"
                        + " (node-2)",
                e.getMessage());
    }

    @Test
    void aStackWithoutTheLocalCaSaysWhy() {
        docker.stacks.add("wpt1");
        docker.localContainers.put("wpt1_caddy", "c1");
        var e = assertThrows(WpstackException.class, () -> CaCommand.plan("wpt1", false, false, docker));
        assertTrue(e.getMessage().contains("does not use TLS=internal"), e.getMessage());
    }
}
