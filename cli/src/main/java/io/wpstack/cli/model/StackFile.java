package io.wpstack.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compose file under stacks/, as the CLI reads it: the one description of a stack's services,
 * their images, volumes and secrets. Commands read this instead of keeping their own lists.
 */
public record StackFile(
        String path, List<Service> services, List<String> volumes, List<Secret> secrets, List<Config> configs) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern IMAGE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)_IMAGE:-([^}]+)}");
    private static final Pattern PORT_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):-[0-9]+}");

    /**
     * A service: its name in the stack, the image it runs (as the compose file writes it) and its
     * published ports as written ({@code ${HTTP_PORT:-80}}, or a number).
     */
    public record Service(String name, String image, List<String> published) {
        public Service {
            published = List.copyOf(published);
        }

        /** The settings naming its published ports (HTTP_PORT for {@code ${HTTP_PORT:-80}}), in file order. */
        public List<String> publishedPortSettings() {
            return published.stream()
                    .map(PORT_VARIABLE::matcher)
                    .filter(java.util.regex.Matcher::matches)
                    .map(matcher -> matcher.group(1))
                    .toList();
        }

        /** The variable its image comes from (WORDPRESS_IMAGE for {@code ${WORDPRESS_IMAGE:-...}}), if any. */
        public java.util.Optional<String> imageVariable() {
            var matcher = IMAGE_VARIABLE.matcher(image);
            return matcher.matches() ? java.util.Optional.of(matcher.group(1) + "_IMAGE") : java.util.Optional.empty();
        }

        /**
         * The folder under images/ that builds this service's image, for a reference like
         * {@code ${WORDPRESS_IMAGE:-wpstack/wordpress:latest}} ("wordpress"), if it is one of ours.
         */
        public java.util.Optional<String> builtImage() {
            var matcher = IMAGE_VARIABLE.matcher(image);
            if (!matcher.matches() || !matcher.group(2).startsWith("wpstack/")) {
                return java.util.Optional.empty();
            }
            String reference = matcher.group(2).substring("wpstack/".length());
            return java.util.Optional.of(reference.substring(0, reference.indexOf(':')));
        }
    }

    /** A secret the stack uses: its key in the file and its name template, e.g. {@code ${SECRET_PREFIX:-}wp_db_pass}. */
    public record Secret(String key, String name) {
        /** The secret's name when {@code variable} (e.g. SECRET_PREFIX) is its prefix, else empty. */
        public java.util.Optional<String> nameWithPrefix(String variable, String prefix) {
            String template = "${" + variable + ":-}";
            return name.startsWith(template)
                    ? java.util.Optional.of(prefix + name.substring(template.length()))
                    : java.util.Optional.empty();
        }
    }

    /**
     * A config the stack uses: its key in the file and its name template ("" when the file gives none:
     * docker stack deploy then names it STACK_KEY).
     */
    public record Config(String key, String name) {}

    public StackFile {
        services = List.copyOf(services);
        volumes = List.copyOf(volumes);
        secrets = List.copyOf(secrets);
        configs = List.copyOf(configs);
    }

    public static StackFile read(Path root, String path) {
        try {
            return parse(path, YAML.readTree(root.resolve(path).toFile()));
        } catch (IOException e) {
            throw new WpstackException("cannot read " + path + ": " + e.getMessage());
        }
    }

    static StackFile parse(String path, JsonNode tree) {
        List<Service> services = new ArrayList<>();
        tree.path("services").properties().forEach(e -> {
            List<String> published = new ArrayList<>();
            e.getValue()
                    .path("ports")
                    .forEach(port -> published.add(port.path("published").asText("")));
            services.add(new Service(e.getKey(), e.getValue().path("image").asText(""), published));
        });
        List<String> volumes = new ArrayList<>();
        tree.path("volumes").fieldNames().forEachRemaining(volumes::add);
        List<Secret> secrets = new ArrayList<>();
        tree.path("secrets")
                .properties()
                .forEach(e -> secrets.add(
                        new Secret(e.getKey(), e.getValue().path("name").asText(e.getKey()))));
        List<Config> configs = new ArrayList<>();
        tree.path("configs")
                .properties()
                .forEach(e -> configs.add(
                        new Config(e.getKey(), e.getValue().path("name").asText(""))));
        return new StackFile(path, services, volumes, secrets, configs);
    }

    /** The names of the secrets this stack owns: those named with {@code prefixVariable}, given its value. */
    public List<String> ownSecrets(String prefixVariable, String prefix) {
        return secrets.stream()
                .flatMap(secret -> secret.nameWithPrefix(prefixVariable, prefix).stream())
                .toList();
    }

    /**
     * The images under images/ that the services run, each once, in file order: what `up` builds and
     * tags for this stack (the services' NAME_IMAGE variables).
     */
    public List<String> builtImages() {
        return services.stream()
                .flatMap(service -> service.builtImage().stream())
                .distinct()
                .toList();
    }

    /** The settings naming the ports the services publish, each once, in file order. */
    public List<String> publishedPortSettings() {
        return services.stream()
                .flatMap(service -> service.publishedPortSettings().stream())
                .distinct()
                .toList();
    }

    /** The service NAME. */
    public Service service(String name) {
        return services.stream()
                .filter(service -> service.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new WpstackException(path + " has no service " + name));
    }

    /** The services' names, in file order. */
    public List<String> serviceNames() {
        return services.stream().map(Service::name).toList();
    }
}
