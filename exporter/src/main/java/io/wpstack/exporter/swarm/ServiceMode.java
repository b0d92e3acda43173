package io.wpstack.exporter.swarm;

/** How Swarm schedules a service's tasks. */
public sealed interface ServiceMode {
    String label();

    default boolean isJob() {
        return this instanceof ReplicatedJob || this instanceof GlobalJob;
    }

    record Replicated(long replicas) implements ServiceMode {
        @Override
        public String label() {
            return "replicated";
        }
    }

    record Global() implements ServiceMode {
        @Override
        public String label() {
            return "global";
        }
    }

    /** totalCompletions defaults to maxConcurrent in the Engine when unset. */
    record ReplicatedJob(long maxConcurrent, long totalCompletions) implements ServiceMode {
        @Override
        public String label() {
            return "replicated_job";
        }
    }

    record GlobalJob() implements ServiceMode {
        @Override
        public String label() {
            return "global_job";
        }
    }
}
