package it.dev.gatehouse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's, driven by its ChromeDriver) for the console's end-to-end
 * tests, which fails the test on any browser-console error or uncaught exception and on any request
 * to an origin other than Gatehouse's.
 *
 * <p>The binaries are named explicitly ({@code -Dgatehouse.test.chromium}, default {@code
 * /usr/bin/chromium}; {@code -Dgatehouse.test.chromedriver}, default {@code /usr/bin/chromedriver};
 * {@code src/test/chromium/chromium.sh} installs them), so Selenium Manager, which would download a
 * browser and a driver, never runs. Console messages and requests come from ChromeDriver's logs
 * ({@code goog:loggingPrefs}: the {@code browser} log at level SEVERE holds {@code console.error},
 * uncaught exceptions and failed loads; the {@code performance} log's {@code
 * Network.requestWillBeSent} holds every request of the page), which ChromeDriver keeps until they
 * are read, whatever Chromium's version: no DevTools connection of Selenium's own is needed. A
 * request made by a worker rather than by the page is not in that log (the console uses none).
 * Everything it writes goes under {@code target/}: a fresh profile (deleted on close),
 * ChromeDriver's log ({@code target/browser/chromedriver-<n>.log}) and screenshots ({@code
 * target/console-screens/<NN>-<name>.png}).
 */
public final class Browser implements AutoCloseable {
  /** How long {@link #waitFor}, {@link #waitForText}, {@link #click} and {@link #type} wait. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** The bound on a page load and on a script. */
  static final Duration PAGE_LOAD = Duration.ofSeconds(30);

  /** How long {@link #assertClean} waits for a declared error that has not shown up yet. */
  static final Duration EXPECTED_ERROR_GRACE = Duration.ofSeconds(3);

  /**
   * Selenium warns at every start when it has no DevTools bindings for this Chromium's version;
   * this helper uses none (only ChromeDriver's logs), so the warning is noise. Held here so the
   * setting is not collected with the logger.
   */
  private static final Logger CDP_VERSION_LOG =
      quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private static final AtomicInteger OPENED = new AtomicInteger();
  private static final AtomicInteger SHOTS = new AtomicInteger();
  private static final AtomicBoolean SHOTS_CLEARED = new AtomicBoolean();

  private final String baseUrl;
  private final String origin;
  private final Path profile;
  private final Path driverLog;
  private final ChromeDriver driver;
  private final List<String> expectedErrors = new ArrayList<>();

  private Browser(String baseUrl, Path profile, Path driverLog, ChromeDriver driver) {
    this.baseUrl = baseUrl;
    this.origin = origin(baseUrl);
    this.profile = profile;
    this.driverLog = driverLog;
    this.driver = driver;
  }

  /**
   * Starts a headless Chromium (1280×900, en-US, a fresh profile) whose pages may talk to {@code
   * baseUrl}'s origin only.
   */
  public static Browser open(String baseUrl) {
    origin(baseUrl); // an http(s) URL, or nothing is started
    Path dir = target().resolve("browser");
    int n = OPENED.incrementAndGet();
    Path profile;
    try {
      Files.createDirectories(dir);
      profile = Files.createTempDirectory(dir, "profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path driverLog = dir.resolve("chromedriver-" + n + ".log");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                executable("gatehouse.test.chromedriver", "/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .withLogFile(driverLog.toFile())
            .withLogLevel(ChromiumDriverLogLevel.INFO)
            .withReadableTimestamp(true)
            .build();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(executable("gatehouse.test.chromium", "/usr/bin/chromium"));
    // The flags that keep Chromium quiet on a machine with a closed network (no background
    // connections, no lookups of Google's hosts at start, no proxy from the environment), and
    // root-friendly (no sandbox).
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--no-proxy-server",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1280,900",
        "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    options.setExperimentalOption(
        "perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
    options.setPageLoadTimeout(PAGE_LOAD);
    options.setScriptTimeout(PAGE_LOAD);
    options.setImplicitWaitTimeout(Duration.ZERO);

    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      deleteTree(profile);
      throw new IllegalStateException(
          "Chromium did not start (ChromeDriver's log: " + driverLog + ")", e);
    }
    return new Browser(baseUrl, profile, driverLog, driver);
  }

  /** The WebDriver, for anything the helpers do not cover. */
  public WebDriver driver() {
    return driver;
  }

  /** The base URL this browser was opened for. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The profile directory ({@code --user-data-dir}), deleted on close. */
  Path profile() {
    return profile;
  }

  /** ChromeDriver's log, for diagnosis. */
  public Path driverLog() {
    return driverLog;
  }

  /** Loads {@code path} (e.g. {@code /console/}) from the base URL. */
  public void get(String path) {
    driver.get(baseUrl.replaceAll("/+$", "") + path);
  }

  /** The element {@code by} finds, once it is visible (at most {@link #WAIT}). */
  public WebElement waitFor(By by) {
    return await().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** The element {@code by} finds, once it is visible and its text contains {@code text}. */
  public WebElement waitForText(By by, String text) {
    await()
        .withMessage(() -> "text '" + text + "' in " + by)
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return waitFor(by);
  }

  /** Waits until nothing {@code by} finds is left (at most {@link #WAIT}). */
  public void waitGone(By by) {
    await()
        .withMessage(() -> "no more " + by)
        .until(ExpectedConditions.numberOfElementsToBe(by, 0));
  }

  /** Clicks the element {@code by} finds, once it is clickable. */
  public void click(By by) {
    WebElement e = await().until(ExpectedConditions.elementToBeClickable(by));
    // In the middle of the viewport: not under a sticky bar at its edge.
    ((JavascriptExecutor) driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", e);
    e.click();
  }

  /** Replaces the text of the input {@code by} finds with {@code text}. */
  public void type(By by, String text) {
    WebElement input = await().until(ExpectedConditions.elementToBeClickable(by));
    input.clear();
    input.sendKeys(text);
  }

  /** Resizes the window (e.g. 390 wide for a phone). */
  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /**
   * Saves a screenshot of the page to {@code target/console-screens/<NN>-<name>.png}, NN being the
   * order in which this test run took it (the first one of a run clears the folder's old ones).
   */
  public Path shot(String name) {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("a screenshot's name is letters, digits, . _ -: " + name);
    }
    Path dir = target().resolve("console-screens");
    try {
      if (SHOTS_CLEARED.compareAndSet(false, true)) {
        deleteTree(dir);
      }
      Files.createDirectories(dir);
      Path file = dir.resolve(String.format("%02d-%s.png", SHOTS.incrementAndGet(), name));
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lets one browser-console error containing {@code substring} through the next {@link
   * #assertClean} (e.g. Chromium's "the server responded with a status of 401" for a refusal the
   * test provokes). Declared twice, it lets two through. A declared error that never shows up fails
   * that {@code assertClean}.
   */
  public void expectConsoleError(String substring) {
    expectedErrors.add(substring);
  }

  /**
   * Fails when the pages shown since the last check logged a console error or an uncaught exception
   * (other than those declared with {@link #expectConsoleError}), when a declared one did not
   * appear, or when a page sent a request to another origin than the base URL's ({@code data:},
   * {@code blob:} and {@code about:} allowed). What it read is forgotten, and so are the
   * declarations, whether it passes or fails.
   */
  public void assertClean() {
    List<String> errors = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    List<String> expected = new ArrayList<>(expectedErrors);
    expectedErrors.clear();
    long deadline = System.nanoTime() + EXPECTED_ERROR_GRACE.toNanos();
    while (true) {
      readLogs(errors, foreign, expected);
      if (expected.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Waits.sleep(100);
    }
    List<String> problems = new ArrayList<>();
    for (String e : errors) {
      problems.add("browser console error: " + e);
    }
    for (String e : expected) {
      problems.add("expected browser console error never logged: '" + e + "'");
    }
    for (String url : foreign) {
      problems.add("request to another origin than " + origin + ": " + url);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
  }

  /** Forgets what the pages logged and requested so far, and any declared error, unchecked. */
  public void forget() {
    expectedErrors.clear();
    driver.manage().logs().get(LogType.BROWSER);
    driver.manage().logs().get(LogType.PERFORMANCE);
  }

  /** Checks the last pages ({@link #assertClean}), then quits Chromium and deletes its profile. */
  @Override
  public void close() {
    try {
      assertClean();
    } finally {
      try {
        driver.quit();
      } finally {
        deleteProfile();
      }
    }
  }

  private void readLogs(List<String> errors, List<String> foreign, List<String> expected) {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() < Level.SEVERE.intValue()) {
        continue;
      }
      String message = entry.getMessage();
      if (!consume(expected, message)) {
        errors.add(message);
      }
    }
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      String url = requestUrl(entry.getMessage());
      if (url != null && !allowed(url)) {
        foreign.add(url);
      }
    }
  }

  private static boolean consume(List<String> expected, String message) {
    for (Iterator<String> it = expected.iterator(); it.hasNext(); ) {
      if (message.contains(it.next())) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  /** The URL of a {@code Network.requestWillBeSent} entry of the performance log, else null. */
  static String requestUrl(String perfMessage) {
    JsonObject message;
    try (JsonReader reader = Json.createReader(new StringReader(perfMessage))) {
      message = reader.readObject().getJsonObject("message");
    }
    if (message == null || !"Network.requestWillBeSent".equals(message.getString("method", ""))) {
      return null;
    }
    JsonObject params = message.getJsonObject("params");
    JsonValue request = params == null ? null : params.get("request");
    if (request == null || request.getValueType() != JsonValue.ValueType.OBJECT) {
      return null;
    }
    return request.asJsonObject().getString("url", null);
  }

  private boolean allowed(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:") || lower.startsWith("blob:") || lower.startsWith("about:")) {
      return true;
    }
    // Chromium's own pages (the new-tab page a fresh window may show first) load their parts
    // from chrome:// inside the browser: no network, and not the page under test.
    if (lower.startsWith("chrome:") || lower.startsWith("chrome-untrusted:")) {
      return true;
    }
    try {
      return origin.equals(origin(url));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code scheme://host:port}, the port made explicit. */
  static String origin(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.SEVERE);
    return logger;
  }

  private WebDriverWait await() {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private static File executable(String property, String fallback) {
    File file = new File(System.getProperty(property, fallback));
    if (!file.canExecute()) {
      throw new IllegalStateException(
          "no executable "
              + file
              + " (-D"
              + property
              + "): run `bash src/test/chromium/chromium.sh ensure` as root, or name another");
    }
    return file;
  }

  private static Path target() {
    return Paths.get(System.getProperty("gatehouse.test.target", "target")).toAbsolutePath();
  }

  /** Deletes the profile; Chromium's last processes may still be writing to it for a moment. */
  private void deleteProfile() {
    for (int attempt = 1; ; attempt++) {
      try {
        deleteTree(profile);
        return;
      } catch (UncheckedIOException e) {
        if (attempt == 10) {
          throw e;
        }
        Waits.sleep(200);
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
