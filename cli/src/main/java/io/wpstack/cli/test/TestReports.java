package io.wpstack.cli.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The test cases of the Surefire and Failsafe reports ({@code MODULE/target/surefire-reports/TEST-*.xml},
 * {@code MODULE/target/failsafe-reports/TEST-*.xml}) that {@code ./mvnw -B verify} leaves, read with the
 * JDK's StAX parser: each case passed, failed (a failure or an error) or was skipped, with its message.
 */
public final class TestReports {
    /** The report folders under a module's target/. */
    public static final List<String> FOLDERS = List.of("surefire-reports", "failsafe-reports");

    /** How a test case ended. */
    public enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }

    /** One test case of a report. */
    public record TestCase(String module, String className, String name, Outcome outcome, String message) {}

    /** A module's counts; skipped cases are not passes. */
    public record ModuleCounts(String module, int passed, int failed, int skipped) {}

    private TestReports() {}

    /**
     * Every report of every module of the repository at {@code root} (modules in name order) written
     * at or after {@code since} (older ones are of an earlier run: a test class since removed).
     */
    public static List<TestCase> read(Path root, java.time.Instant since) {
        List<TestCase> cases = new ArrayList<>();
        for (Path report : reports(root)) {
            if (modified(report).isBefore(since)) {
                continue;
            }
            String module =
                    root.relativize(report.getParent().getParent().getParent()).toString();
            try (InputStream in = Files.newInputStream(report)) {
                cases.addAll(parse(module, in));
            } catch (IOException | XMLStreamException e) {
                cases.add(new TestCase(
                        module,
                        root.relativize(report).toString(),
                        "(report)",
                        Outcome.FAILED,
                        "cannot read the report: " + e.getMessage()));
            }
        }
        return List.copyOf(cases);
    }

    private static java.time.Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return java.time.Instant.MIN;
        }
    }

    /** The report files, sorted by path. */
    static List<Path> reports(Path root) {
        List<Path> reports = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                for (String folder : FOLDERS) {
                    Path dir = module.resolve("target").resolve(folder);
                    if (!Files.isDirectory(dir)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.list(dir)) {
                        files.filter(f -> {
                                    String name = f.getFileName().toString();
                                    return name.startsWith("TEST-") && name.endsWith(".xml");
                                })
                                .sorted()
                                .forEach(reports::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return reports;
    }

    /** The test cases of one report (a {@code <testsuite>} of {@code <testcase>} elements). */
    public static List<TestCase> parse(String module, InputStream xml) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader reader = factory.createXMLStreamReader(xml);
        List<TestCase> cases = new ArrayList<>();
        String className = null;
        String name = null;
        Outcome outcome = Outcome.PASSED;
        String message = "";
        int depth = 0;
        int caseDepth = -1;
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String element = reader.getLocalName();
                    if (element.equals("testcase")) {
                        caseDepth = depth;
                        className = attribute(reader, "classname");
                        name = attribute(reader, "name");
                        outcome = Outcome.PASSED;
                        message = "";
                    } else if (caseDepth > 0 && depth == caseDepth + 1) {
                        Outcome found =
                                switch (element) {
                                    case "skipped" -> Outcome.SKIPPED;
                                    case "failure", "error" -> Outcome.FAILED;
                                    default -> null;
                                };
                        if (found != null && outcome != Outcome.FAILED) {
                            outcome = found;
                            message = attribute(reader, "message");
                            if (message.isEmpty()) {
                                message = text(reader);
                                depth--;
                            }
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == caseDepth && reader.getLocalName().equals("testcase")) {
                        cases.add(new TestCase(module, className, name, outcome, firstLine(message)));
                        caseDepth = -1;
                    }
                    depth--;
                }
            }
        } finally {
            reader.close();
        }
        return List.copyOf(cases);
    }

    /** Per module, in the order the cases came. */
    public static List<ModuleCounts> counts(List<TestCase> cases) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (TestCase testCase : cases) {
            counts.computeIfAbsent(testCase.module(), m -> new int[3])[
                    testCase.outcome().ordinal()]++;
        }
        return counts.entrySet().stream()
                .map(e -> new ModuleCounts(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                .toList();
    }

    private static String attribute(XMLStreamReader reader, String name) {
        String value = reader.getAttributeValue(null, name);
        return value == null ? "" : value;
    }

    /** The element's text (it consumes the element up to its end). */
    private static String text(XMLStreamReader reader) throws XMLStreamException {
        return reader.getElementText().strip();
    }

    private static String firstLine(String message) {
        String stripped = message.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline).strip();
    }
}
