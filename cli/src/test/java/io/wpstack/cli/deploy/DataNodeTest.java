package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.docker.DockerReads.NodeRow;
import io.wpstack.cli.plan.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataNodeTest {
    private static NodeRow node(String id, String hostname, String... labels) {
        return new NodeRow(id, hostname, "manager", "ready", "active", "leader", "192.0.2.2", "20.10", List.of(labels));
    }

    @Test
    void aLabelledNodeIsKept() {
        assertEquals(
                List.of(),
                DataNode.ensure(List.of(node("n1", "vm", "wpstack.data=true")), List.of(), "n1")
                        .steps());
    }

    @Test
    void withoutALabelTheNodeMariaDbRunsOnIsLabelled() {
        var plan = DataNode.ensure(List.of(node("n1", "vm"), node("n2", "db-node")), List.of("db-node"), "n1");
        assertEquals(
                List.of(List.of("docker", "node", "update", "--label-add", "wpstack.data=true", "db-node")),
                plan.commands());
        assertTrue(
                plan.steps()
                        .contains(
                                new Step.Info(
                                        "node db-node holds the stack's data (label wpstack.data=true): MariaDB and WordPress run there")));
    }

    @Test
    void aFreshSwarmLabelsThisNode() {
        var plan = DataNode.ensure(List.of(node("n1", "vm")), List.of(), "n1");
        assertEquals(
                List.of(List.of("docker", "node", "update", "--label-add", "wpstack.data=true", "n1")),
                plan.commands());
        assertTrue(plan.steps()
                .contains(new Step.Info(
                        "node vm holds the stack's data (label wpstack.data=true): MariaDB and WordPress run there")));
    }

    @Test
    void twoLabelledNodesAreAWarning() {
        var plan = DataNode.ensure(
                List.of(node("n1", "a", "wpstack.data=true"), node("n2", "b", "wpstack.data=true")), List.of(), "n1");
        assertTrue(plan.steps().getFirst() instanceof Step.Warn w
                && w.description().startsWith("2 nodes carry the label"));
        assertEquals(List.of(), plan.commands());
    }

    @Test
    void anotherConstraintOnSeveralNodesWarnsOfDivergingContent() {
        assertEquals(
                List.of(),
                DataNode.warnIfContentMayDiverge(DataNode.CONSTRAINT, 3).steps());
        assertEquals(
                List.of(),
                DataNode.warnIfContentMayDiverge("node.role == worker", 1).steps());
        assertEquals(
                1,
                DataNode.warnIfContentMayDiverge("node.role == worker", 3)
                        .steps()
                        .size());
        assertEquals(
                1, DataNode.warnIfContentDiverges(List.of("a", "b")).steps().size());
    }
}
