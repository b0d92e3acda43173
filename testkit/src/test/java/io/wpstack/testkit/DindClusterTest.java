package io.wpstack.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DindClusterTest {

    @ParameterizedTest
    @CsvSource({
        "172.19.0.0/16, 2, 172.19.0.2",
        "172.19.0.0/16, 4, 172.19.0.4",
        "192.168.10.0/24, 3, 192.168.10.3",
        "10.0.0.0/8, 258, 10.0.1.2",
        "172.20.255.0/23, 300, 172.21.0.44",
    })
    void hostAddressCountsFromTheSubnetBase(String subnet, int offset, String expected) {
        assertEquals(expected, DindCluster.hostAddress(subnet, offset));
    }

    @Test
    void ownerLabelRoundTripsAndTheCurrentProcessIsAlive() {
        Owner self = Owner.current();

        assertEquals(Optional.of(self), Owner.parse(self.label()));
        assertTrue(self.mayBeAlive());
    }

    @Test
    void ownerWhoseProcessIsGoneOrRestartedIsDeadButOneOnAnotherHostCannotBeJudged() {
        Owner self = Owner.current();

        assertFalse(new Owner(self.host(), self.pid(), self.startMillis() - 60_000).mayBeAlive());
        assertFalse(new Owner(self.host(), Long.MAX_VALUE, self.startMillis()).mayBeAlive());
        assertTrue(new Owner(self.host() + "-elsewhere", Long.MAX_VALUE, 0).mayBeAlive());
    }

    @Test
    void malformedOwnerLabelsAreNotParsed() {
        assertEquals(Optional.empty(), Owner.parse("garbage"));
        assertEquals(Optional.empty(), Owner.parse("x@1@host"));
    }
}
