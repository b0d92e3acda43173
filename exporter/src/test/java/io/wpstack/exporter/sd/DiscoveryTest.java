package io.wpstack.exporter.sd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wpstack.exporter.docker.SwarmJson;
import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.Service;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery on src/test/resources/sd/sd-overlay, captured from a real swarm (services labelled wpstack.case=sd-overlay,
 * then {@code CAPTURE_DIR=exporter/src/test/resources/sd scripts/capture-case.sh sd-overlay}) in the middle of a
 * forced update of h-tls-mon_web: stacks h-tls-mon (node-exporter, global; web, 2 replicas on ingress, then
 * h-tls-sd-front, then h-tls-sd-back) and h-tls-other (node-exporter, 1 replica on h-tls-sd-back), and h-tls-plain
 * outside any stack and on no network. Web's slot 1 has only a new task still "ready" and an old one still running
 * with desired state shutdown; slot 2 has its new task running.
 */
class DiscoveryTest {
    private static List<Service> services;
    private static List<Node> nodes;
    private static List<SdTask> tasks;

    @BeforeAll
    static void read() throws IOException {
        Path dir = Path.of("src/test/resources/sd/sd-overlay");
        try (InputStream s = Files.newInputStream(dir.resolve("services.json"));
                InputStream n = Files.newInputStream(dir.resolve("nodes.json"));
                InputStream t = Files.newInputStream(dir.resolve("tasks.json"))) {
            services = SwarmJson.services(s);
            nodes = SwarmJson.nodes(n);
            tasks = SdJson.tasks(t);
        }
    }

    @Test
    void aShortNameFindsTheServiceInEveryStackGlobalWithoutSlot() {
        assertEquals(
                "[{\"targets\":[\"10.0.1.3:9100\"],\"labels\":{\"node\":\"vm\",\"service\":\"h-tls-mon_node-exporter\","
                        + "\"stack\":\"h-tls-mon\",\"slot\":\"\"}},"
                        + "{\"targets\":[\"10.0.2.7:9100\"],\"labels\":{\"node\":\"vm\",\"service\":"
                        + "\"h-tls-other_node-exporter\",\"stack\":\"h-tls-other\",\"slot\":\"1\"}}]\n",
                sd("service=node-exporter&port=9100"));
    }

    @Test
    void onlyTasksRunningAsDesiredAreTargetsAtTheirFirstOverlayOtherThanIngress() {
        String web = "[{\"targets\":[\"10.0.1.8:80\"],\"labels\":{\"node\":\"vm\",\"service\":\"h-tls-mon_web\","
                + "\"stack\":\"h-tls-mon\",\"slot\":\"2\"}}]\n";
        assertEquals(web, sd("service=web&port=80"));
        assertEquals(web, sd("service=h-tls-mon_web&port=80"), "the full name finds it too");
    }

    @Test
    void theAskedNetworkWins() {
        assertEquals(
                "[{\"targets\":[\"10.0.2.8:8080\"],\"labels\":{\"node\":\"vm\",\"service\":\"h-tls-mon_web\","
                        + "\"stack\":\"h-tls-mon\",\"slot\":\"2\"}}]\n",
                sd("service=web&port=8080&network=h-tls-sd-back"));
        assertEquals("10.0.0.6:80", only("service=web&port=80&network=ingress").target());
        assertEquals("[]\n", sd("service=node-exporter&port=9100&network=none-such"));
    }

    @Test
    void aServiceOutsideAStackIsFoundByItsNameOnlyAndATaskWithoutAnAddressIsNoTarget() {
        assertEquals(1, tasks.stream().filter(t -> t.attachments().isEmpty()).count());
        assertEquals("[]\n", sd("service=h-tls-plain&port=80"));
        assertEquals("[]\n", sd("service=plain&port=80"));
        assertEquals("[]\n", sd("service=missing&port=80"));
    }

    @Test
    void ipv6AddressesAreBracketed() {
        var task = new SdTask(
                "s", "n", 1, "running", "running", List.of(new SdTask.Attachment("net", "overlay", false, "fd00::5")));
        assertEquals(java.util.Optional.of("fd00::5"), Discovery.address(task, ""));
        var service = services.stream()
                .filter(s -> s.name().equals("h-tls-plain"))
                .findFirst()
                .orElseThrow();
        var moved = new SdTask(service.id(), "n", 1, "running", "running", task.attachments());
        assertEquals(
                "[fd00::5]:80",
                Discovery.targets(query("service=h-tls-plain&port=80"), services, nodes, List.of(moved))
                        .getFirst()
                        .target());
    }

    private static Discovery.TargetGroup only(String rawQuery) {
        List<Discovery.TargetGroup> groups = Discovery.targets(query(rawQuery), services, nodes, tasks);
        assertEquals(1, groups.size(), groups::toString);
        return groups.getFirst();
    }

    private static String sd(String rawQuery) {
        return new String(
                SdJson.write(Discovery.targets(query(rawQuery), services, nodes, tasks)), StandardCharsets.UTF_8);
    }

    private static SdQuery query(String rawQuery) {
        try {
            return SdQuery.parse(rawQuery);
        } catch (SdQuery.BadParameter e) {
            throw new AssertionError(e);
        }
    }
}
