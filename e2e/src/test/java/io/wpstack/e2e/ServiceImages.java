package io.wpstack.e2e;

import io.wpstack.testkit.DockerCli;

/** What a deployed service runs, as its spec names it. */
final class ServiceImages {
    private ServiceImages() {}

    /** The image the service SERVICE of STACK runs, without the digest Swarm pins to it. */
    static String of(String stack, String service) {
        String image = DockerCli.check(
                "service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", stack + "_" + service);
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
    }
}
