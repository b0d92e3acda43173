package io.wpstack.e2e;

import io.wpstack.testkit.Poll;
import io.wpstack.testkit.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless chromium, driven through Debian's chromedriver (never Selenium Manager), with a screenshot per
 * step in {@code .wpstack/logs/browser/<suite>/}. Each browser has its own profile and $HOME, deleted on close.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CERTUTIL = Path.of("/usr/bin/certutil");
    static final Duration WAIT = Duration.ofSeconds(30);

    private static final String INSTALL =
            "install them with `apt-get install chromium chromium-driver libnss3-tools`" + " (./wpstack test does)";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path screenshots;
    private final Path scratch;
    private final List<String> failedRequests = new ArrayList<>();
    private int steps;

    private Browser(ChromeDriver driver, Path screenshots, Path scratch) {
        this.driver = driver;
        this.screenshots = screenshots;
        this.scratch = scratch;
    }

    /** A browser that trusts only the public roots chromium ships with. */
    static Browser start(String suite) {
        return launch(suite, null);
    }

    /** A browser that also trusts the PEM root certificate {@code caPem} (e.g. Caddy's internal CA). */
    static Browser start(String suite, Path caPem) {
        return launch(suite, caPem);
    }

    private static Browser launch(String suite, Path caPem) {
        for (Path program :
                caPem == null ? List.of(CHROMIUM, CHROMEDRIVER) : List.of(CHROMIUM, CHROMEDRIVER, CERTUTIL)) {
            if (!Files.isExecutable(program)) {
                throw new BrowserException(program + " is missing; " + INSTALL);
            }
        }
        Path screenshots = Wpstack.ROOT.resolve(".wpstack/logs/browser").resolve(sanitise(suite));
        Path scratch = null;
        try {
            Files.createDirectories(screenshots);
            deleteScreenshots(screenshots);
            scratch = Files.createTempDirectory("wpstack-browser-");
            Path home = Files.createDirectories(scratch.resolve("home"));
            if (caPem != null) {
                trust(home, caPem);
            }
            Path log = screenshots.resolve("chromedriver.log");
            // An explicit driver executable is what keeps Selenium from running Selenium Manager.
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withEnvironment(Map.of("HOME", home.toString()))
                    .withLogFile(log.toFile())
                    .build();
            return new Browser(driver(service, scratch.resolve("profile"), log), screenshots, scratch);
        } catch (IOException e) {
            deleteQuietly(scratch);
            throw new UncheckedIOException("cannot prepare the browser's folders", e);
        } catch (RuntimeException e) {
            deleteQuietly(scratch);
            throw e;
        }
    }

    private static ChromeDriver driver(ChromeDriverService service, Path profile, Path log) {
        try {
            return new ChromeDriver(service, options(profile));
        } catch (WebDriverException e) {
            throw new BrowserException(
                    "cannot start " + CHROMIUM + " through " + CHROMEDRIVER + " (their versions must match; "
                            + INSTALL + "): "
                            + e.getMessage().lines().findFirst().orElse("")
                            + "; see " + log,
                    e);
        }
    }

    private static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1024",
                "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        return options;
    }

    /** Chromium on Linux takes locally added roots from the NSS database in $HOME/.pki/nssdb. */
    private static void trust(Path home, Path caPem) throws IOException {
        if (!Files.isRegularFile(caPem)) {
            throw new BrowserException("the CA certificate " + caPem + " does not exist; pass a PEM file");
        }
        String database = "sql:" + Files.createDirectories(home.resolve(".pki/nssdb"));
        certutil("-d", database, "-N", "--empty-password");
        certutil("-d", database, "-A", "-t", "C,,", "-n", "wpstack-ca", "-i", caPem.toString());
    }

    private static void certutil(String... args) {
        List<String> command = new ArrayList<>(List.of(CERTUTIL.toString()));
        command.addAll(List.of(args));
        Processes.run(command, Map.of(), null, null, COMMAND_TIMEOUT).orThrow();
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /**
     * Sends {@code Authorization: Basic ...} with every request of this tab from now on (to every origin, sub-resources
     * included), through the DevTools command Network.setExtraHTTPHeaders. It goes through chromedriver's own CDP
     * endpoint, so no selenium-devtools-vNNN matching chromium's version is needed (Selenium's start-up warning
     * "Unable to find CDP implementation matching NNN" is about that module and harmless here).
     */
    void basicAuth(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
    }

    /** Saves a screenshot as {@code NN-name.png} and returns its path. */
    Path step(String name) {
        steps++;
        Path file = screenshots.resolve("%02d-%s.png".formatted(steps, sanitise(name)));
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + file, e);
        }
        return file;
    }

    /** Waits until {@code condition} holds for the page; on timeout names {@code what}, the page and a screenshot. */
    void waitUntil(String what, Duration timeout, Predicate<WebDriver> condition) {
        Poll.until(
                what,
                timeout,
                () -> {
                    try {
                        return condition.test(driver);
                    } catch (WebDriverException e) {
                        return false;
                    }
                },
                this::describe);
    }

    void waitUntil(String what, Predicate<WebDriver> condition) {
        waitUntil(what, WAIT, condition);
    }

    /** Waits for an element matching {@code by} to be displayed and returns it. */
    WebElement visible(By by) {
        AtomicReference<WebElement> found = new AtomicReference<>();
        waitUntil(by + " to be displayed", page -> {
            WebElement element = page.findElement(by);
            found.set(element);
            return element.isDisplayed();
        });
        return found.get();
    }

    /** Puts {@code file} into the {@code <input type=file>} matching {@code input} (which may be hidden). */
    void upload(By input, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BrowserException("cannot upload " + file + ": no such file");
        }
        AtomicReference<WebElement> found = new AtomicReference<>();
        waitUntil(input + " to exist", page -> {
            found.set(page.findElement(input));
            return true;
        });
        found.get().sendKeys(file.toAbsolutePath().toString());
    }

    /** The browser's SEVERE log entries so far that report a failed load (an HTTP error status or net::ERR_*). */
    List<String> failedRequests() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            if (entry.getLevel().equals(Level.SEVERE)
                    && (message.contains("Failed to load resource") || message.contains("net::ERR_"))) {
                failedRequests.add(message);
            }
        }
        return List.copyOf(failedRequests);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(scratch);
        }
    }

    private String describe() {
        String page;
        try {
            page = "page: " + driver.getCurrentUrl() + " \"" + driver.getTitle() + "\"";
        } catch (WebDriverException e) {
            return "the browser does not answer: "
                    + e.getMessage().lines().findFirst().orElse("");
        }
        try {
            return page + ", screenshot: " + step("timeout");
        } catch (WebDriverException | UncheckedIOException e) {
            return page;
        }
    }

    static String sanitise(String name) {
        String safe =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return safe.isEmpty() ? "step" : safe;
    }

    private static void deleteScreenshots(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".png")).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + folder + ": " + e);
        }
    }
}
