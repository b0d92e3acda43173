package io.wpstack.cli.monitoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link MonitoringReads} whose answers a test sets; it records the images it was asked to pull. */
final class FakeMonitoringReads implements MonitoringReads {
    final Set<String> secrets = new HashSet<>();
    final Map<String, String> labels = new HashMap<>();
    final Set<String> services = new HashSet<>();
    final Set<String> images = new HashSet<>(Set.of("grafana/grafana-oss:11.6.0"));
    final Set<String> pullable = new HashSet<>();
    final List<String> pulled = new ArrayList<>();
    final List<String> configs = new ArrayList<>();
    boolean detach = true;

    @Override
    public boolean secretExists(String name) {
        return secrets.contains(name);
    }

    @Override
    public String secretLabel(String secret, String label) {
        return secrets.contains(secret) ? labels.getOrDefault(secret + " " + label, "") : "";
    }

    @Override
    public boolean serviceExists(String service) {
        return services.contains(service);
    }

    @Override
    public boolean imageExists(String image) {
        return images.contains(image);
    }

    @Override
    public boolean pull(String image) {
        pulled.add(image);
        return pullable.contains(image);
    }

    @Override
    public boolean stackDeployHasDetach() {
        return detach;
    }

    @Override
    public List<String> stackConfigs(String stack) {
        return configs;
    }
}
