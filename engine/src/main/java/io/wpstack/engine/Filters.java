package io.wpstack.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter of the Engine API's list endpoints, as the docker CLI sends its
 * {@code --filter NAME=VALUE} options: a JSON object of each filter's values, URL-encoded, e.g.
 * {@code /tasks?filters={"service":["web"],"desired-state":["running"]}}.
 */
public final class Filters {
    private final Map<String, List<String>> values;

    private Filters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Filters none() {
        return new Filters(Map.of());
    }

    /** The one filter NAME=VALUE (docker ... --filter NAME=VALUE). */
    public static Filters of(String name, String value) {
        return none().and(name, value);
    }

    /** These filters and NAME=VALUE too (the daemon ANDs different names, ORs the values of one). */
    public Filters and(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>();
        values.forEach((key, list) -> more.put(key, List.copyOf(list)));
        List<String> list = new ArrayList<>(more.getOrDefault(name, List.of()));
        list.add(value);
        more.put(name, List.copyOf(list));
        return new Filters(more);
    }

    /** PATH with these filters as its query ({@code ?filters=...}, or {@code &filters=...} after a query). */
    public String on(String path) {
        if (values.isEmpty()) {
            return path;
        }
        return path + (path.contains("?") ? "&" : "?") + "filters=" + URLEncoder.encode(json(), StandardCharsets.UTF_8);
    }

    /** The filters as the JSON the daemon reads: {"name":["value",...],...}. */
    String json() {
        StringBuilder json = new StringBuilder("{");
        values.forEach((name, list) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(Json.quote(name)).append(":[");
            for (int i = 0; i < list.size(); i++) {
                json.append(i > 0 ? "," : "").append(Json.quote(list.get(i)));
            }
            json.append(']');
        });
        return json.append('}').toString();
    }

    @Override
    public String toString() {
        return json();
    }
}
