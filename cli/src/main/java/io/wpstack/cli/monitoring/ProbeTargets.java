package io.wpstack.cli.monitoring;

import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.deploy.SiteAddress;

/**
 * What the blackbox exporter probes, as a Prometheus file_sd file (bash: write_probe_targets,
 * probe_target_group, url_authority); config/blackbox/blackbox.yml names the modules. The public
 * endpoints through the edge Caddy (by its name on the wpstack network, with the public host[:port] as
 * Host, so WordPress does not redirect to its canonical URL; with TLS the bare host, since blackbox also
 * sends the hostname parameter as the TLS server name and Caddy has no certificate for "host:port"),
 * the guards of caddy_monitoring, and every URL of PROBE_URLS.
 */
public final class ProbeTargets {
    private ProbeTargets() {}

    /** The file's content for SETTINGS (of the environment they were loaded for). */
    public static String of(Settings settings) {
        String kind = "http";
        String suffix = "";
        String ca = "";
        String site = "http://caddy:" + settings.get("HTTP_PORT") + "/";
        String adminer = "http://caddy:8888/";
        String domain = settings.get("DOMAIN");
        String host = authority(localSiteUrl(settings));
        String adminerHost = (domain.isEmpty() ? "localhost" : domain) + ":" + settings.get("ADMINER_PORT");
        if (settings.tlsEnabled()) {
            kind = "https";
            site = "https://caddy:" + settings.get("HTTPS_PORT") + "/";
            adminer = "https://caddy:8888/";
            if (settings.get("PROBE_INSECURE_SKIP_VERIFY").equals("true")) {
                suffix = "_insecure";
            }
            if (settings.get("TLS").equals("internal")) {
                ca = "internal";
            }
            host = withoutPort(host);
            adminerHost = withoutPort(adminerHost);
        }
        StringBuilder text = new StringBuilder();
        text.append("# Written by ./wpstack from stacks/env/")
                .append(settings.environment())
                .append(".env (lib/monitoring.sh, write_probe_targets).\n");
        group(text, site, "wordpress", kind + "_2xx" + suffix, host, ca);
        group(text, adminer, "adminer", kind + "_401" + suffix, adminerHost, ca);
        group(text, adminer, "adminer-auth", kind + "_2xx_auth" + suffix, adminerHost, ca);
        group(text, "http://caddy_monitoring:9090/", "prometheus-guard", "http_401", "", "");
        group(text, "http://caddy_monitoring:9093/", "alertmanager-guard", "http_401", "", "");
        group(text, "http://caddy_monitoring:9115/", "blackbox-guard", "http_401", "", "");
        group(text, "http://caddy_monitoring:9090/-/healthy", "prometheus-auth", "http_2xx_auth", "", "");
        for (String url : settings.words("PROBE_URLS")) {
            group(text, url, url, "http_2xx", "", "");
        }
        return text.toString();
    }

    /** probe_target_group URL NAME MODULE [HOSTNAME] [CA]: one file_sd target group. */
    private static void group(StringBuilder text, String url, String name, String module, String host, String ca) {
        text.append("- targets: [\"").append(url).append("\"]\n  labels:\n    name: \"");
        text.append(name).append("\"\n    __param_module: \"").append(module).append("\"\n");
        if (!host.isEmpty()) {
            text.append("    __param_hostname: \"").append(host).append("\"\n");
        }
        if (!ca.isEmpty()) {
            text.append("    ca: \"").append(ca).append("\"\n");
        }
    }

    /** local_site_url: the site by its name on this machine (DOMAIN, else localhost). */
    static String localSiteUrl(Settings settings) {
        String scheme = settings.tlsEnabled() ? "https" : "http";
        String port = settings.tlsEnabled() ? settings.get("HTTPS_PORT") : settings.get("HTTP_PORT");
        String domain = settings.get("DOMAIN");
        return SiteAddress.urlFor(
                scheme, domain.isEmpty() ? "localhost" : domain, port, SiteAddress.defaultPort(scheme));
    }

    /** url_authority URL: its host[:port]. */
    static String authority(String url) {
        int scheme = url.indexOf("://");
        String rest = scheme < 0 ? url : url.substring(scheme + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** ${VALUE%:*}: without the last ":..." (the port), if any. */
    static String withoutPort(String value) {
        int colon = value.lastIndexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }
}
