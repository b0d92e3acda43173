package io.wpstack.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Prometheus scrapes, as config/prometheus/prometheus.yml says: each job and the Swarm service
 * whose tasks it scrapes, if any: found by DNS ({@code tasks.SERVICE}), or through docker-exporter's
 * service discovery ({@code http_sd_configs} with {@code /sd?service=SERVICE&port=PORT}). The part
 * of the model that says which services are scraped; tests read it instead of a list of their own.
 */
public record ScrapeJobs(List<Job> jobs) {
    public static final String FILE = "config/prometheus/prometheus.yml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A scrape job: its name and the service whose tasks it scrapes (empty: static or file targets). */
    public record Job(String name, Optional<String> service, int port) {}

    public ScrapeJobs {
        jobs = List.copyOf(jobs);
    }

    public static ScrapeJobs read(Path root) {
        try {
            return parse(YAML.readTree(root.resolve(FILE).toFile()));
        } catch (IOException e) {
            throw new WpstackException("cannot read " + FILE + ": " + e.getMessage());
        }
    }

    static ScrapeJobs parse(JsonNode tree) {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : tree.path("scrape_configs")) {
            Optional<String> service = Optional.empty();
            int port = 0;
            for (JsonNode dns : job.path("dns_sd_configs")) {
                for (JsonNode name : dns.path("names")) {
                    if (name.asText().startsWith("tasks.")) {
                        service = Optional.of(name.asText().substring("tasks.".length()));
                        port = dns.path("port").asInt(0);
                    }
                }
            }
            for (JsonNode http : job.path("http_sd_configs")) {
                Map<String, String> query = query(http.path("url").asText());
                if (query.containsKey("service")) {
                    service = Optional.of(query.get("service"));
                    port = parsePort(query.getOrDefault("port", "0"));
                }
            }
            jobs.add(new Job(job.path("job_name").asText(), service, port));
        }
        return new ScrapeJobs(jobs);
    }

    /** The parameters of a URL's query string (no decoding: the file's URLs need none). */
    static Map<String, String> query(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int start = url.indexOf('?');
        if (start >= 0) {
            for (String pair : url.substring(start + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }
        return parameters;
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new WpstackException(FILE + ": port=" + text + " in a service discovery URL is not a number; fix it");
        }
    }

    /** The jobs' names, in file order. */
    public List<String> names() {
        return jobs.stream().map(Job::name).toList();
    }

    /** The services whose tasks are scraped, in file order. */
    public List<String> services() {
        return jobs.stream().flatMap(job -> job.service().stream()).toList();
    }
}
