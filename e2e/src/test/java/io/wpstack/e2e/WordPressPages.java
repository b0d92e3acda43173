package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** What a WordPress administrator does in wp-admin, in a real browser, one screenshot per step. */
final class WordPressPages {
    private static final Duration SLOW = Duration.ofSeconds(90);

    private final Browser browser;
    private final String site;

    WordPressPages(Browser browser, String site) {
        this.browser = browser;
        this.site = site;
    }

    /** WordPress's Site Health, as its screen shows it once every test (direct and async) has run. */
    record SiteHealth(List<String> critical, List<String> recommended, List<String> good) {
        /** Critical items besides "could not reach WordPress.org", the truth on a machine with no route to it. */
        List<String> criticalBesidesWordPressOrg() {
            return critical.stream()
                    .filter(title -> !title.contains("WordPress.org"))
                    .toList();
        }

        @Override
        public String toString() {
            return "%d critical %s, %d recommended %s, %d good"
                    .formatted(critical.size(), critical, recommended.size(), recommended, good.size());
        }
    }

    void logIn(String user, String password) {
        browser.open(site + "/wp-login.php");
        browser.visible(By.id("user_login")).sendKeys(user);
        browser.visible(By.id("user_pass")).sendKeys(password);
        browser.step("login form");
        browser.visible(By.id("wp-submit")).click();
        browser.waitUntil("the dashboard after the login", page -> !page.findElements(By.id("wpadminbar"))
                .isEmpty());
        browser.step("dashboard");
    }

    SiteHealth siteHealth() {
        browser.open(site + "/wp-admin/site-health.php");
        browser.waitUntil(
                "Site Health to finish its tests",
                SLOW,
                page -> Boolean.TRUE.equals(js("const w = document.querySelector('.site-health-progress-wrapper');"
                        + " return w !== null && !w.classList.contains('loading');")));
        // Open every item so that the screenshot shows what Site Health says.
        js("document.querySelectorAll('.health-check-accordion-trigger[aria-expanded=false]')"
                + ".forEach(b => { if (!b.closest('#health-check-issues-good')) b.click(); });");
        browser.step("site health");
        return new SiteHealth(titles("critical"), titles("recommended"), titles("good"));
    }

    private List<String> titles(String kind) {
        Object found = js("return Array.from(document.querySelectorAll('#health-check-site-status-" + kind
                + " .health-check-accordion-trigger .title')).map(e => e.textContent.trim());");
        return ((List<?>) found).stream().map(String::valueOf).toList();
    }

    /** Uploads a plugin ZIP through Plugins > Add New > Upload Plugin and activates it. */
    void installAndActivatePlugin(Path zip, String name) {
        browser.open(site + "/wp-admin/plugin-install.php?tab=upload");
        browser.upload(By.id("pluginzip"), zip);
        browser.step("plugin zip chosen");
        browser.visible(By.id("install-plugin-submit")).click();
        waitForText("the plugin to be installed", "Plugin installed successfully");
        assertNoFilesystemPrompt();
        browser.step("plugin installed");
        browser.visible(By.cssSelector("a[href*='action=activate']")).click();
        waitForText("the plugin to be activated", "Plugin activated");
        assertTrue(pageText().contains(name), "the plugin list lacks " + name);
        browser.step("plugin activated");
    }

    /** Deactivates and deletes a plugin from the Plugins screen. */
    void deactivateAndDeletePlugin(String slug) {
        browser.open(site + "/wp-admin/plugins.php");
        browser.visible(By.cssSelector("a[href*='action=deactivate'][href*='" + slug + "']"))
                .click();
        waitForText("the plugin to be deactivated", "Plugin deactivated");
        browser.step("plugin deactivated");
        browser.visible(By.cssSelector("tr[data-slug='" + slug + "'] a.delete")).click();
        browser.driver().switchTo().alert().accept();
        waitForText("the plugin to be deleted", "was successfully deleted");
        assertNoFilesystemPrompt();
        browser.step("plugin deleted");
    }

    /** Uploads a theme ZIP through Appearance > Themes > Add New > Upload Theme and activates it. */
    void installAndActivateTheme(Path zip, String name) {
        browser.open(site + "/wp-admin/theme-install.php");
        browser.visible(By.cssSelector(".upload-view-toggle")).click();
        browser.upload(By.id("themezip"), zip);
        browser.step("theme zip chosen");
        browser.visible(By.id("install-theme-submit")).click();
        waitForText("the theme to be installed", "Theme installed successfully");
        assertNoFilesystemPrompt();
        browser.step("theme installed");
        browser.visible(By.cssSelector("a.activatelink")).click();
        waitForText("the theme to be activated", "New theme activated");
        assertTrue(pageText().contains(name), "the themes screen lacks " + name);
        browser.step("theme activated");
    }

    /** Activates {@code fallback} again, then deletes the theme {@code slug} (the link of its details overlay). */
    void switchBackAndDeleteTheme(String slug, String fallback) {
        browser.open(site + "/wp-admin/themes.php");
        browser.open(themeAction(fallback, "activate"));
        waitForText("the fallback theme to be activated", "New theme activated");
        browser.open(themeAction(slug, "delete"));
        waitForText("the theme to be deleted", "Theme deleted");
        assertNoFilesystemPrompt();
        browser.step("theme deleted");
    }

    private String themeAction(String slug, String action) {
        browser.waitUntil("the themes screen's data", page -> js("return !!(window.wp && wp.themes && wp.themes.data);")
                .equals(Boolean.TRUE));
        Object url = js("const t = wp.themes.data.themes.find(t => t.id === '" + slug + "');"
                + " return t ? t.actions['" + action + "'] : null;");
        assertTrue(url instanceof String, "no " + action + " link for the theme " + slug);
        return ((String) url).replace("&amp;", "&");
    }

    /** Uploads an image to the media library (the browser uploader) and returns its file name. */
    void uploadMedia(Path image) {
        browser.open(site + "/wp-admin/media-new.php?browser-uploader");
        browser.upload(By.id("async-upload"), image);
        browser.step("image chosen");
        browser.visible(By.id("html-upload")).click();
        browser.waitUntil("the media library after the upload", page -> page.getCurrentUrl()
                .contains("upload.php"));
        browser.step("image uploaded");
    }

    /**
     * Writes a post in the block editor with the newest image of the media library and publishes it; returns
     * the post's URL.
     */
    String publishPostWithNewestImage(String title) {
        browser.open(site + "/wp-admin/post-new.php");
        browser.waitUntil(
                "the block editor",
                SLOW,
                page -> Boolean.TRUE.equals(js("return !!(window.wp && wp.data && wp.blocks"
                        + " && wp.data.select('core/editor') && wp.data.select('core/editor').getCurrentPostId());")));
        js("wp.data.dispatch('core/preferences') && wp.data.dispatch('core/preferences')"
                + ".set('core/edit-post', 'welcomeGuide', false);");
        Object done = ((JavascriptExecutor) browser.driver())
                .executeAsyncScript(
                        "const [title, callback] = arguments;"
                                + " wp.apiFetch({path: '/wp/v2/media?per_page=1&orderby=date&order=desc'})"
                                + ".then(([m]) => { wp.data.dispatch('core/block-editor').insertBlocks(["
                                + " wp.blocks.createBlock('core/paragraph', {content: 'Written in a real browser by"
                                + " the e2e suite.'}),"
                                + " wp.blocks.createBlock('core/image', {id: m.id, url: m.source_url, alt: title})]);"
                                + " wp.data.dispatch('core/editor').editPost({title: title});"
                                + " callback('ok'); }).catch(e => callback('error: ' + e.message));",
                        title);
        assertTrue("ok".equals(done), "the editor could not insert the image: " + done);
        browser.step("post written");
        browser.visible(By.cssSelector(".editor-post-publish-button__button, .editor-post-publish-panel__toggle"))
                .click();
        browser.visible(By.cssSelector(".editor-post-publish-panel__header-publish-button button"))
                .click();
        browser.waitUntil(
                "the post to be published",
                SLOW,
                page -> Boolean.TRUE.equals(js("return wp.data.select('core/editor').isCurrentPostPublished()"
                        + " && !wp.data.select('core/editor').isSavingPost();")));
        browser.step("post published");
        return String.valueOf(js("return wp.data.select('core/editor').getPermalink();"));
    }

    /** The front page shows the post's title and its image, loaded. */
    void assertFrontPageShows(String title, String imageName) {
        browser.open(site + "/");
        browser.waitUntil("the front page to show " + title, page -> pageText().contains(title));
        browser.waitUntil(
                "the image " + imageName + " to be loaded on the front page",
                page -> Boolean.TRUE.equals(js("return Array.from(document.images).some(i => i.src.includes('"
                        + imageName + "') && i.complete && i.naturalWidth > 0);")));
        browser.step("front page with the post");
    }

    String pageText() {
        return browser.driver().findElement(By.tagName("body")).getText();
    }

    private void waitForText(String what, String text) {
        browser.waitUntil(what + " (\"" + text + "\")", SLOW, page -> pageText().contains(text));
    }

    private void assertNoFilesystemPrompt() {
        String text = pageText();
        assertFalse(
                text.contains("Connection Information") || text.contains("FTP"),
                "WordPress asked for FTP credentials: " + text.substring(0, Math.min(500, text.length())));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script);
    }

    // --- test material -------------------------------------------------------------------------

    /** A plugin ZIP whose plugin prints {@code marker} in every page's footer. */
    static Path pluginZip(Path dir, String slug, String name, String marker) {
        return zip(
                dir.resolve(slug + ".zip"),
                Map.of(
                        slug + "/" + slug + ".php",
                        "<?php\n/**\n * Plugin Name: " + name + "\n * Version: 1.0\n */\n"
                                + "add_action('wp_footer', function () { echo '<p>" + marker + "</p>'; });\n"));
    }

    /** A classic theme ZIP (style.css and index.php) that prints {@code marker}. */
    static Path themeZip(Path dir, String slug, String name, String marker) {
        return zip(
                dir.resolve(slug + ".zip"),
                Map.of(
                        slug + "/style.css",
                        "/*\nTheme Name: " + name + "\nVersion: 1.0\n*/\n",
                        slug + "/index.php",
                        "<?php wp_head(); ?><p>" + marker + "</p><?php wp_footer();\n"));
    }

    /** A small PNG (a 64x48 gradient) made here, so the upload has real image data for Imagick. */
    static Path png(Path file) {
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 0x80);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            javax.imageio.ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path zip(Path file, Map<String, String> entries) {
        try {
            Files.createDirectories(file.getParent());
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
                for (Map.Entry<String, String> entry : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static final Pattern PEM = Pattern.compile("-----BEGIN CERTIFICATE-----[\\s\\S]+?-----END CERTIFICATE-----");
}
