package io.wpstack.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.settings.Catalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HelpCommandTest {
    private final Catalog catalog = Catalog.read(Path.of(".."));

    @Test
    void settingsListsEverySettingWithItsEnvironmentsValues() {
        String text = HelpCommand.settings(catalog);
        for (var setting : catalog.settings().values()) {
            assertTrue(text.contains("\n  " + setting.name() + "="), "help settings lacks " + setting.name());
        }
        assertTrue(text.contains("  TLS=  [production: internal]\n"), text);
        assertTrue(text.contains("  WPSTACK_STACK\n"), text);
    }

    @Test
    void anotherTopicIsAUsageError() {
        var e = assertThrows(UsageException.class, () -> HelpCommand.plan("flags", null, catalog));
        assertEquals("takes no argument or \"settings\", got \"flags\"", e.getMessage());
    }
}
