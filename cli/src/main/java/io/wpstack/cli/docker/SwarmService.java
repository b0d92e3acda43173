package io.wpstack.cli.docker;

import io.wpstack.engine.Json;
import java.util.List;

/**
 * A service as GET /services describes it.
 *
 * @param image Spec.TaskTemplate.ContainerSpec.Image, as Swarm stores it (with the digest it pinned)
 * @param networks the Target of each of Spec.TaskTemplate.Networks (network IDs)
 * @param spec what identifies the task spec it asks for ({@link #specOf}), "" for none
 */
public record SwarmService(String id, String name, String image, List<String> networks, String spec) {
    public SwarmService {
        networks = List.copyOf(networks);
    }

    static SwarmService from(Json service) {
        return new SwarmService(
                service.string("ID"),
                service.string("Spec", "Name"),
                service.string("Spec", "TaskTemplate", "ContainerSpec", "Image"),
                service.objects("Spec", "TaskTemplate", "Networks").stream()
                        .map(network -> network.string("Target"))
                        .toList(),
                service.at("Spec", "TaskTemplate", "ContainerSpec")
                        .map(SwarmService::specOf)
                        .orElse(""));
    }

    /**
     * A container spec's image, secrets and configs (all content-named, so equal text is an equal spec): "IMAGE
     * SECRET... CONFIG...", as the Go template {{.Image}}{{range .Secrets}} {{.SecretName}}{{end}}{{range
     * .Configs}} {{.ConfigName}}{{end}} printed it.
     */
    static String specOf(Json spec) {
        StringBuilder text = new StringBuilder(spec.string("Image"));
        spec.objects("Secrets").forEach(secret -> text.append(' ').append(secret.string("SecretName")));
        spec.objects("Configs").forEach(config -> text.append(' ').append(config.string("ConfigName")));
        return text.toString();
    }
}
