package io.wpstack.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.FakeDocker;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Step;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeCommandTest {
    private final FakeDocker docker = new FakeDocker().withNode("vm", "192.0.2.2", "wpstack.data=true");

    @Test
    void joinTokenPrintsTheCommandWithThisManagersAddress() {
        var plan = NodeCommand.JoinToken.plan("manager", docker);
        assertEquals(
                List.of(new Step.Print("docker swarm join --token SWMTKN-1-manager 192.0.2.2:2377\n")),
                plan.steps().stream().filter(Step.Print.class::isInstance).toList());
        assertTrue(plan.steps().stream().noneMatch(Step.Warn.class::isInstance), plan.toString());
    }

    @Test
    void joinTokenWarnsWhenTheSwarmAdvertisesLoopback() {
        docker.nodeAddr = "127.0.0.1";
        var warning = NodeCommand.JoinToken.plan("worker", docker).steps().stream()
                .filter(Step.Warn.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertTrue(warning.description().contains("WPSTACK_ADVERTISE_ADDR"), warning.description());
    }

    @Test
    void joinTokenRefusesAnUnknownRole() {
        var e = assertThrows(UsageException.class, () -> NodeCommand.JoinToken.plan("boss", docker));
        assertEquals("unknown role \"boss\"; worker or manager", e.getMessage());
        assertEquals("node join-token", e.command());
    }

    @Test
    void commandsOutsideASwarmSayHowToMakeOne() {
        docker.swarmState = "inactive";
        var e = assertThrows(WpstackException.class, () -> NodeCommand.Ls.plan(docker));
        assertTrue(e.getMessage().contains("./wpstack up creates one"), e.getMessage());
    }

    @Test
    void labelAddsAndRemovesWithDockerNodeUpdate() {
        assertEquals(
                List.of(List.of("docker", "node", "update", "--label-add", "wpstack.db=true", "vm")),
                NodeCommand.Label.plan(List.of("vm", "wpstack.db=true"), docker).commands());
        assertEquals(
                List.of(List.of("docker", "node", "update", "--label-rm", "wpstack.db", "vm")),
                NodeCommand.Label.plan(List.of("vm", "wpstack.db-"), docker).commands());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wpstack.db", "=true", "wpstack db=true", "-x=1"})
    void labelRefusesWhatIsNotKeyEqualsValue(String label) {
        var e = assertThrows(UsageException.class, () -> NodeCommand.Label.plan(List.of("vm", label), docker));
        assertTrue(e.getMessage().startsWith("\"" + label + "\" is not KEY=VALUE"), e.getMessage());
    }

    @Test
    void labelNamesAMissingNodeAndWhereToFindTheNames() {
        var e = assertThrows(WpstackException.class, () -> NodeCommand.Label.plan(List.of("node-9", "a=b"), docker));
        assertEquals(
                "no node \"node-9\" in this swarm; ./wpstack node ls lists them (use the HOSTNAME or ID column)",
                e.getMessage());
    }

    @Test
    void labelNeedsExactlyANodeAndALabel() {
        assertThrows(UsageException.class, () -> NodeCommand.Label.plan(List.of("vm"), docker));
    }

    @Test
    void lsIsATableWithLabelsOrADash() {
        docker.withNode("node-2", "192.0.2.3");
        String table = ((Step.Print) NodeCommand.Ls.plan(docker).steps().getFirst()).text();
        assertEquals("""
                HOSTNAME  ROLE     STATE  AVAILABILITY  MANAGER  ADDRESS    ENGINE    LABELS
                vm        manager  ready  active        leader   192.0.2.2  20.10.24  wpstack.data=true
                node-2    manager  ready  active        leader   192.0.2.3  20.10.24  -
                """, table);
    }
}
