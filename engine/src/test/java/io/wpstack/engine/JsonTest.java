package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    private static final Json NODE = Json.parse("""
            {"ID": "n1", "Slot": 3, "Big": 123456789012345678901234, "Ratio": 0.5, "Leader": true, "Gone": null,
             "Spec": {"Mode": {"Replicated": {"Replicas": 2}}, "Global": {},
                      "Labels": {"b": "2", "a": "1", "n": 7}},
             "Tasks": [{"ID": "t1"}, "not an object", {"ID": "t2"}, 4],
             "Constraints": ["node.role==manager", 5, "node.labels.db==true"]}
            """);

    @Test
    void scalarsReadAsTextWithNumbersAndBooleansAsWritten() {
        assertEquals("n1", NODE.string("ID"));
        assertEquals("3", NODE.string("Slot"));
        assertEquals("123456789012345678901234", NODE.string("Big"));
        assertEquals("0.5", NODE.string("Ratio"));
        assertEquals("true", NODE.string("Leader"));
        assertEquals("2", NODE.string("Spec", "Mode", "Replicated", "Replicas"));
    }

    @Test
    void pathsToNothingNullOrAContainerReadAsDefaults() {
        assertEquals("", NODE.string("Gone"));
        assertEquals("", NODE.string("Missing", "Deeper"));
        assertEquals("", NODE.string("ID", "Deeper"));
        assertEquals("", NODE.string("Spec"));
        assertEquals(7, NODE.number(7, "Gone"));
        assertEquals(7, NODE.number(7, "ID"));
        assertEquals(0, NODE.number(7, "Ratio"));
        assertEquals(2, NODE.number(1, "Spec", "Mode", "Replicated", "Replicas"));
        assertFalse(NODE.bool("Gone"));
        assertFalse(NODE.bool("ID"));
        assertTrue(NODE.bool("Leader"));
        assertEquals(List.of(), NODE.objects("ID"));
        assertEquals(List.of(), NODE.strings("Missing"));
        assertEquals(Map.of(), NODE.stringMap("Tasks"));
    }

    @Test
    void atAndHasTellAnEmptyObjectFromNothingOrNull() {
        assertTrue(NODE.has("Spec", "Global"));
        assertFalse(NODE.has("Gone"));
        assertFalse(NODE.has("Spec", "Nothing"));
        assertEquals(Optional.empty(), NODE.at("Gone"));
        assertEquals(Optional.of(Json.parse("{}")), NODE.at("Spec", "Global"));
        assertEquals(NODE, NODE.at().orElseThrow());
    }

    @Test
    void arraysGiveTheirObjectsTheirStringsOrAllTheirElements() {
        assertEquals(
                List.of("t1", "t2"),
                NODE.objects("Tasks").stream().map(task -> task.string("ID")).toList());
        assertEquals(List.of("node.role==manager", "node.labels.db==true"), NODE.strings("Constraints"));
        assertEquals(
                List.of("{\"ID\":\"t1\"}", "\"not an object\"", "{\"ID\":\"t2\"}", "4"),
                NODE.elements("Tasks").stream().map(Json::toString).toList());
        assertEquals(
                List.of("1", "2"),
                Json.parse("[1, 2]").elements().stream().map(Json::string).toList());
    }

    @Test
    void stringMapsKeepOnlyStringsSortedByKey() {
        Map<String, String> labels = NODE.stringMap("Spec", "Labels");

        assertEquals(List.of("a", "b"), List.copyOf(labels.keySet()));
        assertEquals("1", labels.get("a"));
    }

    @Test
    void childrenAndKeysFollowDocumentOrder() {
        Json object = Json.parse("{\"z\": 1, \"a\": [true, null], \"n\": null}");

        assertEquals(List.of("z", "a", "n"), object.keys());
        assertEquals(List.of(), Json.parse("[1]").keys());
        assertEquals(
                List.of("1", "[true,null]", "null"),
                object.children().stream().map(Json::toString).toList());
        assertEquals(2, object.children().get(1).children().size());
        assertTrue(object.children().get(1).children().get(1).isNull());
        assertEquals(List.of(), Json.parse("\"s\"").children());
    }

    @Test
    void kindsOfValue() {
        assertTrue(Json.parse("{}").isObject());
        assertTrue(Json.parse("[]").isArray());
        assertTrue(Json.parse("\"x\"").isString());
        assertTrue(Json.parse("null").isNull());
        assertFalse(Json.parse("1").isString());
    }

    @Test
    void writesCompactJsonAsJacksonDoes() {
        String text = "{\"s\":\"a\\\"b\\n\",\"i\":3,\"big\":123456789012345678901234,\"f\":0.5,\"t\":true,"
                + "\"n\":null,\"a\":[1,\"x\",{}]}";

        assertEquals(text, Json.parse(text).toString());
        assertEquals("\"a{b=\\\"c\\\"}\"", Json.quote("a{b=\"c\"}"));
    }

    @Test
    void equalTreesAreEqual() {
        assertEquals(Json.parse("{\"a\": [1, 2]}"), Json.parse("{\"a\":[1,2]}"));
        assertEquals(
                Json.parse("{\"a\": [1, 2]}").hashCode(),
                Json.parse("{\"a\":[1,2]}").hashCode());
        assertFalse(Json.parse("[1]").equals(Json.parse("[2]")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{\"a\":", "[1,2", "{\"a\":1} {}", "[1] 2", "nope"})
    void textThatIsNotExactlyOneJsonValueIsRefusedWithTheText(String text) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Json.parse(text));

        assertEquals("not JSON: " + text, e.getMessage());
    }

    @Test
    void aStreamThatIsNotJsonFailsWithJacksonsLocation() {
        JsonProcessingException e = assertThrows(
                JsonProcessingException.class,
                () -> Json.parse(new ByteArrayInputStream("{\"a\": [}".getBytes(StandardCharsets.UTF_8))));

        assertEquals(1, e.getLocation().getLineNr());
        assertTrue(e.getOriginalMessage().startsWith("Unexpected close marker '}'"), e.getOriginalMessage());
        assertThrows(IOException.class, () -> Json.parse(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void longTextsAreAbbreviatedInMessages() {
        String text = "x".repeat(501);

        assertEquals("x".repeat(500) + "...", Json.abbreviate(text));
        assertEquals("short", Json.abbreviate("short"));
    }
}
