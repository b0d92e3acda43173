package io.wpstack.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.model.Stacks;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogsCommandTest {
    /** The services come from stacks/wordpress.yml, not from a list of their own. */
    private final List<String> services = Stacks.wordpress(Path.of("..")).serviceNames();

    @Test
    void theServicesAreThoseOfTheComposeFile() {
        assertEquals(List.of("wordpress", "mariadb", "cron", "adminer", "backup", "caddy"), services);
    }

    @Test
    void followAndTailBecomeDockerServiceLogsFlags() {
        var plan = LogsCommand.plan("wpt1", services, "caddy", true, 20);
        assertEquals(
                List.of(List.of("docker", "service", "logs", "--follow", "--tail", "20", "wpt1_caddy")),
                plan.commands());
        assertEquals(Step.Output.SHOWN, ((Step.Run) plan.steps().getFirst()).output());
    }

    @Test
    void anUnknownServiceIsAUsageErrorListingTheServices() {
        var e = assertThrows(UsageException.class, () -> LogsCommand.plan("wpstack", services, "mysql", false, null));
        assertEquals("unknown service \"mysql\"; one of: wordpress mariadb cron adminer backup caddy", e.getMessage());
    }

    @Test
    void noServiceIsAUsageError() {
        var e = assertThrows(UsageException.class, () -> LogsCommand.plan("wpstack", services, null, false, null));
        assertEquals("name a service: wordpress mariadb cron adminer backup caddy", e.getMessage());
    }
}
