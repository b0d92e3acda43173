package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonArraysTest {
    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachElementKeepsOnlyTheFieldsAsked() throws IOException {
        List<Json> services = JsonArrays.read(
                json("[{\"ID\":\"s1\",\"Spec\":{\"Name\":\"web\"},\"Endpoint\":{\"Ports\":[1]}},{\"ID\":\"s2\"}]"),
                Set.of("ID", "Spec"),
                service -> service);

        assertEquals(
                List.of(Json.parse("{\"ID\":\"s1\",\"Spec\":{\"Name\":\"web\"}}"), Json.parse("{\"ID\":\"s2\"}")),
                services);
    }

    @Test
    void elementsCanBeReadStraightFromTheTokens() throws IOException {
        List<String> ids = JsonArrays.readDirect(json("[{\"ID\":7,\"Status\":{\"State\":\"running\"}},{}]"), parser -> {
            List<String> fields = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                fields.add(name + "=" + JsonArrays.text(parser));
            }
            return String.join(",", fields);
        });

        assertEquals(List.of("ID=7,Status=", ""), ids);
    }

    @Test
    void whatIsNoArrayOfObjectsFails() {
        assertThrows(IOException.class, () -> JsonArrays.read(json("{\"message\":\"x\"}"), Set.of(), j -> j));
        assertThrows(IOException.class, () -> JsonArrays.read(json("[1]"), Set.of(), j -> j));
        assertThrows(IOException.class, () -> JsonArrays.read(json("[{\"a\":"), Set.of("a"), j -> j));
    }
}
