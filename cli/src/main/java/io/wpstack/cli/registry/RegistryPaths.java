package io.wpstack.cli.registry;

import io.wpstack.cli.Context;
import java.nio.file.Path;

/**
 * Where a registry's state lives: {@code caDir} (.wpstack/registry: ca.key, ca.crt, ca.srl) and
 * {@code stateDir} (.wpstack/registry/STACK: server.{key,crt,san}, settings, htpasswd, auth) in
 * the repository; {@code certsDir} (/etc/docker/certs.d) and {@code hostsFile} (/etc/hosts) on
 * this machine. Tests point all four into a temporary folder.
 */
record RegistryPaths(Path caDir, Path stateDir, Path certsDir, Path hostsFile) {
    static final Path CERTS_DIR = Path.of("/etc/docker/certs.d");
    static final Path HOSTS_FILE = Path.of("/etc/hosts");

    static RegistryPaths of(Context context, String stack) {
        return under(context.root().resolve(".wpstack"), stack, CERTS_DIR, HOSTS_FILE);
    }

    /** The layout under STATE (the .wpstack folder). */
    static RegistryPaths under(Path state, String stack, Path certsDir, Path hostsFile) {
        Path caDir = state.resolve("registry");
        return new RegistryPaths(caDir, caDir.resolve(stack), certsDir, hostsFile);
    }

    Path caKey() {
        return caDir.resolve("ca.key");
    }

    Path caCrt() {
        return caDir.resolve("ca.crt");
    }

    Path caSerial() {
        return caDir.resolve("ca.srl");
    }

    Path serverKey() {
        return stateDir.resolve("server.key");
    }

    Path serverCrt() {
        return stateDir.resolve("server.crt");
    }

    Path serverSan() {
        return stateDir.resolve("server.san");
    }

    Path settings() {
        return stateDir.resolve("settings");
    }

    Path htpasswd() {
        return stateDir.resolve("htpasswd");
    }

    Path auth() {
        return stateDir.resolve("auth");
    }

    /** certs.d/NAME:PORT, the folder Docker reads the registry's CA from. */
    Path trustDir(RegistrySettings settings) {
        return certsDir.resolve(settings.address());
    }

    Path trustedCa(RegistrySettings settings) {
        return trustDir(settings).resolve("ca.crt");
    }
}
