package io.wpstack.cli.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The docker CLI's display rules, on the cases of go-units', sortorder's and the CLI's own tests. */
class DockerFormatTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0          | 0B",
                "999        | 999B",
                "1000       | 1kB",
                "1024       | 1.02kB",
                "1125       | 1.12kB",
                "999999     | 1e+03kB",
                "1000000    | 1MB",
                "1048576    | 1.05MB",
                "78001234   | 78MB",
                "98536636   | 98.5MB",
                "112000000  | 112MB",
                "2530000000 | 2.53GB",
                "3420000000 | 3.42GB"
            })
    void sizesAreGoUnitsHumanSizeWithThreeDigits(long bytes, String shown) {
        assertEquals(shown, DockerFormat.humanSize(bytes));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1000          | 4 | 1000",
                "1024          | 4 | 1024",
                "1.024         | 4 | 1.024",
                "1.048576      | 4 | 1.049",
                "5.372         | 4 | 5.372",
                "10000000      | 4 | 1e+07",
                "0.00001234    | 3 | 1.23e-05",
                "0.0001234     | 3 | 0.000123",
                "100           | 3 | 100",
                "1.5           | 3 | 1.5"
            })
    void gFormatIsGosPercentG(double value, int precision, String shown) {
        assertEquals(shown, DockerFormat.formatG(value, precision));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "PT0.45S        | Less than a second",
                "PT1S           | 1 second",
                "PT45S          | 45 seconds",
                "PT59S          | 59 seconds",
                "PT60S          | About a minute",
                "PT3M           | 3 minutes",
                "PT35M40S       | 35 minutes",
                "PT59M          | 59 minutes",
                "PT1H           | About an hour",
                "PT1H29M        | About an hour",
                "PT1H31M        | 2 hours",
                "PT3H29M        | 3 hours",
                "PT3H31M        | 4 hours",
                "PT24H          | 24 hours",
                "PT36H          | 36 hours",
                "PT48H          | 2 days",
                "PT317H         | 13 days",
                "PT336H         | 2 weeks",
                "PT432H         | 2 weeks",
                "PT720H         | 4 weeks",
                "PT1056H        | 6 weeks",
                "PT1440H        | 2 months",
                "PT16560H       | 23 months",
                "PT17280H       | 24 months",
                "PT17616H       | 2 years",
                "PT27720H       | 3 years",
                "-PT5S          | Less than a second"
            })
    void durationsAreGoUnitsHumanDuration(Duration duration, String shown) {
        assertEquals(shown, DockerFormat.humanDuration(duration));
    }

    @Test
    void theLongestGoDurationIs292Years() {
        assertEquals("292 years", DockerFormat.humanDuration(Duration.ofNanos(Long.MAX_VALUE)));
    }

    @Test
    void naturalOrderPutsNumbersInValueOrderAndDigitsFirst() {
        List<String> names = new ArrayList<>(List.of(
                "node-10",
                "node-2",
                "Node-3",
                "node-1",
                "edge_01",
                "edge_1",
                "a",
                "a1",
                "1a",
                "edge_pass_v10",
                "edge_pass_v2",
                "x.10.1",
                "x.9.2"));

        names.sort(DockerFormat.NATURAL_ORDER);

        assertEquals(
                List.of(
                        "1a",
                        "Node-3",
                        "a",
                        "a1",
                        "edge_1",
                        "edge_01",
                        "edge_pass_v2",
                        "edge_pass_v10",
                        "node-1",
                        "node-2",
                        "node-10",
                        "x.9.2",
                        "x.10.1"),
                names);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "t🐳ststring         | 0  | ''",
                "t🐳ststring         | 1  | t",
                "t🐳ststring         | 2  | t…",
                "t🐳ststring         | 6  | t🐳st…",
                "t🐳ststring         | 20 | t🐳ststring",
                "你好世界teststring  | 1  | 你",
                "你好世界teststring  | 3  | 你…",
                "你好世界teststring  | 6  | 你好…",
                "你好世界teststring  | 20 | 你好世界teststring",
                "task: non-zero exit (1)                    | 30 | task: non-zero exit (1)",
                "No such image: wpstack/caddy:1.2@sha256:aa | 30 | No such image: wpstack/caddy:…"
            })
    void ellipsisCutsToDisplayColumnsAsTheCli(String text, int max, String shown) {
        assertEquals(shown, DockerFormat.ellipsis(text, max));
    }

    @Test
    void statesArePrettyPrintedAndIdsTruncated() {
        assertEquals("Running", DockerFormat.prettyPrint("running"));
        assertEquals("Rejected", DockerFormat.prettyPrint("REJECTED"));
        assertEquals("x", DockerFormat.prettyPrint("X"));
        assertEquals("", DockerFormat.prettyPrint(""));
        assertEquals(
                "c048a3f93d1c", DockerFormat.truncateId("sha256:c048a3f93d1c9a21d1de772a112197e2ba7515849d6e5538"));
        assertEquals("43439fef22a3", DockerFormat.truncateId("43439fef22a3b1d7"));
        assertEquals("short", DockerFormat.truncateId("short"));
    }
}
