package io.wpstack.cli.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackCommandTest {
    private static final List<String> NAMES = List.of("wordpress", "cron", "caddy");
    private static final List<ServiceRelease> DEPLOYED = List.of(
            ReleaseOutcomeTest.release("wordpress", "wpstack/wordpress:2", "wpstack/wordpress:1", "completed", "t"),
            ReleaseOutcomeTest.release("cron", "wpstack/wordpress:2", "wpstack/wordpress:1", "completed", "t"),
            ReleaseOutcomeTest.release("caddy", "wpstack/caddy:1", "wpstack/caddy:1", "completed", "t"));

    @Test
    void withoutAServiceEachOneWhosePreviousImageDiffersRollsBackThenTheStackIsAwaited() {
        var plan = RollbackCommand.plan("s1", NAMES, null, DEPLOYED);
        assertEquals(
                List.of(
                        List.of("docker", "service", "rollback", "--detach", "s1_wordpress"),
                        List.of("docker", "service", "rollback", "--detach", "s1_cron")),
                plan.commands());
        assertEquals(
                "rolling wordpress back from 2 to 1", plan.steps().getFirst().description());
        assertEquals(
                new Step.Condition.StackConverged("s1"),
                ((Step.Await) plan.steps().getLast()).condition());
    }

    @Test
    void aNamedServiceRollsBackToItsPreviousSpecEvenWithTheSameImage() {
        assertEquals(
                List.of(List.of("docker", "service", "rollback", "--detach", "s1_caddy")),
                RollbackCommand.plan("s1", NAMES, "caddy", DEPLOYED).commands());
    }

    @Test
    void whatCannotBeRolledBackIsNamed() {
        var unknown = assertThrows(UsageException.class, () -> RollbackCommand.plan("s1", NAMES, "mysql", DEPLOYED));
        assertTrue(unknown.getMessage().contains("unknown service \"mysql\"; one of: wordpress cron caddy"));
        var never =
                List.of(ReleaseOutcomeTest.release("wordpress", "wpstack/wordpress:1", "", "rollback_completed", "t"));
        var none = assertThrows(WpstackException.class, () -> RollbackCommand.plan("s1", NAMES, "wordpress", never));
        assertTrue(none.getMessage().contains("service wordpress has no previous version"), none.getMessage());
        var nothing = assertThrows(WpstackException.class, () -> RollbackCommand.plan("s1", NAMES, null, never));
        assertTrue(nothing.getMessage().contains("nothing to roll back"), nothing.getMessage());
        var down = assertThrows(WpstackException.class, () -> RollbackCommand.plan("s1", NAMES, null, List.of()));
        assertTrue(down.getMessage().contains("stack s1 is not deployed"), down.getMessage());
    }
}
