package io.wpstack.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsEveryKindOfValueAsPlainJavaValuesInDocumentOrder() {
        Object value =
                Json.parse("{\"s\":\"a\\/b\",\"i\":3,\"big\":123456789012345678901234,\"f\":0.5,\"t\":true,\"n\":null,"
                        + "\"a\":[1,\"x\",{}]}");

        Map<?, ?> object = (Map<?, ?>) value;
        assertEquals(List.of("s", "i", "big", "f", "t", "n", "a"), List.copyOf(object.keySet()));
        assertEquals("a/b", object.get("s"));
        assertEquals(3L, object.get("i"));
        assertEquals(new BigInteger("123456789012345678901234"), object.get("big"));
        assertEquals(0.5, object.get("f"));
        assertEquals(Boolean.TRUE, object.get("t"));
        assertEquals(Arrays.asList(null, null), Arrays.asList(object.get("n"), object.get("missing")));
        assertEquals(List.of(1L, "x", Map.of()), object.get("a"));
    }

    @Test
    void treesAreUnmodifiable() {
        Map<?, ?> object = (Map<?, ?>) Json.parse("{\"a\":[1]}");

        assertThrows(UnsupportedOperationException.class, object::clear);
        assertThrows(UnsupportedOperationException.class, ((List<?>) object.get("a"))::clear);
    }

    @Test
    void pathAccessorsFollowObjectKeysAndAnswerNothingWhereThereIsNothing() {
        Object nodes = Json.parse("{\"Spec\":{\"Mode\":{\"Replicated\":{\"Replicas\":2}}},\"Name\":\"web\","
                + "\"Tasks\":[{\"ID\":\"t1\"},\"not an object\",{\"ID\":\"t2\"}]}");

        assertEquals(2L, Json.at(nodes, "Spec", "Mode", "Replicated", "Replicas"));
        assertNull(Json.at(nodes, "Spec", "Nothing", "Replicas"));
        assertNull(Json.at(nodes, "Name", "Deeper"));
        assertEquals("web", Json.string(nodes, "Name"));
        assertNull(Json.string(nodes, "Spec"));
        assertEquals("2", Json.text(nodes, "Spec", "Mode", "Replicated", "Replicas"));
        assertEquals("", Json.text(nodes, "Spec", "Mode", "Global"));
        assertEquals(
                List.of("t1", "t2"),
                Json.objects(nodes, "Tasks").stream()
                        .map(task -> task.get("ID"))
                        .toList());
        assertEquals(List.of(), Json.objects(nodes, "Name"));
        assertEquals(List.of(), Json.objects(null, "Tasks"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{\"a\":", "[1,2", "{\"a\":1} {}", "[1] 2", "nope"})
    void textThatIsNotExactlyOneJsonValueIsRefusedWithTheText(String text) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Json.parse(text));

        assertEquals("not JSON: " + text, e.getMessage());
    }

    @Test
    void longTextsAreAbbreviatedInMessages() {
        String text = "x".repeat(501);

        assertEquals("x".repeat(500) + "...", Json.abbreviate(text));
        assertEquals("short", Json.abbreviate("short"));
    }
}
