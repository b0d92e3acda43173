package io.wpstack.cli.deploy;

import io.wpstack.cli.StackNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Docker secrets of the wpstack stack (and Grafana's viewer password, a secret of the monitoring
 * stack), made from the credentials file (bash: ensure_secrets, check_existing_secrets_known,
 * ensure_grafana_viewer_secret, check_monitoring_secrets_known). A secret that exists is kept: it
 * cannot be read back or changed in place. Which secrets exist is an input.
 */
public final class Secrets {
    /** The stack names whose secrets have no prefix (the original names). */
    public static final String DEFAULT_STACK = "wpstack";

    public static final String DEFAULT_MONITORING_STACK = "monitoring";

    /** The monitoring stack's secret that holds a credential of the file. */
    public static final String GRAFANA_VIEWER_PASS = "grafana_viewer_pass";

    /** The label every secret wpstack creates carries: the stack it belongs to. */
    public static final String STACK_LABEL = "io.wpstack.stack";

    private Secrets() {}

    /**
     * One {@code docker secret create --label io.wpstack.stack=STACK NAME -}, its value on standard
     * input (so it shows in no argv). toString leaves the value out.
     */
    public record Create(String secret, String stack, String value) {
        public Create {
            Objects.requireNonNull(secret);
            Objects.requireNonNull(stack);
            Objects.requireNonNull(value);
        }

        public List<String> argv() {
            return List.of("docker", "secret", "create", "--label", STACK_LABEL + "=" + stack, secret, "-");
        }

        /** What the plan fails with when docker does. */
        public String failure() {
            return "creating the Docker secret " + secret + " failed; check docker info and rerun";
        }

        /** The progress line once created. */
        public String info() {
            return "created secret " + secret;
        }

        @Override
        public String toString() {
            return "Create[" + String.join(" ", argv()) + " <value of " + value.length() + " characters>]";
        }
    }

    /**
     * What up does about the secrets: the ones it creates, in order, and the ones it keeps.
     *
     * <p>Until {@code Step.Run} can feed a value on standard input, this is not a {@code Plan}: each
     * {@link Create} becomes {@code Run(Create.argv(), input Create.value(), failure Create.failure())}
     * and {@code Info(Create.info())}.
     */
    public record Ensured(List<Create> create, List<String> kept) {
        public Ensured {
            create = List.copyOf(create);
            kept = List.copyOf(kept);
        }
    }

    /** The Docker secret's name for credential NAME of STACK: NAME, or STACK_NAME for another stack. */
    public static String secretName(String stack, String name) {
        return StackNames.secretPrefix(stack, DEFAULT_STACK) + name;
    }

    /** The monitoring stack's secret name for NAME. */
    public static String monitoringSecretName(String monitoringStack, String name) {
        return StackNames.secretPrefix(monitoringStack, DEFAULT_MONITORING_STACK) + name;
    }

    /**
     * check_existing_secrets_known: a secret of STACK that exists while the credentials file FILE has
     * no value for it (made outside wpstack, or the file was lost) stops up before it changes anything.
     */
    public static void checkKnown(String stack, Credentials credentials, Path file, Set<String> existing) {
        for (String name : Credentials.SECRETS) {
            checkKnown(secretName(stack, name), name, credentials, file, existing);
        }
    }

    /** check_monitoring_secrets_known: the same for the monitoring stack's grafana_viewer_pass. */
    public static void checkMonitoringKnown(
            String monitoringStack, Credentials credentials, Path file, Set<String> existing) {
        checkKnown(
                monitoringSecretName(monitoringStack, GRAFANA_VIEWER_PASS),
                GRAFANA_VIEWER_PASS,
                credentials,
                file,
                existing);
    }

    private static void checkKnown(
            String secret, String name, Credentials credentials, Path file, Set<String> existing) {
        if (existing.contains(secret) && credentials.get(name).isEmpty()) {
            throw new SecretWithoutValueException(
                    secret,
                    "the Docker secret " + secret + " exists but its value is not in " + file + "; add the line "
                            + name + "=VALUE there, or remove the secret (docker secret rm " + secret
                            + ") to have a new one generated");
        }
    }

    /**
     * ensure_secrets: each secret of STACK that does not exist is created from {@code credentials}
     * (which {@link Credentials#ensure} completed); the others are kept.
     */
    public static Ensured ensure(String stack, Credentials credentials, Set<String> existing) {
        List<Create> create = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String name : Credentials.SECRETS) {
            String secret = secretName(stack, name);
            if (existing.contains(secret)) {
                kept.add(secret);
            } else {
                create.add(new Create(secret, stack, value(credentials, name)));
            }
        }
        return new Ensured(create, kept);
    }

    /** ensure_grafana_viewer_secret: the monitoring stack's grafana_viewer_pass, unless it exists. */
    public static Ensured ensureMonitoring(String monitoringStack, Credentials credentials, Set<String> existing) {
        String secret = monitoringSecretName(monitoringStack, GRAFANA_VIEWER_PASS);
        if (existing.contains(secret)) {
            return new Ensured(List.of(), List.of(secret));
        }
        return new Ensured(
                List.of(new Create(secret, monitoringStack, value(credentials, GRAFANA_VIEWER_PASS))), List.of());
    }

    private static String value(Credentials credentials, String name) {
        return credentials
                .get(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no value for " + name + ": complete the credentials (Credentials.ensure) first"));
    }
}
