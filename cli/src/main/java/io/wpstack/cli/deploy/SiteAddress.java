package io.wpstack.cli.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the site answers: its hosts, scheme, port and URLs, from the settings, WPSTACK_SITE_URL and
 * the swarm's nodes (bash: site_hosts, site_scheme, site_port, fixed_site_url, site_url, adminer_url,
 * local_site_url, site_hosts_line, export_site_variables).
 *
 * @param settings the environment's settings
 * @param siteUrl WPSTACK_SITE_URL ("" when unset)
 * @param hosts site_hosts: the canonical host first (this node's address), lower case, no duplicates
 */
public record SiteAddress(Settings settings, String siteUrl, List<String> hosts) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");

    /** The scheme and host of a site URL such as {@code https://example.com:8443/} (host with its port). */
    public record Origin(String scheme, String host) {
        public static Origin of(String url) {
            int separator = url.indexOf("://");
            if (separator <= 0) {
                throw new IllegalArgumentException("not a site URL: " + url);
            }
            return new Origin(
                    url.substring(0, separator), url.substring(separator + 3).replaceFirst("/.*", ""));
        }
    }

    /** A node of the swarm: its ID, address ({@code .Status.Addr}) and host name. */
    public record Node(String id, String address, String hostname) {}

    public SiteAddress {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a site has at least one host (localhost)");
        }
    }

    /**
     * The site's address for SETTINGS, the process ENVIRONMENT (WPSTACK_SITE_URL) and the swarm: the
     * NODES as {@code docker node ls} lists them, SELF the ID of this engine's node ("" without a swarm).
     */
    public static SiteAddress of(Settings settings, Map<String, String> environment, String self, List<Node> nodes) {
        return new SiteAddress(
                settings, environment.getOrDefault("WPSTACK_SITE_URL", ""), siteHosts(settings, self, nodes));
    }

    /**
     * site_hosts: every node's address and host name (this node's first), localhost, 127.0.0.1, then
     * SITE_HOSTS; only host names and addresses, not 0.0.0.0, in lower case, each once.
     */
    public static List<String> siteHosts(Settings settings, String self, List<Node> nodes) {
        List<String> words = new ArrayList<>();
        nodes.stream().filter(node -> node.id().equals(self)).forEach(node -> addNode(words, node));
        nodes.stream().filter(node -> !node.id().equals(self)).forEach(node -> addNode(words, node));
        words.add("localhost");
        words.add("127.0.0.1");
        words.addAll(List.of(settings.get("SITE_HOSTS").split(" ", -1)));
        Set<String> hosts = new LinkedHashSet<>();
        for (String word : words) {
            if (HOST.matcher(word).matches() && !word.equals("0.0.0.0")) {
                hosts.add(word.toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(hosts);
    }

    private static void addNode(List<String> words, Node node) {
        // docker node inspect --format '{{.Status.Addr}} {{.Description.Hostname}}', split at spaces.
        words.addAll(List.of((node.address() + " " + node.hostname()).split(" ", -1)));
    }

    /** site_scheme: https with TLS (DOMAIN or TLS=internal), else http. */
    public String scheme() {
        return settings.tlsEnabled() ? "https" : "http";
    }

    /** site_port: the port Caddy publishes for the site's scheme. */
    public String port() {
        return settings.tlsEnabled() ? settings.get("HTTPS_PORT") : settings.get("HTTP_PORT");
    }

    /** fixed_site_url: WPSTACK_SITE_URL (without a final /), else DOMAIN's URL, else "". */
    public String fixedUrl() {
        if (!siteUrl.isEmpty()) {
            return siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
        }
        String domain = settings.get("DOMAIN");
        if (!domain.isEmpty()) {
            return urlFor("https", domain, settings.get("HTTPS_PORT"), "443");
        }
        return "";
    }

    /** site_url: the fixed URL, else the first host's (this node's address). */
    public String url() {
        String fixed = fixedUrl();
        return fixed.isEmpty() ? urlFor(scheme(), hosts.getFirst(), port(), defaultPort(scheme())) : fixed;
    }

    /** local_site_url: the site by its name on this machine (DOMAIN, else localhost), for the probes. */
    public String localUrl() {
        String domain = settings.get("DOMAIN");
        return urlFor(scheme(), domain.isEmpty() ? "localhost" : domain, port(), defaultPort(scheme()));
    }

    /** adminer_url: DOMAIN (else the first host) at ADMINER_PORT. */
    public String adminerUrl() {
        String domain = settings.get("DOMAIN");
        String host = domain.isEmpty() ? hosts.getFirst() : domain;
        return urlFor(scheme(), host, settings.get("ADMINER_PORT"), defaultPort(scheme()));
    }

    /** site_hosts_line: the other hosts the site answers to, as URLs ending in /. */
    public List<String> otherUrls() {
        return hosts.subList(1, hosts.size()).stream()
                .map(host -> urlFor(scheme(), host, port(), defaultPort(scheme())) + "/")
                .toList();
    }

    /** export_site_variables: what stacks/wordpress.yml reads about the site's address. */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SITE_HOST_LIST", String.join(" ", hosts));
        variables.put("SITE_URL_FIXED", fixedUrl());
        variables.put("SITE_SCHEME", scheme());
        return variables;
    }

    /** default_port: 443 for https, else 80. */
    public static String defaultPort(String scheme) {
        return scheme.equals("https") ? "443" : "80";
    }

    /** url_for: SCHEME://HOST, with :PORT unless it is DEFAULT_PORT. */
    public static String urlFor(String scheme, String host, String port, String defaultPort) {
        return port.equals(defaultPort) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
    }
}
