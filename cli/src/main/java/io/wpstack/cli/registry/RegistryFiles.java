package io.wpstack.cli.registry;

import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A registry's files as they are on disk (null: missing). Read once before planning, so the plans
 * are computed from values.
 */
record RegistryFiles(
        String caKey,
        String caCrt,
        String caSerial,
        String serverKey,
        String serverCrt,
        String serverSan,
        String settings,
        String htpasswd,
        String auth,
        String trustedCa) {

    static final RegistryFiles NONE = new RegistryFiles(null, null, null, null, null, null, null, null, null, null);

    /** The files of PATHS; trustedCa is certs.d/NAME:PORT/ca.crt for the settings in force. */
    static RegistryFiles read(RegistryPaths paths, RegistrySettings settings) {
        return new RegistryFiles(
                read(paths.caKey()),
                read(paths.caCrt()),
                read(paths.caSerial()),
                read(paths.serverKey()),
                read(paths.serverCrt()),
                read(paths.serverSan()),
                read(paths.settings()),
                read(paths.htpasswd()),
                read(paths.auth()),
                settings == null ? null : read(paths.trustedCa(settings)));
    }

    /** The file's text, or null when it does not exist. */
    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new WpstackException(
                    "cannot read " + path + ": " + e.getMessage() + "; check its owner and mode (or rerun as root)");
        }
    }

    /** Exists and is not empty (bash's -s). */
    static boolean present(String content) {
        return content != null && !content.isEmpty();
    }

    /** This engine trusts the registry: certs.d holds the same CA (bash's cmp -s). */
    boolean trusted() {
        return present(caCrt) && caCrt.equals(trustedCa);
    }

    RegistryFiles withTrustedCa(String content) {
        return new RegistryFiles(
                caKey, caCrt, caSerial, serverKey, serverCrt, serverSan, settings, htpasswd, auth, content);
    }
}
