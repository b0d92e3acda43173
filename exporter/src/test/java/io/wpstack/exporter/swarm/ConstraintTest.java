package io.wpstack.exporter.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConstraintTest {
    private static final Node NODE = new Node(
            "n1abc",
            "Web-1",
            "manager",
            "active",
            NodeState.READY,
            "10.1.2.3",
            "20.10.24",
            new Platform("linux", "x86_64"),
            Map.of("zone", "EU-West", "Disk", "ssd"),
            Map.of("storage", "nvme"),
            true);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "node.id==n1abc                 | true",
                "node.id!=n1abc                 | false",
                "node.hostname==web-1           | true", // values compare case-insensitively
                "NODE.HOSTNAME==Web-1           | true", // so do the known keys
                "node.hostname != web-2         | true", // blanks around the operator
                "node.role==manager             | true",
                "node.role==worker              | false",
                "node.role!=worker              | true",
                "node.platform.os==linux        | true",
                "node.platform.arch==x86_64     | true",
                "node.labels.zone==eu-west      | true",
                "node.labels.Zone==eu-west      | false", // label keys are case-sensitive
                "node.labels.Disk==SSD          | true",
                "node.labels.missing==x         | false", // a missing label reads as ""
                "node.labels.missing!=x         | true",
                "engine.labels.storage==nvme    | true",
                "engine.labels.storage!=nvme    | false",
                "engine.labels.other!=nvme      | true",
                "node.ip==10.1.2.3              | true",
                "node.ip==10.1.0.0/16           | true",
                "node.ip==10.2.0.0/16           | false",
                "node.ip!=10.2.0.0/16           | true",
                "node.unknown==x                | false", // unknown keys match no node
                "node.unknown!=x                | false",
            })
    void matchesLikeSwarmkit(String expression, boolean expected) {
        Constraint constraint = Constraint.parse(expression).orElseThrow();
        assertEquals(expected, constraint.matches(NODE), expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node.role", "node.role=manager", "==manager", "node.role==", "1node==x"})
    void rejectsWhatSwarmkitRejects(String expression) {
        assertTrue(Constraint.parse(expression).isEmpty(), expression);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                  | ''      | true", // no platform: anything goes
                "linux               | amd64   | true", // x86_64 normalises to amd64
                "linux               | x86_64  | true",
                "LINUX               | ''      | true",
                "windows             | amd64   | false",
                "linux               | arm64   | false",
            })
    void platformsNormaliseArchitectures(String os, String arch, boolean expected) {
        var platforms = os.isEmpty() && arch.isEmpty()
                ? java.util.List.<Platform>of()
                : java.util.List.of(new Platform(os, arch));
        assertEquals(expected, Placement.satisfiesPlatforms(platforms, NODE.platform()));
    }
}
