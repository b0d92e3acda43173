package io.wpstack.cli.plan;

import io.wpstack.cli.docker.EngineReads;
import io.wpstack.engine.Filters;
import io.wpstack.engine.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out a {@link Step.Job}: creates the job service, streams its output ({@code docker service
 * logs --follow --raw}) while it polls the job's task through the Engine API, and once the task ended
 * removes the service and passes its exit code on.
 */
final class JobExecution {
    private static final Duration POLL = Duration.ofMillis(500);

    /** How a task of a job ended: its state, container exit code and error. */
    record Ended(String state, long exitCode, String error) {}

    /** What the execution reads of the engine: the job's task, once it ended. */
    interface Tasks {
        Optional<Ended> ended(String service);
    }

    private JobExecution() {}

    static Tasks engineTasks(Map<String, String> environment) {
        EngineReads reads = EngineReads.of(environment);
        return service -> {
            List<Json> tasks = reads.taskJson(Filters.of("service", service));
            for (Json task : tasks) {
                String state = task.string("Status", "State");
                if (Step.Condition.ENDED.contains(state)) {
                    return Optional.of(new Ended(
                            state,
                            task.number(-1, "Status", "ContainerStatus", "ExitCode"),
                            task.string("Status", "Err")));
                }
            }
            return Optional.empty();
        };
    }

    static int run(Step.Job job, PrintStream out, PrintStream err, Map<String, String> environment, Tasks tasks) {
        if (!job.description().isEmpty()) {
            err.println("==> " + job.description());
        }
        PrintStream shown = job.data() ? out : err;
        String created = output(job.create(), environment);
        if (created == null) {
            throw new PlanFailure("could not start the job " + job.service() + " (docker service create failed,"
                    + " output above); check ./wpstack status and rerun");
        }
        Process logs = start(List.of("docker", "service", "logs", "--follow", "--raw", job.service()), environment);
        Thread pump = Thread.ofVirtual().start(() -> copy(logs.getInputStream(), shown));
        try {
            Ended ended;
            while (true) {
                Optional<Ended> state = tasks.ended(job.service());
                if (state.isPresent()) {
                    ended = state.get();
                    break;
                }
                Thread.sleep(POLL);
            }
            // Let the last lines through before the follow is cut.
            Thread.sleep(1500);
            logs.destroy();
            pump.join(Duration.ofSeconds(5));
            shown.flush();
            output(List.of("docker", "service", "rm", job.service()), environment);
            removeContainers(job.service(), environment);
            if (ended.exitCode() != 0) {
                throw new PlanFailure(job.failure()
                        + (ended.error().isEmpty() || ended.exitCode() > 0 ? "" : " (" + ended.error() + ")"));
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            logs.destroy();
            throw new PlanFailure("interrupted while the job " + job.service() + " ran; it goes on in the swarm"
                    + " (docker service ps " + job.service() + ")");
        }
    }

    /**
     * The job's ended container on this node: Swarm leaves it after the service is removed, and it would
     * keep the volumes it mounted in use (down --purge could not remove them).
     */
    private static void removeContainers(String service, Map<String, String> environment) {
        String ids = output(
                List.of(
                        "docker",
                        "ps",
                        "--all",
                        "--quiet",
                        "--filter",
                        "label=com.docker.swarm.service.name=" + service),
                environment);
        if (ids != null && !ids.isBlank()) {
            List<String> argv = new java.util.ArrayList<>(List.of("docker", "rm", "--force"));
            argv.addAll(List.of(ids.split("\\s+")));
            output(argv, environment);
        }
    }

    private static Process start(List<String> argv, Map<String, String> environment) {
        var builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new PlanFailure("cannot run " + argv.getFirst() + ": " + e.getMessage());
        }
    }

    /** ARGV's standard output, or null when it failed (its stderr shown). */
    private static String output(List<String> argv, Map<String, String> environment) {
        var builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? text.strip() : null;
        } catch (IOException e) {
            throw new PlanFailure("cannot run " + argv.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanFailure("interrupted while running " + String.join(" ", argv));
        }
    }

    private static void copy(InputStream in, PrintStream shown) {
        byte[] buffer = new byte[8192];
        try (in) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                shown.write(buffer, 0, read);
                shown.flush();
            }
        } catch (IOException e) {
            // The follow was cut: the job ended.
        }
    }
}
