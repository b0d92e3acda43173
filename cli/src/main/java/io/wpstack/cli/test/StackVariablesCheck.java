package io.wpstack.cli.test;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.settings.Catalog;
import io.wpstack.cli.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every {@code ${VAR}} the wpstack and monitoring compose files read is a setting of
 * stacks/env/base.env, with the same default there as in the file, or a variable up computes (bash:
 * check_stack_variables). A pure function of the files' text and the settings.
 */
public final class StackVariablesCheck {
    /** The compose files checked, those that exist. */
    public static final List<String> FILES = List.of(
            "stacks/wordpress.yml", "stacks/wordpress-tls.yml", "stacks/monitoring.yml", "stacks/monitoring-email.yml");

    /** What up computes for the compose files besides the settings (and every NAME_IMAGE, NAME_HASH). */
    public static final List<String> COMPUTED = List.of(
            "STACK",
            "ENVIRONMENT",
            "DEPLOYED_VERSION",
            "SECRET_PREFIX",
            "SITE_HOST_LIST",
            "SITE_SCHEME",
            "SITE_URL_FIXED",
            "MONITORING_STACK",
            "MONITORING_SECRET_PREFIX",
            "WPSTACK_NETWORK",
            "GRAFANA_REPLICAS",
            "PROBE_TARGETS_FILE",
            "BACKUP_CREDENTIALS_FILE");

    /** What grep -oE '[$][{][A-Z_]+[^}]*[}]' finds; the group is the reference without ${ and }. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z_]+[^}]*)}");

    /** The check's outcome: how many references were read, and each problem (a warning line). */
    public record Findings(int references, List<String> problems) {
        public Findings {
            problems = List.copyOf(problems);
        }
    }

    private StackVariablesCheck() {}

    /** The findings for compose files (path to text, in order) against the settings of base.env. */
    public static Findings check(Map<String, String> files, Map<String, Setting> settings) {
        int count = 0;
        List<String> problems = new ArrayList<>();
        for (var file : files.entrySet()) {
            var matcher = REFERENCE.matcher(file.getValue());
            while (matcher.find()) {
                String ref = matcher.group(1);
                String name = nameOf(ref);
                count++;
                Setting setting = settings.get(name);
                if (setting != null) {
                    int dash = ref.indexOf(":-");
                    if (dash < 0) {
                        continue;
                    }
                    String fileDefault = ref.substring(dash + 2);
                    if (!fileDefault.equals(setting.defaultValue())) {
                        problems.add(file.getKey() + " defaults " + name + " to \"" + fileDefault + "\", "
                                + Catalog.BASE_ENV + " to \"" + setting.defaultValue() + "\"; make them one");
                    }
                } else if (!name.endsWith("_IMAGE") && !name.endsWith("_HASH") && !COMPUTED.contains(name)) {
                    problems.add(file.getKey() + " reads ${" + name + "}, which is neither a setting of "
                            + Catalog.BASE_ENV + " nor computed by up (StackVariablesCheck.COMPUTED,"
                            + " cli/.../test/StackVariablesCheck.java); declare it");
                }
            }
        }
        return new Findings(count, problems);
    }

    /** The variable's name: the reference up to its first : or ? (bash: ${ref%%[:?]*}). */
    static String nameOf(String ref) {
        int end = ref.length();
        for (int i = 0; i < ref.length(); i++) {
            if (ref.charAt(i) == ':' || ref.charAt(i) == '?') {
                end = i;
                break;
            }
        }
        return ref.substring(0, end);
    }

    /** The compose files of the repository at {@code root} that exist, with their text. */
    public static Map<String, String> read(Path root) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : FILES) {
            Path path = root.resolve(file);
            if (Files.isRegularFile(path)) {
                try {
                    files.put(file, Files.readString(path));
                } catch (IOException e) {
                    throw new WpstackException("cannot read " + file + ": " + e.getMessage());
                }
            }
        }
        return files;
    }

    /** The findings as a plan: a warning per problem, then an error if any, else the count. */
    public static Plan plan(Findings findings) {
        var plan = Plan.builder();
        findings.problems().forEach(plan::warn);
        if (!findings.problems().isEmpty()) {
            throw new StaticCheckException(
                    findings.problems().size() + " compose variables are not declared once (above)", plan.build());
        }
        return plan.info(findings.references() + " variable references of the compose files: each a setting of "
                        + Catalog.BASE_ENV + " (same default) or computed by up")
                .build();
    }
}
