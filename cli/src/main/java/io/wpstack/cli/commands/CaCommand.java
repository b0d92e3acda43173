package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./wpstack ca [--install]}: the root certificate of Caddy's local CA (TLS=internal). */
@Command(
        name = "ca",
        header = "print the root certificate of Caddy's local CA (TLS=internal), to trust it; --install: trust it"
                + " on this machine")
public final class CaCommand implements Callable<Integer> {
    static final String ROOT_CERTIFICATE = "/data/caddy/pki/authorities/local/root.crt";
    static final Path TRUSTED = Path.of("/usr/local/share/ca-certificates");
    private final App app;

    @Option(names = "--install", description = "trust it on this machine (root: update-ca-certificates)")
    boolean install;

    public CaCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        return app.executor()
                .execute(plan(app.context().stack(), install, app.context().runsAsRoot(), app.docker()));
    }

    static Plan plan(String stack, boolean install, boolean root, DockerReads docker) {
        if (!docker.stackExists(stack)) {
            throw new WpstackException(
                    "stack " + stack + " is not deployed; run ./wpstack up --env production (or with TLS=internal)");
        }
        String service = stack + "_caddy";
        String container = docker.localContainer(service)
                .orElseThrow(() -> new WpstackException("no Caddy container of stack " + stack
                        + " runs on this node; run ./wpstack ca on the node Caddy runs on ("
                        + String.join(", ", docker.serviceNodes(service)) + ")"));
        String pem = docker.execOutput(container, List.of("cat", ROOT_CERTIFICATE))
                .orElseThrow(() -> new WpstackException("Caddy of stack " + stack + " has no local CA: the stack"
                        + " does not use TLS=internal (with DOMAIN and TLS empty, its certificates come from a"
                        + " public CA, which browsers trust already)"));
        pem = pem.strip() + "\n";
        if (!install) {
            return Plan.builder().print(pem).build();
        }
        if (!root) {
            throw new WpstackException("--install writes " + TRUSTED + ": rerun as root, or save ./wpstack ca >"
                    + " wpstack-ca.crt and trust that file yourself");
        }
        Path file = TRUSTED.resolve("wpstack-" + stack + ".crt");
        return Plan.builder()
                .add(new Step.WriteFile("", file, pem, "rw-r--r--"))
                .add(Step.Run.of(
                        "",
                        List.of("update-ca-certificates"),
                        "update-ca-certificates failed; see its output by rerunning it by hand"))
                .info("trusted Caddy's local CA of stack " + stack + " on this machine (" + file + "); browsers"
                        + " with their own store (Firefox, Chrome's NSS) need it imported: docs/operations.md#https")
                .build();
    }
}
