package io.wpstack.cli.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The variables {@code docker stack deploy} of stacks/wordpress.yml gets in its environment (bash:
 * export_stack_variables, image_ref): every setting, the site's address, STACK, ENVIRONMENT,
 * DEPLOYED_VERSION, SECRET_PREFIX,
 * CADDYFILE_HASH, BACKUP_CREDENTIALS_FILE and _HASH, the four NAME_IMAGE references, and REGISTRY and VERSION when deploying from a
 * registry.
 */
public final class StackVariables {
    private StackVariables() {}

    /**
     * Where the images come from: WPSTACK_NAME_IMAGE, else REGISTRY/wpstack/NAME:VERSION, else the
     * local image by the tag naming its content.
     *
     * @param environment the process environment (WPSTACK_NAME_IMAGE, WPSTACK_REGISTRY, WPSTACK_VERSION,
     *     with up's --registry and --version already in them)
     * @param defaultVersion the root pom's revision (the version a registry deploy defaults to)
     * @param contentTag NAME to wpstack/NAME:id-ID, the local image's content tag (bash: content_tag)
     */
    public record Images(Map<String, String> environment, String defaultVersion, UnaryOperator<String> contentTag) {
        public Images {
            environment = Map.copyOf(environment);
        }

        /** WPSTACK_REGISTRY, or "" for local images. */
        public String registry() {
            return environment.getOrDefault("WPSTACK_REGISTRY", "");
        }

        /** WPSTACK_VERSION, else the default version. */
        public String version() {
            String version = environment.getOrDefault("WPSTACK_VERSION", "");
            return version.isEmpty() ? defaultVersion : version;
        }

        /** image_ref NAME: the image the service NAME runs. */
        public String ref(String name) {
            String override = environment.getOrDefault(io.wpstack.cli.images.ImageTags.overrideVariable(name), "");
            if (!override.isEmpty()) {
                return override;
            }
            if (!registry().isEmpty()) {
                return registry() + "/wpstack/" + name + ":" + version();
            }
            return contentTag.apply(name);
        }
    }

    /**
     * export_stack_variables: what the deploy of STACK reads, for SETTINGS and the SITE's address;
     * CADDYFILE_HASH is {@link #caddyfileHash} of config/caddy/Caddyfile; NAME_IMAGE names the image of
     * each of BUILT_IMAGES (the stack file's {@code builtImages}), resolved by IMAGES; BACKUP_CREDENTIALS
     * are the backup service's credentials secret's file and hash ({@code RepositoryCredentials.stackVariables}).
     */
    public static Map<String, String> of(
            Settings settings,
            SiteAddress site,
            String stack,
            String caddyfileHash,
            Map<String, String> backupCredentials,
            List<String> builtImages,
            Images images) {
        Map<String, String> variables = new LinkedHashMap<>(settings.values());
        variables.putAll(site.variables());
        variables.put("STACK", stack);
        variables.put("ENVIRONMENT", settings.environment());
        variables.put("DEPLOYED_VERSION", images.version());
        variables.put("SECRET_PREFIX", Secrets.secretName(stack, ""));
        variables.put("CADDYFILE_HASH", caddyfileHash);
        variables.putAll(backupCredentials);
        for (String name : builtImages) {
            variables.put(imageVariable(name), images.ref(name));
        }
        if (!images.registry().isEmpty()) {
            variables.put("REGISTRY", images.registry());
            variables.put("VERSION", images.version());
        }
        return variables;
    }

    /** NAME_IMAGE, the stack variable of image NAME (upper case, - as _): WORDPRESS_IMAGE, MYSQLD_EXPORTER_IMAGE. */
    public static String imageVariable(String name) {
        return (name.toUpperCase(Locale.ROOT) + "_IMAGE").replace('-', '_');
    }

    /** The first 12 hex digits of CONTENT's SHA-256 (a config's name changes with its content). */
    public static String caddyfileHash(byte[] content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@link #caddyfileHash(byte[])} of TEXT in UTF-8. */
    public static String caddyfileHash(String text) {
        return caddyfileHash(text.getBytes(StandardCharsets.UTF_8));
    }
}
