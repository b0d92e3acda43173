package io.wpstack.cli.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NearestTest {
    private static final List<String> NAMES = List.of("HTTP_PORT", "HTTPS_PORT", "ADMINER_PORT", "TLS");

    @ParameterizedTest
    @CsvSource({
        "HTTP_PROT, HTTP_PORT", // a swap counts as one edit
        "HTTPS_POR, HTTPS_PORT",
        "ADMINR_PORT, ADMINER_PORT",
        "XYZ, ''", // too far from everything
    })
    void suggestsTheNearestNameWithinAThirdOfTheWord(String word, String expected) {
        assertEquals(expected.isEmpty() ? Optional.empty() : Optional.of(expected), Nearest.to(word, NAMES));
    }
}
