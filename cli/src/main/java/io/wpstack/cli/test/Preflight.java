package io.wpstack.cli.test;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The step "preflight": what wpstack needs of the host, from {@link HostFacts} (bash: preflight). */
final class Preflight {
    static final List<String> COMMANDS = List.of("awk", "sed", "tar", "timeout", "setsid", "find");
    private static final Pattern BASH_VERSION = Pattern.compile("(\\d+)\\.(\\d+).*");
    private static final long MIN_FREE_KB = 5L * 1024 * 1024;

    private Preflight() {}

    static Plan plan(HostFacts host, Path root) {
        String system = host.system();
        if (!system.equals("Linux")) {
            throw new WpstackException("wpstack needs Linux (found " + system + ")");
        }
        String bash = host.bashVersion().orElse("none");
        var version = BASH_VERSION.matcher(bash);
        int major = version.matches() ? Integer.parseInt(version.group(1)) : 0;
        int minor = version.matches() ? Integer.parseInt(version.group(2)) : 0;
        if (!(major > 4 || (major == 4 && minor >= 4))) {
            throw new WpstackException("wpstack needs bash >= 4.4 (found " + bash + "); upgrade bash");
        }
        for (String command : COMMANDS) {
            if (!host.onPath(command)) {
                throw new WpstackException(
                        "\"" + command + "\" is missing; install it (coreutils, util-linux, findutils, gawk/mawk)");
            }
        }
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isExecutable(root.resolve("mvnw"))) {
            throw new WpstackException(root + " has no pom.xml or executable mvnw; run wpstack from a complete clone");
        }
        var plan = Plan.builder();
        if (!host.debian()) {
            plan.warn("not a Debian-based system: wpstack installs what it misses with apt-get; install docker and"
                    + " shellcheck yourself");
        }
        if (!host.root()) {
            plan.warn("not running as root: wpstack cannot install packages or start dockerd");
        }
        HostFacts.Disk disk = host.disk(root);
        if (disk.availableKb() <= MIN_FREE_KB) {
            plan.warn("less than 5 GB free on " + disk.mountPoint() + "; the image builds may run out of space");
        }
        return plan.info(host.prettyName() + ", bash " + bash + ", " + host.cores() + " cores, user " + host.user())
                .build();
    }
}
