package io.wpstack.cli.test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@code ./wpstack test} reads from the host it runs on (a fake in unit tests). */
public interface HostFacts {
    /** {@code uname -s}: Linux, Darwin, ... */
    String system();

    /** The version of the bash that runs the launcher and lib/*.sh ($BASH_VERSION), if bash runs. */
    Optional<String> bashVersion();

    /** COMMAND is on the PATH. */
    boolean onPath(String command);

    /** The first line of what ARGV prints (stdout and stderr), if it runs and exits 0. */
    Optional<String> firstLine(List<String> argv);

    /** The file system holding {@code path}: its free kB and where it is mounted (df -P). */
    Disk disk(Path path);

    /** /etc/debian_version exists. */
    boolean debian();

    /** This process runs as root. */
    boolean root();

    /** PRETTY_NAME of /etc/os-release, else "Linux". */
    String prettyName();

    int cores();

    String user();

    /** Free kilobytes and mount point of a file system. */
    record Disk(long availableKb, String mountPoint) {}
}
