package io.wpstack.exporter.metrics;

import io.wpstack.exporter.swarm.ServiceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original Python exporter's series (--legacy-metrics): live_NAME and desired_NAME, one
 * unlabelled sample each, so its dashboard keeps working during a migration.
 */
final class LegacyMetrics {
    private LegacyMetrics() {}

    static List<Family> families(List<ServiceStatus> statuses) {
        Map<String, Families.Gauge> families = new LinkedHashMap<>();
        for (ServiceStatus status : statuses) {
            if (status.service().mode().isJob()) {
                continue;
            }
            String name = sanitize(status.service().name());
            // Two services can sanitise to one name (a-b and a.b): the first keeps it, as one
            // family may hold one unlabelled sample only.
            // A name the exposition format reserves (live_x_total, desired_x_info) cannot be served.
            if (families.containsKey("live_" + name)
                    || !Exposition.isServableName("live_" + name)
                    || !Exposition.isServableName("desired_" + name)) {
                continue;
            }
            families.put(
                    "live_" + name,
                    new Families.Gauge(
                                    "live_" + name,
                                    "Legacy: live replicas of "
                                            + status.service().name() + ".")
                            .add(status.running()));
            families.put(
                    "desired_" + name,
                    new Families.Gauge(
                                    "desired_" + name,
                                    "Legacy: desired replicas of "
                                            + status.service().name() + ".")
                            .add(status.desired()));
        }
        List<Family> result = new ArrayList<>();
        families.values().forEach(family -> result.add(family.build()));
        return result;
    }

    static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }
}
