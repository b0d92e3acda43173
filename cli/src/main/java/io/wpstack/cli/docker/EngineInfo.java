package io.wpstack.cli.docker;

import io.wpstack.engine.Json;

/**
 * What GET /info says about this engine and its swarm (docker info's Name, Swarm.LocalNodeState, Swarm.NodeID,
 * Swarm.NodeAddr, Swarm.ControlAvailable); "" and false where it says nothing.
 */
public record EngineInfo(String name, String localNodeState, String nodeId, String nodeAddr, boolean controlAvailable) {

    static EngineInfo from(Json info) {
        return new EngineInfo(
                info.string("Name"),
                info.string("Swarm", "LocalNodeState"),
                info.string("Swarm", "NodeID"),
                info.string("Swarm", "NodeAddr"),
                info.bool("Swarm", "ControlAvailable"));
    }
}
