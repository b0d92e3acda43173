package io.wpstack.cli.release;

import io.wpstack.cli.App;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.model.Stacks;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./wpstack rollback [SERVICE]}: Swarm puts SERVICE (without one: every service whose image the
 * last deploy changed) back on its previous spec, rolling as an update does; then the stack's
 * convergence is awaited and the rollback is recorded in the history.
 */
@Command(
        name = "rollback",
        header = "return a service (default: each one the last up changed) to its previous version",
        customSynopsis = "./wpstack rollback [SERVICE]")
public final class RollbackCommand implements Callable<Integer> {
    private final App app;

    @Parameters(arity = "0..1", paramLabel = "SERVICE")
    String service;

    public RollbackCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        String stack = app.context().stack();
        List<String> names = Stacks.wordpress(app.context().root()).serviceNames();
        List<ServiceRelease> releases = ServiceRelease.deployed(app.docker(), stack, names);
        app.executor().execute(plan(stack, names, service, releases));
        List<ServiceRelease> after = ServiceRelease.deployed(app.docker(), stack, names);
        Map<String, ServiceRelease> before = new LinkedHashMap<>();
        releases.forEach(release -> before.put(release.service(), release));
        List<String> stuck = ReleaseOutcome.failures(
                stack,
                before,
                after.stream()
                        .filter(release -> !release.state().equals("rollback_completed"))
                        .toList(),
                Map.of(),
                app.swarm().recentTaskErrors(stack));
        if (!stuck.isEmpty()) {
            throw new WpstackException("the rollback did not complete: " + String.join("; ", stuck)
                    + ". See ./wpstack logs SERVICE and docker service ps");
        }
        return app.executor()
                .execute(History.record(
                        stack,
                        new DeployRecord(
                                Instant.now(),
                                DeployRecord.user(app.context().environment(), DeployRecord.localHost()),
                                "rollback",
                                "",
                                "",
                                service == null ? "rolled back" : "rolled back " + service,
                                DeployRecord.imagesOf(after)),
                        app.docker().configNames(History.prefix(stack))));
    }

    /**
     * The rollback of SERVICE (null: of each service whose previous spec runs another image), then the
     * wait for STACK to converge. RELEASES: the deployed services.
     */
    static Plan plan(String stack, List<String> names, String service, List<ServiceRelease> releases) {
        if (service != null && !names.contains(service)) {
            throw new UsageException(
                    "rollback", "unknown service \"" + service + "\"; one of: " + String.join(" ", names));
        }
        if (releases.isEmpty()) {
            throw new WpstackException("stack " + stack + " is not deployed: nothing to roll back (./wpstack up)");
        }
        List<ServiceRelease> chosen = new ArrayList<>();
        for (ServiceRelease release : releases) {
            if (service != null && release.service().equals(service)) {
                if (release.previousImage().isEmpty()) {
                    throw new WpstackException("service " + service + " has no previous version to return to"
                            + " (it was never updated, or Swarm already rolled it back); ./wpstack history lists"
                            + " what was deployed, and ./wpstack up --version V deploys one of them");
                }
                chosen.add(release);
            } else if (service == null
                    && !release.previousImage().isEmpty()
                    && !release.previousImage().equals(release.image())) {
                chosen.add(release);
            }
        }
        if (service != null && chosen.isEmpty()) {
            throw new WpstackException("service " + service + " of stack " + stack + " is not deployed");
        }
        if (chosen.isEmpty()) {
            throw new WpstackException("no service of stack " + stack + " runs another image than its previous"
                    + " spec: nothing to roll back; name one (./wpstack rollback SERVICE) to return it to its"
                    + " previous spec anyway");
        }
        var plan = Plan.builder();
        for (ServiceRelease release : chosen) {
            plan.add(Step.Run.of(
                    "rolling " + release.service() + " back from " + release.version() + " to "
                            + DeployRecord.tagOf(release.previousImage()),
                    List.of("docker", "service", "rollback", "--detach", stack + "_" + release.service()),
                    "docker service rollback " + stack + "_" + release.service() + " failed (its error above)"));
        }
        return plan.add(new Step.Await(
                        "waiting for stack " + stack + " to converge (at most 5m)",
                        new Step.Condition.StackConverged(stack),
                        Duration.ofMinutes(5),
                        "stack " + stack + " did not converge within 5m after the rollback: the table above names each"
                                + " lagging service and its newest task error; see ./wpstack logs SERVICE"))
                .build();
    }
}
