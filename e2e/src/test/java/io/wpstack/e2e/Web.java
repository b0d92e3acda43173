package io.wpstack.e2e;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** A browser-like HTTP client: cookies kept, redirects not followed, optional basic auth. */
final class Web {
    private final HttpClient http;
    private final String authorization;

    private Web(String authorization) {
        this(authorization, null);
    }

    private Web(String authorization, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.authorization = authorization;
    }

    static Web anonymous() {
        return new Web(null);
    }

    /** An anonymous client that trusts {@code tls}'s roots (e.g. Caddy's local CA) instead of the JDK's. */
    static Web trusting(javax.net.ssl.SSLContext tls) {
        return new Web(null, tls);
    }

    static Web basicAuth(String user, String password) {
        return new Web("Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Logs in to the WordPress at {@code site} as its login form does (this client keeps the cookies) and returns
     * the REST API nonce that goes with the session.
     */
    String logInToWordPress(String site, String user, String password) throws IOException {
        get(site + "/wp-login.php");
        HttpResponse<String> login = postForm(
                site + "/wp-login.php",
                Map.of(
                        "log",
                        user,
                        "pwd",
                        password,
                        "wp-submit",
                        "Log In",
                        "redirect_to",
                        site + "/wp-admin/",
                        "testcookie",
                        "1"));
        if (login.statusCode() != 302) {
            throw new AssertionError("login to " + site + " failed (" + login.statusCode() + "): " + login.body());
        }
        String nonce =
                get(site + "/wp-admin/admin-ajax.php?action=rest-nonce").body().strip();
        if (!nonce.matches("[0-9a-f]{10}")) {
            throw new AssertionError("no REST nonce from " + site + ": " + nonce);
        }
        return nonce;
    }

    HttpResponse<String> get(String url, String... headers) throws IOException {
        return send(request(url, headers).GET().build());
    }

    HttpResponse<String> postForm(String url, Map<String, String> form, String... headers) throws IOException {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(url, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> postJson(String url, String json, String... headers) throws IOException {
        return send(request(url, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    HttpResponse<String> postBytes(String url, byte[] body, String contentType, String... headers) throws IOException {
        return send(request(url, headers)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private HttpRequest.Builder request(String url, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
