package io.wpstack.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.FakeDocker;
import io.wpstack.cli.model.Stacks;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DownCommandTest {
    private static final Path ROOT = Path.of("..");
    private final FakeDocker docker = new FakeDocker();

    private DownCommand.Target target(String stack, String monitoring, boolean credentials) {
        return new DownCommand.Target(
                stack,
                monitoring,
                Stacks.wordpress(ROOT),
                Stacks.monitoring(ROOT),
                Path.of("/home/u/.config/wpstack/credentials-" + stack),
                credentials);
    }

    @Test
    void withoutPurgeOnlyTheStackGoesAndWaitsForItsContainers() {
        docker.stacks.add("wpt1");
        var plan = DownCommand.plan(target("wpt1", "monitoring", true), false, docker);
        assertEquals(List.of(List.of("docker", "stack", "rm", "wpt1")), plan.commands());
        assertTrue(plan.steps()
                .contains(new Step.Await(
                        "",
                        new Step.Condition.StackRemoved("wpt1"),
                        DownCommand.REMOVAL_TIMEOUT,
                        "stack wpt1's containers or network still exist after 60s; check docker ps -a and docker network ls,"
                                + " then rerun")));
        assertEquals(
                new Step.Info("kept volumes and secrets (./wpstack down --purge removes them)"),
                plan.steps().getLast());
    }

    @Test
    void jobsAStoppedRestoreLeftAreRemovedBeforeTheStackSoThatPurgeCanRemoveItsVolumes() {
        docker.stacks.add("wpt1");
        docker.backupJobs.put("wpt1", List.of("wpt1_backup-restore-20261202T150000Z"));
        docker.backupJobs.put("other", List.of("other_backup-manual-20261202T150000Z"));
        var plan = DownCommand.plan(target("wpt1", "monitoring", true), true, docker);
        assertEquals(
                List.of(
                        List.of("docker", "service", "rm", "wpt1_backup-restore-20261202T150000Z"),
                        List.of(
                                "docker",
                                "container",
                                "prune",
                                "--force",
                                "--filter",
                                "label=com.docker.swarm.service.name=wpt1_backup-restore-20261202T150000Z"),
                        List.of("docker", "stack", "rm", "wpt1")),
                plan.commands().subList(0, 3));
        assertTrue(plan.steps()
                .contains(new Step.Info(
                        "removed the job wpt1_backup-restore-20261202T150000Z (left by a stopped backup or restore)")));
    }

    @Test
    void theMonitoringStackWatchingThisOneGoesFirstAndPurgeRemovesItsDataToo() {
        docker.stacks.addAll(List.of("wpt1", "mon1"));
        docker.networks.put("wpt1_backend", "net-1");
        docker.serviceNetworks.put("mon1", Set.of("net-1", "net-0"));
        docker.volumes.addAll(Set.of("wpt1_db_data", "wpt1_wp_content", "mon1_prometheus_data"));
        docker.secrets.addAll(Set.of("wpt1_wp_db_pass", "wpt1_db_root_pass", "mon1_grafana_viewer_pass"));
        var plan = DownCommand.plan(target("wpt1", "mon1", true), true, docker);
        assertEquals(
                List.of(
                        List.of("docker", "stack", "rm", "mon1"),
                        List.of("docker", "stack", "rm", "wpt1"),
                        List.of("docker", "volume", "rm", "mon1_prometheus_data"),
                        List.of("docker", "secret", "rm", "mon1_grafana_viewer_pass"),
                        List.of("docker", "volume", "rm", "wpt1_wp_content"),
                        List.of("docker", "volume", "rm", "wpt1_db_data"),
                        List.of("docker", "secret", "rm", "wpt1_wp_db_pass"),
                        List.of("docker", "secret", "rm", "wpt1_db_root_pass")),
                plan.commands());
        assertEquals(
                new Step.DeleteFile(
                        "removed credentials file /home/u/.config/wpstack/credentials-wpt1",
                        Path.of("/home/u/.config/wpstack/credentials-wpt1")),
                plan.steps().getLast());
    }

    @Test
    void aMonitoringStackWatchingAnotherStackIsKeptWithItsData() {
        docker.stacks.addAll(List.of("wpt1", "monitoring"));
        docker.networks.put("wpt1_backend", "net-1");
        docker.serviceNetworks.put("monitoring", Set.of("net-other"));
        docker.volumes.add("monitoring_prometheus_data");
        var plan = DownCommand.plan(target("wpt1", "monitoring", false), true, docker);
        assertEquals(List.of(List.of("docker", "stack", "rm", "wpt1")), plan.commands());
        assertTrue(plan.steps().contains(new Step.Info("stack monitoring watches another stack than wpt1: kept")));
        assertTrue(plan.steps().stream().noneMatch(Step.DeleteFile.class::isInstance), "no credentials file to remove");
    }

    @Test
    void theDefaultStacksSecretsHaveNoPrefix() {
        docker.secrets.addAll(Set.of("lb_admin_user", "db_root_pass", "alert_webhook_url"));
        var plan = DownCommand.plan(target("wpstack", "monitoring", false), true, docker);
        assertEquals(
                List.of(
                        List.of("docker", "secret", "rm", "alert_webhook_url"),
                        List.of("docker", "secret", "rm", "lb_admin_user"),
                        List.of("docker", "secret", "rm", "db_root_pass")),
                plan.commands());
        assertTrue(plan.steps().contains(new Step.Info("stack wpstack is not deployed")));
    }
}
