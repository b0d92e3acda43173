package io.wpstack.cli.settings;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every setting (stacks/env/base.env declares each once, with its default and meaning) and the
 * environments (stacks/env/ENV.env: only what ENV changes).
 */
public record Catalog(Map<String, Setting> settings, Map<String, EnvFile> environments) {
    public static final String ENV_DIR = "stacks/env";
    public static final String BASE_ENV = ENV_DIR + "/base.env";

    public Catalog {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }

    /** Reads stacks/env/ under the repository {@code root}. */
    public static Catalog read(Path root) {
        EnvFile base = EnvFile.read(root, BASE_ENV);
        List<String> names;
        try (Stream<Path> files = Files.list(root.resolve(ENV_DIR))) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".env") && !n.equals("base.env"))
                    .map(n -> n.substring(0, n.length() - ".env".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new WpstackException("cannot list " + ENV_DIR + ": " + e.getMessage());
        }
        Map<String, EnvFile> environments = new LinkedHashMap<>();
        for (String name : names) {
            environments.put(name, EnvFile.read(root, ENV_DIR + "/" + name + ".env"));
        }
        return of(base, environments);
    }

    /** The catalog of a base file and environment files; a name declared twice or unknown is an error. */
    public static Catalog of(EnvFile base, Map<String, EnvFile> environments) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (EnvFile.Entry entry : base.entries()) {
            if (settings.put(entry.name(), new Setting(entry.name(), entry.value(), entry.meaning())) != null) {
                throw new WpstackException(base.name() + ": " + entry.name() + " is declared twice; keep one");
            }
        }
        for (EnvFile env : environments.values()) {
            for (EnvFile.Entry entry : env.entries()) {
                if (!settings.containsKey(entry.name())) {
                    throw new WpstackException(env.name() + ": " + entry.name()
                            + " is not a setting; declare it, with its meaning and default, in " + base.name()
                            + Nearest.hint(entry.name(), settings.keySet(), ""));
                }
            }
        }
        return new Catalog(settings, environments);
    }

    /** The environment's file, or a usage error naming the ones there are. */
    public EnvFile environment(String command, String name) {
        EnvFile env = environments.get(name);
        if (env == null) {
            throw new UsageException(
                    command,
                    "unknown environment \"" + name + "\"; choose one of: " + String.join(" ", environments.keySet()));
        }
        return env;
    }

    /** The value {@code env} gives NAME, if its file sets it. */
    public java.util.Optional<String> environmentValue(String env, String name) {
        return environments.get(env).entries().stream()
                .filter(e -> e.name().equals(name))
                .map(EnvFile.Entry::value)
                .findFirst();
    }

    /**
     * Every WPSTACK_* variable of {@code variables} is a setting's override, one of wpstack's own, or
     * WPSTACK_NAME_IMAGE for an image under images/; else a usage error naming the nearest real name.
     */
    public void checkVariables(Map<String, String> variables, java.util.function.Predicate<String> isImage) {
        List<String> known = new ArrayList<>(settings.keySet());
        OwnVariable.ALL.stream()
                .filter(v -> !v.internal())
                .map(v -> v.name().substring("WPSTACK_".length()))
                .forEach(known::add);
        variables.keySet().stream()
                .filter(v -> v.startsWith("WPSTACK_"))
                .sorted()
                .forEach(variable -> {
                    String name = variable.substring("WPSTACK_".length());
                    boolean own =
                            OwnVariable.ALL.stream().anyMatch(v -> v.name().equals(variable));
                    boolean image = name.endsWith("_IMAGE")
                            && isImage.test(name.substring(0, name.length() - "_IMAGE".length())
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', '-'));
                    if (!settings.containsKey(name) && !own && !image) {
                        throw new UnknownVariableException(variable + " is not a wpstack setting"
                                + Nearest.hint(name, known, "WPSTACK_") + "; ./wpstack help settings lists them");
                    }
                });
    }
}
