package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** The browser helper against a local JDK HTTP(S) server: needs chromium and chromedriver, not Docker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(8)
class BrowserIT {
    private static final String USER = "admin";
    private static final String PASSWORD = "s3cret";

    private HttpServer http;
    private HttpsServer https;
    private ThrowawayCa ca;
    private String base;
    private String secure;
    private final AtomicReference<byte[]> uploaded = new AtomicReference<>();
    private final AtomicInteger httpsRequests = new AtomicInteger();

    @BeforeAll
    void startServers(@TempDir Path caFolder) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        byte[] png = onePixelPng();
        http = HttpServer.create(loopback, 0);
        http.createContext("/", exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/" ->
                    html(
                            exchange,
                            "<title>BrowserIT</title><link rel=stylesheet href=/missing.css>"
                                    + "<h1 id=hello>Hello</h1><img id=good src=/good.png>");
                case "/good.png", "/favicon.ico" -> respond(exchange, 200, "image/png", png);
                default -> respond(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        });
        http.createContext("/secret/", exchange -> html(exchange, "<title>secret</title><p id=secret>the secret page"))
                .setAuthenticator(new BasicAuthenticator("BrowserIT") {
                    @Override
                    public boolean checkCredentials(String user, String password) {
                        return USER.equals(user) && PASSWORD.equals(password);
                    }
                });
        http.createContext("/upload", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                try (InputStream body = exchange.getRequestBody()) {
                    uploaded.set(body.readAllBytes());
                }
                html(exchange, "<title>received</title><p id=received>received " + uploaded.get().length + " bytes");
            } else {
                html(
                        exchange,
                        "<title>upload</title><form method=post enctype=multipart/form-data action=/upload>"
                                + "<input type=file name=file id=file><button id=send>Send</button></form>");
            }
        });
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();

        ca = ThrowawayCa.create(caFolder);
        https = HttpsServer.create(loopback, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
        https.createContext("/", exchange -> {
            httpsRequests.incrementAndGet();
            html(exchange, "<title>tls</title><p id=tls>served over TLS");
        });
        https.start();
        secure = "https://127.0.0.1:" + https.getAddress().getPort() + "/";
    }

    @AfterAll
    void stopServers() {
        if (http != null) {
            http.stop(0);
        }
        if (https != null) {
            https.stop(0);
        }
    }

    @Test
    void pageLoadNamesTheMissingStylesheetAndNotTheGoodImage() throws IOException {
        try (Browser browser = Browser.start("BrowserIT-page")) {
            browser.open(base + "/");
            assertEquals("Hello", browser.visible(By.id("hello")).getText());
            Object width = ((JavascriptExecutor) browser.driver())
                    .executeScript("return document.getElementById('good').naturalWidth");
            assertEquals(1L, width, "the good image loaded");
            browser.waitUntil("the browser log to report /missing.css", page -> browser.failedRequests().stream()
                    .anyMatch(m -> m.contains("/missing.css")));
            List<String> failed = browser.failedRequests();
            assertEquals(1, failed.size(), "only the stylesheet failed: " + failed);
            assertTrue(failed.stream().noneMatch(m -> m.contains("/good.png")), failed.toString());

            Path screenshot = browser.step("page loaded");
            assertEquals("01-page-loaded.png", screenshot.getFileName().toString());
            assertEquals(
                    Wpstack.ROOT.resolve(".wpstack/logs/browser/browserit-page"), screenshot.getParent(), "folder");
            byte[] magic = Arrays.copyOf(Files.readAllBytes(screenshot), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic, "a PNG");
        }
    }

    @Test
    void basicAuthOpensTheProtectedPageOnlyWithTheRightCredentials() {
        try (Browser browser = Browser.start("BrowserIT-basic-auth")) {
            browser.open(base + "/secret/");
            browser.step("no credentials");
            assertFalse(browser.driver().getPageSource().contains("the secret page"), "shown without credentials");

            browser.basicAuth(USER, "wrong");
            browser.open(base + "/secret/");
            browser.step("wrong credentials");
            assertFalse(browser.driver().getPageSource().contains("the secret page"), "shown with a wrong password");

            browser.basicAuth(USER, PASSWORD);
            browser.open(base + "/secret/");
            assertEquals("the secret page", browser.visible(By.id("secret")).getText());
            browser.step("right credentials");
        }
    }

    @Test
    void uploadPostsTheFileBytes(@TempDir Path folder) throws IOException {
        byte[] content = new byte[4096];
        new Random(42).nextBytes(content);
        Path file = Files.write(folder.resolve("upload.bin"), content);
        try (Browser browser = Browser.start("BrowserIT-upload")) {
            browser.open(base + "/upload");
            browser.upload(By.id("file"), file);
            browser.step("file chosen");
            browser.visible(By.id("send")).click();
            browser.visible(By.id("received"));
            browser.step("uploaded");
        }
        byte[] body = uploaded.get();
        assertTrue(
                new String(body, StandardCharsets.ISO_8859_1).contains("filename=\"upload.bin\""), "the file's name");
        assertTrue(indexOf(body, content) >= 0, "the file's bytes are in the multipart body");
    }

    @Test
    void httpsPageLoadsWithTheCaTrusted() {
        try (Browser browser = Browser.start("BrowserIT-tls-trusted", ca.caPem())) {
            browser.open(secure);
            assertEquals("served over TLS", browser.visible(By.id("tls")).getText());
            browser.step("trusted");
        }
    }

    @Test
    void httpsPageDoesNotLoadWithoutTheCa() {
        int before = httpsRequests.get();
        try (Browser browser = Browser.start("BrowserIT-tls-untrusted")) {
            browser.open(secure);
            browser.step("untrusted");
            assertFalse(browser.driver().getPageSource().contains("served over TLS"), "content shown");
        }
        assertEquals(before, httpsRequests.get(), "requests that reached the server through an untrusted certificate");
    }

    private static void html(HttpExchange exchange, String body) throws IOException {
        respond(
                exchange,
                200,
                "text/html; charset=utf-8",
                ("<!doctype html><html>" + body + "</html>").getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] onePixelPng() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
