package io.wpstack.cli.plan;

import io.wpstack.cli.deploy.WordPressInstaller;
import io.wpstack.cli.docker.DockerCli;
import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.docker.EngineContainers;
import io.wpstack.cli.docker.EngineDockerReads;
import io.wpstack.cli.docker.EngineReads;
import io.wpstack.cli.docker.ExporterSwarmStatus;
import io.wpstack.cli.docker.SwarmStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** The real executor: runs programs with the user's terminal, writes files atomically. */
public final class ProcessExecutor implements Executor {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> baseEnvironment;
    private final DockerReads docker;
    private final SwarmStatus swarm;
    private final WordPressInstaller installer;
    private final JobExecution.Tasks jobs;

    /** An executor that evaluates {@link Step.Await} conditions with the engine of this process's environment. */
    public ProcessExecutor(PrintStream out, PrintStream err, Map<String, String> baseEnvironment) {
        this(out, err, baseEnvironment, EngineDockerReads.of(System.getenv()));
    }

    public ProcessExecutor(PrintStream out, PrintStream err, Map<String, String> baseEnvironment, DockerReads docker) {
        this(
                out,
                err,
                baseEnvironment,
                docker,
                new ExporterSwarmStatus(System.getenv()),
                new WordPressInstaller(
                        new EngineContainers(EngineReads.of(System.getenv()), new DockerCli(System.getenv())),
                        err,
                        Thread::sleep));
    }

    public ProcessExecutor(
            PrintStream out,
            PrintStream err,
            Map<String, String> baseEnvironment,
            DockerReads docker,
            SwarmStatus swarm,
            WordPressInstaller installer) {
        this.out = out;
        this.err = err;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.docker = docker;
        this.swarm = swarm;
        this.installer = installer;
        this.jobs = JobExecution.engineTasks(System.getenv());
    }

    @Override
    public int execute(Plan plan) {
        int exitCode = 0;
        for (Step step : plan.steps()) {
            exitCode = switch (step) {
                case Step.Run run -> run(run);
                case Step.Logged logged -> LoggedExecution.run(logged, err, baseEnvironment);
                case Step.Job job -> JobExecution.run(job, out, err, baseEnvironment, jobs);
                case Step.WriteFile write -> {
                    write(write);
                    if (!write.description().isEmpty()) {
                        err.println("==> " + write.description());
                    }
                    yield 0;
                }
                case Step.DeleteFile delete -> {
                    delete(delete);
                    yield 0;
                }
                case Step.Print print -> {
                    out.print(print.text());
                    out.flush();
                    yield 0;
                }
                case Step.Info info -> {
                    err.println("==> " + info.description());
                    yield 0;
                }
                case Step.Await await -> {
                    await(await);
                    yield 0;
                }
                case Step.Warn warn -> {
                    err.println("wpstack: warning: " + warn.description());
                    yield 0;
                }
            };
        }
        return exitCode;
    }

    private int run(Step.Run run) {
        if (!run.description().isEmpty()) {
            err.println("==> " + run.description());
        }
        out.flush();
        var builder = new ProcessBuilder(run.argv());
        builder.redirectInput(run.input() == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(baseEnvironment);
        builder.environment().putAll(run.environment());
        switch (run.output()) {
            case SHOWN ->
                builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            case QUIET ->
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
            case SILENT ->
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        int code;
        try {
            Process process = builder.start();
            if (run.input() != null) {
                try (var stdin = process.getOutputStream()) {
                    stdin.write(run.input().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            code = process.waitFor();
        } catch (IOException e) {
            throw new PlanFailure("cannot run " + run.argv().getFirst() + ": " + e.getMessage()
                    + "; is it installed and on the PATH?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanFailure("interrupted while running " + String.join(" ", run.argv()));
        }
        if (code != 0 && run.failure() != null) {
            throw new PlanFailure(run.failure());
        }
        return code;
    }

    private void await(Step.Await await) {
        if (!await.description().isEmpty()) {
            err.println("==> " + await.description());
        }
        switch (await.condition()) {
            case Step.Condition.StackConverged converged -> {
                if (!swarm.awaitConverged(converged.stack(), await.timeout(), java.time.Duration.ofSeconds(2), err)) {
                    throw new PlanFailure(await.failure());
                }
                return;
            }
            case Step.Condition.WordPressInstalled site -> {
                installer.ensure(site, await.timeout());
                return;
            }
            case Step.Condition.StackRemoved removed -> {}
            case Step.Condition.JobEnded ended -> {}
            case Step.Condition.ServiceStopped stopped -> {}
        }
        long deadline = System.nanoTime() + await.timeout().toNanos();
        while (!holds(await.condition())) {
            if (System.nanoTime() > deadline) {
                throw new PlanFailure(await.failure());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanFailure("interrupted while waiting: " + await.description());
            }
        }
    }

    private boolean holds(Step.Condition condition) {
        return switch (condition) {
            case Step.Condition.StackRemoved removed -> docker.stackLeftovers(removed.stack()) == 0;
            case Step.Condition.JobEnded ended -> jobs.ended(ended.service()).isPresent();
            case Step.Condition.ServiceStopped stopped -> docker.liveTasks(stopped.service()) == 0;
            case Step.Condition.StackConverged converged -> throw new IllegalStateException("awaited by the swarm");
            case Step.Condition.WordPressInstalled site -> throw new IllegalStateException("awaited by the installer");
        };
    }

    private static void write(Step.WriteFile write) {
        Path path = write.path().toAbsolutePath();
        try {
            if (!Files.isDirectory(path.getParent())) {
                Files.createDirectories(path.getParent());
                if (write.folderMode() != null) {
                    Files.setPosixFilePermissions(
                            path.getParent(), PosixFilePermissions.fromString(write.folderMode()));
                }
            }
            if (write.inPlace()) {
                Files.writeString(path, write.content());
                return;
            }
            Path tmp = Files.createTempFile(path.getParent(), path.getFileName() + ".", ".tmp");
            try {
                if (write.mode() != null) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(write.mode()));
                }
                Files.writeString(tmp, write.content());
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PlanFailure(
                    write.failure() != null
                            ? write.failure() + " (" + e.getMessage() + ")"
                            : "cannot write " + path + ": " + e.getMessage() + "; check the folder's owner and mode");
        }
    }

    private void delete(Step.DeleteFile delete) {
        try {
            if (Files.deleteIfExists(delete.path()) && !delete.description().isEmpty()) {
                err.println("==> " + delete.description());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
