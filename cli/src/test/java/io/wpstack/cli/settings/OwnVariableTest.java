package io.wpstack.cli.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OwnVariableTest {
    /** Until up moves to Java, lib/core.sh checks WPSTACK_* variables too: both must know the same names. */
    @Test
    void theBashCommandsKnowTheSameOwnVariables() throws IOException {
        var names = Pattern.compile("^\\s+\\[(WPSTACK_[A-Z_]+)]=", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("../lib/core.sh")))
                .results()
                .map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> java =
                OwnVariable.ALL.stream().map(OwnVariable::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(names, java);
    }
}
