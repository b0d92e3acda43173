package io.wpstack.cli.registry;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ./wpstack registry status}: the registry's address, certificate, whether this engine
 * trusts it, its task and whether https://NAME:PORT/v2/ answers.
 */
@Command(
        name = "status",
        header = "the registry's address, certificate, trust, task and answer",
        customSynopsis = "./wpstack registry status")
public final class RegistryStatus implements Callable<Integer> {
    private final App app;
    private final RegistryRuntime runtime;

    public RegistryStatus(App app) {
        this(app, RegistryRuntime.real(app));
    }

    RegistryStatus(App app, RegistryRuntime runtime) {
        this.app = app;
        this.runtime = runtime;
    }

    /**
     * The engine's side: whether the stack is deployed, its tasks' lines, and the HTTP status of
     * /v2/ (null when no task with the current spec runs; 0 when nothing answers).
     */
    record Facts(boolean deployed, List<String> tasks, Integer https) {
        Facts {
            tasks = List.copyOf(tasks);
        }
    }

    /** What status prints, and the error it ends with when the stack is not deployed (or null). */
    record Report(Plan plan, String failure) {}

    @Override
    public Integer call() {
        Context context = app.context();
        RegistryReads reads = runtime.reads();
        String stack = Registry.stack(context);
        RegistryPaths paths = runtime.paths(context, stack);
        RegistrySettings settings = Registry.settings(paths, stack, "registry status", null, null, null);
        RegistryFiles files = RegistryFiles.read(paths, settings);
        boolean deployed = reads.stackExists(stack);
        Integer https = null;
        List<String> tasks = List.of();
        if (deployed) {
            tasks = reads.serviceTasks(settings.service(), false).stream()
                    .map(task -> "task:        " + task.name() + " on " + task.node() + ", " + task.currentState())
                    .toList();
            Optional<String> node = reads.runningTaskNode(settings.service());
            if (node.isPresent()) {
                https = reads.probe(
                        settings.name(),
                        settings.port(),
                        Registry.probeAddress(node.get(), reads),
                        files.caCrt() == null ? "" : files.caCrt());
            }
        }
        Report report = report(settings, paths, files, new Facts(deployed, tasks, https));
        int code = app.executor().execute(report.plan());
        if (report.failure() != null) {
            throw new WpstackException(report.failure());
        }
        return code;
    }

    static Report report(RegistrySettings settings, RegistryPaths paths, RegistryFiles files, Facts facts) {
        var out = new StringBuilder();
        out.append("registry:    ")
                .append(settings.address())
                .append(" (stack ")
                .append(settings.stack())
                .append(", basic auth ")
                .append(settings.auth() ? "on" : "off")
                .append(")\n");
        if (RegistryFiles.present(files.serverCrt())) {
            String end = Pki.endDate(files.serverCrt());
            String san = files.serverSan() == null ? "" : files.serverSan().replaceAll("\n+$", "");
            out.append("certificate: ")
                    .append(
                            end == null
                                    ? "unreadable (" + paths.serverCrt() + "; ./wpstack registry up makes a new one)"
                                    : end)
                    .append(", ")
                    .append(san)
                    .append("\n");
        } else {
            out.append("certificate: none yet (./wpstack registry up makes it)\n");
        }
        out.append("this engine: ")
                .append(
                        files.trusted()
                                ? "trusts it (" + paths.trustedCa(settings) + ")"
                                : "does not trust it (" + settings.stackHint() + "./wpstack registry trust"
                                        + settings.flagsHint() + ")")
                .append("\n");
        if (!facts.deployed()) {
            return new Report(
                    Plan.builder().print(out.toString()).build(),
                    "stack " + settings.stack() + " is not deployed; run ./wpstack registry up" + settings.flagsHint());
        }
        facts.tasks().forEach(task -> out.append(task).append("\n"));
        if (facts.https() != null) {
            out.append("https:       /v2/ answers ")
                    .append(facts.https() == 0 ? "000" : facts.https().toString())
                    .append("\n");
        }
        return new Report(Plan.builder().print(out.toString()).build(), null);
    }
}
