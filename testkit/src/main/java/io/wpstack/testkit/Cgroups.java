package io.wpstack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cgroups a node's dockerd creates on the host hierarchy ({@code --cgroup-parent=/<node>}, shared through
 * the {@code /sys/fs/cgroup} bind mount). They outlive the node container, so they are removed with it. Only
 * empty cgroups can be removed ({@code rmdir}), so this never touches anything still running.
 */
final class Cgroups {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {}

    /** Removes the cgroup trees named {@code node}; returns what could not be removed. */
    static List<String> remove(String node) {
        List<String> problems = new ArrayList<>();
        for (Path dir : candidates(node)) {
            removeTree(dir, problems);
        }
        return problems;
    }

    /** Names of cgroups directly under a hierarchy root that start with {@code prefix}. */
    static Set<String> named(String prefix) {
        return hierarchies().stream()
                .flatMap(Cgroups::children)
                .map(dir -> dir.getFileName().toString())
                .filter(name -> name.startsWith(prefix))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static List<Path> candidates(String node) {
        return hierarchies().stream()
                .map(hierarchy -> hierarchy.resolve(node))
                .filter(Files::isDirectory)
                .toList();
    }

    /** cgroup v2: the root itself; cgroup v1: one directory per controller ({@code cpu}, {@code memory}, ...). */
    private static List<Path> hierarchies() {
        if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
            return List.of(ROOT);
        }
        return children(ROOT)
                .filter(dir -> Files.exists(dir.resolve("cgroup.procs")))
                .toList();
    }

    private static Stream<Path> children(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static void removeTree(Path dir, List<String> problems) {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path cgroup : tree.filter(Files::isDirectory)
                    .sorted(Comparator.reverseOrder())
                    .toList()) {
                Files.deleteIfExists(cgroup);
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add("cgroup " + dir + ": " + e.getMessage());
        }
    }
}
