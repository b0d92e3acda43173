package io.wpstack.e2e;

import io.wpstack.testkit.DockerCli;

/** A stack's MariaDB, asked in its container with its own client. */
final class MariaDb {
    private MariaDb() {}

    /** STATEMENT's rows (tab-separated, no header, stripped) in STACK's database wordpress, as root. */
    static String asRoot(String stack, String rootPassword, String statement) {
        String container = DockerCli.check(
                        "ps", "--quiet", "--filter", "label=com.docker.swarm.service.name=" + stack + "_mariadb")
                .strip()
                .split("\n")[0];
        if (container.isEmpty()) {
            throw new AssertionError("no running container of " + stack + "_mariadb");
        }
        return DockerCli.check(
                        "exec",
                        container,
                        "mariadb",
                        "-N",
                        "-B",
                        "-uroot",
                        "-p" + rootPassword,
                        "wordpress",
                        "-e",
                        statement)
                .strip();
    }
}
