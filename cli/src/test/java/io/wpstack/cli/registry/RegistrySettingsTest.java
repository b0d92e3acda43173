package io.wpstack.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.cli.Context;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrySettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"foo_bar", "Foo", "-foo", "foo-", "foo..bar", "foo bar", ".foo"})
    void refusesNamesThatAreNoHostNames(String name) {
        var e = assertThrows(
                UsageException.class,
                () -> RegistrySettings.resolve("registry up", "registry", name, null, null, null));
        assertEquals("registry up", e.command());
        assertEquals(
                "--name \"" + name + "\" is not a host name (lower-case letters, digits, dots and dashes, e.g."
                        + " wpstack-registry.internal)",
                e.getMessage());
    }

    @Test
    void refusesANameLongerThan253() {
        String name = ("a".repeat(63) + ".").repeat(4) + "a";
        assertThrows(UsageException.class, () -> RegistrySettings.checkName("registry up", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "abc", "123456", "-1", "50 01"})
    void refusesBadPorts(String port) {
        var e = assertThrows(
                UsageException.class,
                () -> RegistrySettings.resolve("registry trust", "registry", null, port, null, null));
        assertEquals("registry trust", e.command());
        assertEquals("--port \"" + port + "\" is not a port number (1-65535), e.g. --port 5001", e.getMessage());
    }

    @Test
    void anEmptyFlagNeedsAValue() {
        assertEquals(
                "--name needs a value",
                assertThrows(UsageException.class, () -> RegistrySettings.checkName("registry up", ""))
                        .getMessage());
        assertEquals(
                "--port needs a value",
                assertThrows(UsageException.class, () -> RegistrySettings.checkPort("registry up", ""))
                        .getMessage());
    }

    @ParameterizedTest
    @CsvSource({"05001,5001", "1,1", "65535,65535", "00080,80"})
    void readsPortsInDecimalLikeBash(String port, int expected) {
        assertEquals(expected, RegistrySettings.checkPort("registry up", port));
    }

    @Test
    void flagsWinOverSavedSettingsWhichWinOverDefaults() {
        String saved = "NAME=saved.internal\nPORT=6000\nAUTH=1\n";
        assertEquals(
                new RegistrySettings("registry", "saved.internal", 6000, true),
                RegistrySettings.resolve("registry up", "registry", null, null, null, saved));
        assertEquals(
                new RegistrySettings("registry", "flag.internal", 7000, false),
                RegistrySettings.resolve("registry up", "registry", "flag.internal", "7000", false, saved));
        assertEquals(
                new RegistrySettings("registry", "wpstack-registry.internal", 5001, false),
                RegistrySettings.resolve("registry up", "registry", null, null, null, null));
    }

    @Test
    void savesTheBashFormat() {
        assertEquals(
                "NAME=r.internal\nPORT=6000\nAUTH=1\n",
                new RegistrySettings("registry", "r.internal", 6000, true).fileContent());
    }

    @Test
    void hintsRepeatOnlyWhatIsNotTheDefault() {
        var defaults = RegistryFixtures.settings(false);
        assertEquals("", defaults.flagsHint());
        assertEquals("", defaults.stackHint());
        var other = new RegistrySettings("reg2", "r.internal", 6000, false);
        assertEquals(" --name r.internal --port 6000", other.flagsHint());
        assertEquals("WPSTACK_REGISTRY_STACK=reg2 ", other.stackHint());
    }

    @Test
    void aBadStackNameIsAnErrorNamingTheVariable() {
        var context = new Context(
                Path.of("."),
                Map.of("WPSTACK_REGISTRY_STACK", "Bad!"),
                new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream()));
        var e = assertThrows(WpstackException.class, () -> Registry.stack(context));
        assertEquals(
                "WPSTACK_REGISTRY_STACK=Bad! is not a usable stack name; use lower-case letters, digits, - and _ (at"
                        + " most 31)",
                e.getMessage());
    }
}
