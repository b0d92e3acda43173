package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void filtersAreTheUrlEncodedJsonOfEachNamesValues() {
        Filters filters = Filters.of("label", "com.docker.stack.namespace=wp")
                .and("desired-state", "running")
                .and("label", "a=\"b\"");

        String path = filters.on("/tasks");

        assertEquals(
                "/tasks?filters="
                        + "%7B%22label%22%3A%5B%22com.docker.stack.namespace%3Dwp%22%2C%22a%3D%5C%22b%5C%22%22%5D%2C"
                        + "%22desired-state%22%3A%5B%22running%22%5D%7D",
                path);
        assertEquals(
                "{\"label\":[\"com.docker.stack.namespace=wp\",\"a=\\\"b\\\"\"],\"desired-state\":[\"running\"]}",
                URLDecoder.decode(path.substring("/tasks?filters=".length()), StandardCharsets.UTF_8));
    }

    @Test
    void noFiltersNoQueryAndAnExistingQueryIsKept() {
        assertEquals("/nodes", Filters.none().on("/nodes"));
        assertEquals(
                "/containers/json?all=1&filters=%7B%22volume%22%3A%5B%22v%22%5D%7D",
                Filters.of("volume", "v").on("/containers/json?all=1"));
    }

    @Test
    void addingAFilterLeavesTheOriginalAlone() {
        Filters one = Filters.of("name", "a");
        one.and("name", "b");

        assertEquals("{\"name\":[\"a\"]}", one.toString());
    }
}
