package io.wpstack.cli.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.engine.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionHoldTest {
    private static final Instant UNTIL = Instant.parse("2026-12-07T12:03:52.700Z");

    @Test
    void newConnectionsToThisMachinesPortsAreDroppedInBothChainsUntilTheLimit() {
        List<List<String>> argvs = ConnectionHold.insert("e2erel", List.of(80, 8888, 80, 443), UNTIL);
        assertEquals(2, argvs.size());
        assertEquals(
                "iptables -w -t raw -I PREROUTING -p tcp --syn -m multiport --dports 80,8888,443 -m addrtype"
                        + " --dst-type LOCAL -m comment --comment wpstack-hold-e2erel -m time --datestop"
                        + " 2026-12-07T12:03:52 -j DROP",
                String.join(" ", argvs.get(0)));
        assertEquals("OUTPUT", argvs.get(1).get(5));
    }

    @Test
    void removalDeletesEveryRuleOfTheStackAsIptablesListsItAndNoOther() {
        String listing = """
                -P PREROUTING ACCEPT
                -P OUTPUT ACCEPT
                -A PREROUTING -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m multiport --dports 80,8888 -m addrtype --dst-type LOCAL -m comment --comment wpstack-hold-e2erel -m time --datestop 2026-12-07T12:03:52 -j DROP
                -A OUTPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m multiport --dports 80,8888 -m addrtype --dst-type LOCAL -m comment --comment "wpstack-hold-e2erel" -m time --datestop 2026-12-07T12:03:52 -j DROP
                -A OUTPUT -p tcp -m comment --comment wpstack-hold-other -j DROP
                -A OUTPUT -p tcp -m comment --comment wpstack-hold-e2erel2 -j DROP
                """;
        List<List<String>> argvs = ConnectionHold.remove("e2erel", listing);
        assertEquals(2, argvs.size(), argvs.toString());
        assertEquals(
                List.of("iptables", "-w", "-t", "raw", "-D", "PREROUTING", "-p", "tcp", "-m", "tcp", "--tcp-flags"),
                argvs.get(0).subList(0, 11));
        assertEquals("DROP", argvs.get(1).getLast());
        assertEquals(List.of(), ConnectionHold.remove("e2erel", ""));
    }

    @Test
    void caddyRestartsWhenItsImageOrCaddyfileChangesAndNotWhenItIsFirstDeployed() {
        Json running = Json.parse("{\"Spec\":{\"TaskTemplate\":{\"ContainerSpec\":{"
                + "\"Image\":\"wpstack/caddy:id-aaaaaaaaaaaa\","
                + "\"Configs\":[{\"ConfigName\":\"s_caddyfile_111\"}]}}}}");
        assertFalse(
                ConnectionHold.caddyRestarts(Optional.of(running), "wpstack/caddy:id-aaaaaaaaaaaa", "s_caddyfile_111"));
        assertTrue(
                ConnectionHold.caddyRestarts(Optional.of(running), "wpstack/caddy:id-bbbbbbbbbbbb", "s_caddyfile_111"));
        assertTrue(
                ConnectionHold.caddyRestarts(Optional.of(running), "wpstack/caddy:id-aaaaaaaaaaaa", "s_caddyfile_222"));
        assertFalse(ConnectionHold.caddyRestarts(Optional.empty(), "wpstack/caddy:id-bbbbbbbbbbbb", "s_caddyfile_222"));
    }
}
