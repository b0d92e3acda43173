package io.wpstack.cli.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link HostFacts} of this machine. */
public final class ProcessHostFacts implements HostFacts {
    private final Map<String, String> environment;

    public ProcessHostFacts(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String system() {
        return Programs.firstLine(List.of("uname", "-s"), environment)
                .map(String::strip)
                .orElse(System.getProperty("os.name"));
    }

    @Override
    public Optional<String> bashVersion() {
        return Programs.firstLine(List.of("bash", "-c", "printf '%s\\n' \"${BASH_VERSION}\""), environment)
                .map(String::strip);
    }

    @Override
    public boolean onPath(String command) {
        for (String dir : environment.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<String> firstLine(List<String> argv) {
        return Programs.firstLine(argv, environment);
    }

    @Override
    public Disk disk(Path path) {
        var lines = Programs.output(List.of("df", "-Pk", path.toString()), environment)
                .map(out -> out.lines().toList())
                .orElse(List.of());
        if (lines.size() < 2) {
            return new Disk(Long.MAX_VALUE, path.toString());
        }
        String[] fields = lines.get(1).trim().split("\\s+");
        try {
            return new Disk(Long.parseLong(fields[3]), fields[fields.length - 1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return new Disk(Long.MAX_VALUE, path.toString());
        }
    }

    @Override
    public boolean debian() {
        return Files.exists(Path.of("/etc/debian_version"));
    }

    @Override
    public boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public String prettyName() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream()
                    .filter(line -> line.startsWith("PRETTY_NAME="))
                    .map(line -> line.substring("PRETTY_NAME=".length()).replaceAll("^\"|\"$", ""))
                    .findFirst()
                    .orElse("Linux");
        } catch (IOException e) {
            return "Linux";
        }
    }

    @Override
    public int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public String user() {
        return System.getProperty("user.name");
    }
}
