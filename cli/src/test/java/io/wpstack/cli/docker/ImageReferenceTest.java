package io.wpstack.cli.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** distribution/reference's normalization, on the cases of its normalize_test.go and this project's images. */
class ImageReferenceTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "caddy                                 | docker.io            | library/caddy      | ''     | caddy",
                "caddy:2                               | docker.io            | library/caddy      | 2      | caddy",
                "wpstack/caddy:id-df917313d472         | docker.io            | wpstack/caddy      | id-df917313d472 | wpstack/caddy",
                "docker.io/library/busybox:1.36        | docker.io            | library/busybox    | 1.36   | busybox",
                "index.docker.io/foo/bar:x             | docker.io            | foo/bar            | x      | foo/bar",
                "localhost/x:1                         | localhost            | x                  | 1      | localhost/x",
                "localhost:5000/wpstack/caddy:0.1.0    | localhost:5000       | wpstack/caddy      | 0.1.0  | localhost:5000/wpstack/caddy",
                "registry.local:5000/a/b/c:Latest_1    | registry.local:5000  | a/b/c              | Latest_1 | registry.local:5000/a/b/c",
                "docker.io/library/a/b:1               | docker.io            | library/a/b        | 1      | library/a/b",
                "[2001:db8::1]:5000/x:1                | [2001:db8::1]:5000   | x                  | 1      | [2001:db8::1]:5000/x",
                "UPPER/x:1                             | UPPER                | x                  | 1      | UPPER/x"
            })
    void referencesNormalizeAndFamiliarize(String text, String domain, String path, String tag, String familiar) {
        ImageReference reference = ImageReference.parse(text).orElseThrow();

        assertEquals(domain, reference.domain());
        assertEquals(path, reference.path());
        assertEquals(tag, reference.tag());
        assertEquals(familiar, reference.familiarName());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "wpstack/Caddy:1",
                "<none>:<none>",
                "<none>@<none>",
                "caddy:",
                "-caddy",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void whatIsNoReferenceIsRefused(String text) {
        assertEquals(Optional.empty(), ImageReference.parse(text));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "wpstack/caddy:1.2@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | wpstack/caddy:1.2",
                "docker.io/library/busybox:1.36@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb | busybox:1.36",
                "registry.local:5000/x@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc | registry.local:5000/x@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
                "caddy                                  | caddy",
                "Not/A/Reference:1                      | Not/A/Reference:1"
            })
    void servicesShowTaggedImagesFamiliarAndWithoutTheirDigest(String image, String shown) {
        assertEquals(shown, ImageReference.shown(image));
    }
}
