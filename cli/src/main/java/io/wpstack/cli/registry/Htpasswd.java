package io.wpstack.cli.registry;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Basic auth's files: STACK/auth (the password, one line) and STACK/htpasswd (USER:bcrypt hash, the
 * only scheme the registry accepts; cost 5 and version 2y, as htpasswd -B writes it).
 */
final class Htpasswd {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int COST = 5;

    private Htpasswd() {}

    /** A new password: 32 letters and digits (what the bash cut from base64 of 48 random bytes). */
    static String newPassword(SecureRandom random) {
        var password = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** The saved password: the auth file's first line (null when the file is missing or empty). */
    static String savedPassword(String authFile) {
        if (!RegistryFiles.present(authFile)) {
            return null;
        }
        int newline = authFile.indexOf('\n');
        return newline < 0 ? authFile : authFile.substring(0, newline);
    }

    /** The htpasswd file's text for USER and PASSWORD. */
    static String file(String user, String password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return user + ":" + OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, COST) + "\n";
    }

    /** FILE has USER with PASSWORD (htpasswd -vb). */
    static boolean verifies(String file, String user, String password) {
        if (!RegistryFiles.present(file)) {
            return false;
        }
        for (String line : file.split("\n")) {
            if (line.startsWith(user + ":")) {
                String hash = line.substring(user.length() + 1).strip();
                try {
                    return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
