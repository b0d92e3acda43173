package io.wpstack.cli.docker;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The IPv4 address of the default route's interface (what a swarm advertises by default). */
public final class DefaultRoute {
    private DefaultRoute() {}

    /** From /proc/net/route: the interface of destination 00000000, then its first IPv4 address. */
    public static Optional<String> address(Path routes) {
        return defaultInterface(routes).flatMap(DefaultRoute::ipv4);
    }

    static Optional<String> defaultInterface(Path routes) {
        try {
            return Files.readAllLines(routes).stream()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> f.length > 2 && f[1].equals("00000000"))
                    .map(f -> f[0])
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> ipv4(String name) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                return Optional.empty();
            }
            return nic.inetAddresses()
                    .filter(Inet4Address.class::isInstance)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(a -> a.getHostAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
