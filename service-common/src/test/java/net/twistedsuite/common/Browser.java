package net.twistedsuite.common;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, for tests of web pages. The driver and browser are the
 * system's ({@code chromium} and {@code chromium-driver} on Debian), named explicitly so that
 * Selenium never looks for or downloads one; where they are missing the test is skipped and says
 * why. Register it on the test class ({@code @RegisterExtension final Browser browser = new
 * Browser();}): each test gets a browser with a fresh profile, started before the class's
 * {@code @BeforeEach} methods and closed after the test.
 */
public final class Browser implements BeforeEachCallback, AfterEachCallback {

  /** How long a page is waited for: generously, as the machine may be loaded. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private ChromeDriverService service;
  private ChromeDriver driver;
  private Path profile;
  private String site;

  /** Starts a browser with a fresh profile, or skips the test if none is installed. */
  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(CHROMIUM),
        "browser test skipped: needs chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER
            + "); .ci/install-test-tools installs them");
    profile = Files.createTempDirectory("chromium-profile");
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .withLogOutput(java.io.OutputStream.nullOutputStream())
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
    driver = new ChromeDriver(service, options);
  }

  public WebDriver driver() {
    return driver;
  }

  /** The web server under test, on loopback at {@code port}, that {@link #open} takes paths of. */
  public void site(int port) {
    site = "http://127.0.0.1:" + port;
  }

  /** Loads {@code path} of the {@link #site} as a visitor typing its address would. */
  public void open(String path) {
    if (site == null) {
      throw new IllegalStateException("no site to open " + path + " on: call site(port) first");
    }
    driver.get(site + path);
  }

  /** Runs {@code script} in the page, with {@code args} as its {@code arguments}, and returns its result. */
  public Object script(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Waits up to {@link #WAIT} until {@code condition} gives non-null/true. */
  public <T> T await(Function<WebDriver, T> condition) {
    return await(WAIT, condition);
  }

  /** Waits up to {@code timeout} until {@code condition} gives non-null/true. */
  public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (service != null) {
        service.stop();
      }
      if (profile != null) {
        deleteTree(profile);
      }
      driver = null;
      service = null;
      profile = null;
      site = null;
    }
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A leftover profile in the temporary directory harms nothing.
    }
  }
}
