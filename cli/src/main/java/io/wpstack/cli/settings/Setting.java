package io.wpstack.cli.settings;

/** A setting declared in stacks/env/base.env: its name, default and meaning. */
public record Setting(String name, String defaultValue, String meaning) {}
