package io.wpstack.cli.test;

import io.wpstack.cli.plan.Executor;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Fakes of the engine, the host and the executor, for steps planned and run without Docker. */
final class Fakes {
    private Fakes() {}

    static final class Docker implements TestDocker {
        boolean stackConfig = true;
        Optional<String> engine = Optional.of("28.5.1 (API 1.51)");

        @Override
        public Optional<String> engineVersion() {
            return engine;
        }

        @Override
        public String clientVersion() {
            return "24.0.5";
        }

        @Override
        public Optional<String> swarmNodeAddr() {
            return Optional.of("192.0.2.2");
        }

        @Override
        public boolean stackConfigSupported() {
            return stackConfig;
        }

        @Override
        public Optional<String> javaIn(String image, Path runtime) {
            return Optional.of("Debian GNU/Linux 13 (trixie): openjdk version \"25\"");
        }
    }

    static final class Host implements HostFacts {
        final Set<String> missing = new HashSet<>();
        final Map<String, String> lines = new HashMap<>();
        String system = "Linux";

        @Override
        public String system() {
            return system;
        }

        @Override
        public Optional<String> bashVersion() {
            return Optional.of("5.2.37(1)-release");
        }

        @Override
        public boolean onPath(String command) {
            return !missing.contains(command);
        }

        @Override
        public Optional<String> firstLine(List<String> argv) {
            return Optional.ofNullable(lines.get(String.join(" ", argv)));
        }

        @Override
        public Disk disk(Path path) {
            return new Disk(100L * 1024 * 1024, "/");
        }

        @Override
        public boolean debian() {
            return true;
        }

        @Override
        public boolean root() {
            return true;
        }

        @Override
        public String prettyName() {
            return "Debian GNU/Linux 13 (trixie)";
        }

        @Override
        public int cores() {
            return 4;
        }

        @Override
        public String user() {
            return "root";
        }
    }

    /** Records each plan; a Run matching {@code fails} exits 3 (as a failing program would). */
    static final class RecordingExecutor implements Executor {
        final List<Plan> plans = new ArrayList<>();
        Predicate<Step.Run> fails = run -> false;

        @Override
        public int execute(Plan plan) {
            plans.add(plan);
            for (Step step : plan.steps()) {
                if (step instanceof Step.Run run && fails.test(run)) {
                    return 3;
                }
            }
            return 0;
        }

        List<List<String>> commands() {
            return plans.stream().flatMap(p -> p.commands().stream()).toList();
        }
    }
}
