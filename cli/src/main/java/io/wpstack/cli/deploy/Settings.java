package io.wpstack.cli.deploy;

import io.wpstack.cli.Context;
import io.wpstack.cli.settings.Catalog;
import io.wpstack.cli.settings.EnvFile;
import io.wpstack.cli.settings.Setting;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The settings of one environment, each with where its value came from: the default of
 * stacks/env/base.env, the value of stacks/env/ENV.env where that sets it, and WPSTACK_NAME from the
 * process environment where that is set (bash: load_environment, setting_source, check_settings).
 *
 * @param environment the environment's name (development, production, ...)
 * @param values every setting of the catalog, in its order
 * @param sources where each value came from: base.env's or ENV.env's path, or WPSTACK_NAME
 */
public record Settings(String environment, Map<String, String> values, Map<String, String> sources) {
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");
    private static final Pattern PROBE_URL = Pattern.compile("https?://[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+");
    private static final Pattern WHITESPACE = Pattern.compile("[ \t\n]+");

    public Settings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        sources = Map.copyOf(sources);
    }

    /**
     * The environment ENV of the repository's catalog, with the process environment's overrides;
     * {@code command} is what a usage error for an unknown environment names.
     */
    public static Settings load(Context context, String command, String environment) {
        return load(
                context.catalog(),
                command,
                environment,
                context.environment(),
                image -> Files.isDirectory(context.root().resolve("images").resolve(image)));
    }

    /**
     * Every setting: its default, ENV's value where ENV's file sets it, WPSTACK_NAME where
     * {@code processEnvironment} has it (even empty). An unknown environment is a usage error of
     * {@code command}; an unknown WPSTACK_* variable an error naming the nearest real one ({@code
     * isImage} tells which NAME of WPSTACK_NAME_IMAGE is an image, as images/name/).
     */
    public static Settings load(
            Catalog catalog,
            String command,
            String environment,
            Map<String, String> processEnvironment,
            Predicate<String> isImage) {
        EnvFile file = catalog.environment(command, environment);
        catalog.checkVariables(processEnvironment, isImage);
        Map<String, String> fromFile = new LinkedHashMap<>();
        for (EnvFile.Entry entry : file.entries()) {
            fromFile.put(entry.name(), entry.value());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Setting setting : catalog.settings().values()) {
            String name = setting.name();
            String override = "WPSTACK_" + name;
            if (processEnvironment.containsKey(override)) {
                values.put(name, processEnvironment.get(override));
                sources.put(name, override);
            } else if (fromFile.containsKey(name)) {
                values.put(name, fromFile.get(name));
                sources.put(name, file.name());
            } else {
                values.put(name, setting.defaultValue());
                sources.put(name, Catalog.BASE_ENV);
            }
        }
        return new Settings(environment, values, sources);
    }

    /** NAME's value; NAME must be a setting of base.env. */
    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is not a setting of " + Catalog.BASE_ENV);
        }
        return value;
    }

    /**
     * Where NAME's value came from, for "fix it in ..." messages: "the environment variable
     * WPSTACK_NAME", or "FILE (or WPSTACK_NAME for one run)".
     */
    public String source(String name) {
        String source = sources.getOrDefault(name, Catalog.BASE_ENV);
        if (source.startsWith("WPSTACK_")) {
            return "the environment variable " + source;
        }
        return source + " (or WPSTACK_" + name + " for one run)";
    }

    /** DOMAIN or TLS=internal: Caddy serves HTTPS (and publishes HTTPS_PORT). */
    public boolean tlsEnabled() {
        return !get("DOMAIN").isEmpty() || get("TLS").equals("internal");
    }

    /** MONITORING=true: up deploys the monitoring stack too. */
    public boolean monitoringEnabled() {
        return get("MONITORING").equals("true");
    }

    /** The words of a space-separated setting (SITE_HOSTS, PROBE_URLS), as the shell splits them. */
    public List<String> words(String name) {
        return Arrays.stream(WHITESPACE.split(get(name)))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    /** check_settings: what up needs of the wpstack stack's settings, else the first problem. */
    public void check() {
        checkPort("HTTP_PORT");
        checkPort("ADMINER_PORT");
        checkPort("HTTPS_PORT");
        if (get("HTTP_PORT").equals(get("ADMINER_PORT"))) {
            throw new InvalidSettingException(
                    "ADMINER_PORT",
                    "HTTP_PORT and ADMINER_PORT are both " + get("HTTP_PORT") + "; give them different ports");
        }
        String replicas = get("WORDPRESS_REPLICAS");
        if (!DIGITS.matcher(replicas).matches()) {
            throw new InvalidSettingException(
                    "WORDPRESS_REPLICAS",
                    "WORDPRESS_REPLICAS=" + replicas + " is not a number; fix it in " + source("WORDPRESS_REPLICAS"));
        }
        String tls = get("TLS");
        if (!tls.isEmpty() && !tls.equals("internal")) {
            throw new InvalidSettingException(
                    "TLS", "TLS=" + tls + " is not supported; use TLS=internal (Caddy's local CA) or leave it empty");
        }
        String domain = get("DOMAIN");
        if (!domain.isEmpty() && !HOST.matcher(domain).matches()) {
            throw new InvalidSettingException("DOMAIN", "DOMAIN=" + domain + " is not a host name");
        }
        for (String host : words("SITE_HOSTS")) {
            if (!HOST.matcher(host).matches()) {
                throw new InvalidSettingException(
                        "SITE_HOSTS",
                        "SITE_HOSTS: \"" + host + "\" is not a host name or IPv4 address; fix it in "
                                + source("SITE_HOSTS") + " (names separated by spaces)");
            }
        }
        String monitoring = get("MONITORING");
        if (!monitoring.isEmpty() && !monitoring.equals("true") && !monitoring.equals("false")) {
            throw new InvalidSettingException(
                    "MONITORING",
                    "MONITORING=" + monitoring + " must be true or false; fix it in " + source("MONITORING"));
        }
        String cron = get("CRON_INTERVAL");
        if (!cron.isEmpty()
                && !(DIGITS.matcher(cron).matches() && new BigInteger(cron).compareTo(BigInteger.valueOf(5)) >= 0)) {
            throw new InvalidSettingException(
                    "CRON_INTERVAL",
                    "CRON_INTERVAL=" + cron + " is not a number of seconds >= 5; fix it in " + source("CRON_INTERVAL"));
        }
    }

    /**
     * check_monitoring_settings: what the monitoring stack needs of its settings; {@code
     * alertmanagerConfigExists} tells whether config/alertmanager/NAME is a file.
     */
    public void checkMonitoring(Predicate<String> alertmanagerConfigExists) {
        for (String url : words("PROBE_URLS")) {
            if (!PROBE_URL.matcher(url).matches()) {
                throw new InvalidSettingException(
                        "PROBE_URLS",
                        "PROBE_URLS: \"" + url + "\" is not an http(s) URL; fix it in " + source("PROBE_URLS")
                                + " (URLs separated by spaces)");
            }
        }
        String skip = get("PROBE_INSECURE_SKIP_VERIFY");
        if (!skip.isEmpty() && !skip.equals("true") && !skip.equals("false")) {
            throw new InvalidSettingException(
                    "PROBE_INSECURE_SKIP_VERIFY",
                    "PROBE_INSECURE_SKIP_VERIFY=" + skip + " must be true or false; fix it in "
                            + source("PROBE_INSECURE_SKIP_VERIFY"));
        }
        String config = get("ALERTMANAGER_CONFIG");
        if (!alertmanagerConfigExists.test(config.isEmpty() ? "alertmanager.yml" : config)) {
            throw new InvalidSettingException(
                    "ALERTMANAGER_CONFIG",
                    "ALERTMANAGER_CONFIG=" + config + " is not a file of config/alertmanager/; fix it in "
                            + source("ALERTMANAGER_CONFIG"));
        }
    }

    /** check_port: NAME is a port number (1-65535), else an error saying where to fix it. */
    public void checkPort(String name) {
        String value = get(name);
        if (!isPort(value)) {
            throw new InvalidSettingException(
                    name, name + "=" + value + " is not a port number (1-65535); fix it in " + source(name));
        }
    }

    static boolean isPort(String value) {
        if (!DIGITS.matcher(value).matches()) {
            return false;
        }
        BigInteger port = new BigInteger(value);
        return port.signum() > 0 && port.compareTo(BigInteger.valueOf(65535)) <= 0;
    }
}
