package io.wpstack.exporter.sd;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /sd}: {@code service} (a service's name in any stack, or its full Swarm name),
 * {@code port} (the port every target gets) and, optionally, {@code network} (the network whose address a task is
 * reached at; by default its first overlay network other than ingress).
 */
public record SdQuery(String service, int port, String network) {
    /** What Swarm accepts as a service or network name, as far as a query may ask for it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");

    private static final String USAGE = "; ask /sd?service=NAME&port=PORT[&network=NAME]";

    /** A parameter missing, repeated, unknown or malformed: the message names it. */
    public static final class BadParameter extends Exception {
        private static final long serialVersionUID = 1L;

        BadParameter(String message) {
            super(message + USAGE);
        }
    }

    /** @param rawQuery the URI's raw query, null when there is none */
    public static SdQuery parse(String rawQuery) throws BadParameter {
        Map<String, String> values = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), "a parameter name");
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), "parameter " + name);
                if (!name.equals("service") && !name.equals("port") && !name.equals("network")) {
                    throw new BadParameter("unknown parameter '" + name + "'");
                }
                if (values.put(name, value) != null) {
                    throw new BadParameter("parameter '" + name + "' is given twice");
                }
            }
        }
        return new SdQuery(name(values, "service", true), port(values.get("port")), name(values, "network", false));
    }

    private static String name(Map<String, String> values, String parameter, boolean required) throws BadParameter {
        String value = values.get(parameter);
        if (value == null && !required) {
            return "";
        }
        if (value == null || value.isEmpty()) {
            throw new BadParameter("parameter '" + parameter + "' is missing");
        }
        if (!NAME.matcher(value).matches()) {
            throw new BadParameter("parameter '" + parameter + "' is not a Swarm name: '" + value + "'");
        }
        return value;
    }

    private static int port(String value) throws BadParameter {
        if (value == null || value.isEmpty()) {
            throw new BadParameter("parameter 'port' is missing");
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadParameter("parameter 'port' must be a number from 1 to 65535, not '" + value + "'");
    }

    private static String decode(String text, String what) throws BadParameter {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(what + " is not URL-encoded: '" + text + "'");
        }
    }
}
