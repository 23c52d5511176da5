package be.belfort.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.AlertStatus;
import be.belfort.schema.Severity;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in the system's headless Chromium (Debian packages chromium and chromium-driver; .ci/run
 * installs them): login, an alert produced on Kafka shows in the feed within 2 s, acknowledging it
 * reaches PostgreSQL and the audit log, and a screenshot of the dashboard lands in
 * {@code target/console-dashboard.png} for review. Nothing is downloaded: the driver path is given.
 */
class ConsoleBrowserITCase {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static ConsoleFixture fx;
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver; .ci/run does)");
        fx = new ConsoleFixture();
        profile = Files.createTempDirectory("belfort-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1920,1080", "--lang=nl");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1920, 1080));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (fx != null) fx.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void operator_sees_a_live_alert_and_acknowledges_it() throws Exception {
        String base = fx.console.url().toString();
        browser.get(base);
        assertTrue(browser.getCurrentUrl().endsWith("/login"), "not logged in: sent to the login page, was " + browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys(ConsoleFixture.SUPERVISOR);
        browser.findElement(By.id("password")).sendKeys(ConsoleFixture.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "LIVE"));
        // Something already in the store, so the dashboard has history around the live alert.
        fx.produce(ConsoleFixture.alert("browser-smoke", "brand", "dampoort", 9, Severity.medium, AlertStatus.open));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert-row[data-id='browser-smoke']")));

        long sent = System.nanoTime();
        fx.produce(ConsoleFixture.alert("browser-fight", "geweld", "binnenstad", 31, Severity.high, AlertStatus.open));
        WebElement row = new WebDriverWait(browser, Duration.ofSeconds(2), Duration.ofMillis(50)).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert-row[data-id='browser-fight']")));
        System.out.printf("alert on Kafka -> feed row in the browser: %d ms%n", (System.nanoTime() - sent) / 1_000_000);
        assertTrue(row.getText().contains("geweld"), row.getText());
        assertTrue(row.getText().contains("31"), row.getText());

        try (Connection c = fx.pg.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE alert_evidence SET author = ?, text = ?, terms = ?, created_at = now() "
                        + "WHERE alert_id = 'browser-fight' AND post_id = ?")) {
            // What the pipeline's sink stores beside the ids: pseudonymous author, text, matched terms.
            ps.setString(1, "p-3f9a2c");
            ps.setString(2, "Vechtpartij aan de Korenmarkt, politie is er al #gentsefeesten");
            ps.setArray(3, c.createArrayOf("text", new String[] {"vechtpartij", "politie"}));
            ps.setString(4, "tw-1");
            ps.executeUpdate();
        }
        row.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-title"), "geweld"));
        wait.until(d -> d.findElements(By.cssSelector("#chart canvas")).size() > 0);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#evidence mark"), "Vechtpartij"));
        browser.findElement(By.id("note")).sendKeys("ploeg ter plaatse");
        browser.findElement(By.cssSelector("button.act[data-action='acknowledge']")).click();
        wait.until(ExpectedConditions.attributeContains(By.id("d-state"), "class", "o-acknowledged"));

        try (Connection c = fx.pg.dataSource().getConnection()) {
            assertEquals(List.of("acknowledged", "acknowledge", "sofie", "ploeg ter plaatse"), row(c,
                    "SELECT a.operator_state, x.action, x.operator, x.note FROM alerts a JOIN alert_actions x ON x.alert_id = a.id WHERE a.id = ?"));
            assertEquals(List.of("sofie", "act", "acknowledge"), row(c,
                    "SELECT operator, event, detail FROM audit_log WHERE alert_id = ? AND event = 'act'"));
            assertEquals(List.of("sofie", "view_alert"), row(c,
                    "SELECT operator, event FROM audit_log WHERE alert_id = ? AND event = 'view_alert'"));
        }

        Thread.sleep(500); // let the map's markers and the activity shading settle for the picture
        Path shot = Path.of("target", "console-dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("dashboard screenshot: " + shot.toAbsolutePath());

        List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).collect(Collectors.toList());
        assertEquals(List.of(), problems, "browser console errors (CSP violations show up here)");
    }

    private static List<String> row(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "browser-fight");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql);
                List<String> out = new java.util.ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) out.add(rs.getString(i));
                return out;
            }
        }
    }
}
