package io.wpstack.cli.registry;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * What the registry commands need besides {@link App}: their reads, where this machine keeps
 * Docker's trusted CAs and its host names, time, and randomness. Tests pass fakes and temporary
 * paths.
 */
record RegistryRuntime(
        RegistryReads reads, Path certsDir, Path hostsFile, Clock clock, Sleeper sleeper, SecureRandom random) {

    /** Waits between polls (a test's returns at once). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration);
    }

    static RegistryRuntime real(App app) {
        return new RegistryRuntime(
                new HostRegistryReads(app.context()),
                RegistryPaths.CERTS_DIR,
                RegistryPaths.HOSTS_FILE,
                Clock.systemUTC(),
                RegistryRuntime::sleepFor,
                new SecureRandom());
    }

    RegistryPaths paths(Context context, String stack) {
        return RegistryPaths.under(context.root().resolve(".wpstack"), stack, certsDir, hostsFile);
    }

    Pki pki() {
        return new Pki(clock, random);
    }

    private static void sleepFor(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.wpstack.cli.WpstackException("interrupted while waiting");
        }
    }
}
