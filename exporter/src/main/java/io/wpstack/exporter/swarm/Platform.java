package io.wpstack.exporter.swarm;

/** An OS/architecture pair; empty fields match anything. */
public record Platform(String os, String architecture) {}
