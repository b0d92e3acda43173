package io.wpstack.cli.docker;

import io.wpstack.cli.WpstackException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The docker CLI, for the reads only it can make; everything else the CLI reads from the engine goes through
 * {@link EngineReads}. What stays here: {@code docker exec} (through the Engine API an exec is a create, a start
 * that hijacks the connection into a multiplexed stdin/stdout/stderr stream, and an inspect for the exit code)
 * and what asks about the docker CLI client itself, not the engine ({@code docker stack deploy --help}).
 */
public final class DockerCli {
    private final Map<String, String> environment;

    public DockerCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The result of one docker CLI call. */
    public record Result(int code, String out, String err) {}

    /** docker ARGS with INPUT (when not null) on its standard input, with this environment. */
    public Result run(String input, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("docker");
        argv.addAll(args);
        ProgramOutput output = ProgramOutput.run(argv, environment, input);
        if (output.code() == 127 && output.out().isEmpty() && output.err().startsWith("cannot run docker")) {
            throw new WpstackException(output.err() + "; is docker.io installed?");
        }
        return new Result(output.code(), output.out(), output.err());
    }

    /** The standard output of {@code docker exec CONTAINER ARGV}, if it exits 0. */
    public Optional<String> exec(String container, List<String> argv) {
        List<String> args = new ArrayList<>(List.of("exec", container));
        args.addAll(argv);
        Result result = run(null, args);
        return result.code() == 0 ? Optional.of(result.out()) : Optional.empty();
    }

    /** This docker CLI's stack deploy has --detach (clients >= 23 wait unless told --detach=true). */
    public boolean stackDeployHasDetach() {
        return run(null, List.of("stack", "deploy", "--help")).out().contains("--detach");
    }
}
