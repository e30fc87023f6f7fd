package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.manager.SeleniumManager;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' own helper ({@link Browser}) in a real headless Chromium: each kind of fault
 * it must catch fails its check, a clean page passes. Pages come from a JDK HttpServer on 127.0.0.1
 * (the "site", the browser's allowed origin) and a second one (another origin); no Liberty.
 */
class BrowserIT {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static final Map<String, String> PAGES = new ConcurrentHashMap<>();
  private static HttpServer site;
  private static HttpServer elsewhere;
  private static Browser browser;

  @BeforeAll
  static void startServersAndBrowser() {
    site = server(BrowserIT::serveSite);
    elsewhere = server(BrowserIT::serveElsewhere);
    // One Chromium for the class: each test starts from a blank page with nothing pending.
    browser = Browser.open(url(site, "/"));
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      site.stop(0);
      elsewhere.stop(0);
    }
  }

  @BeforeEach
  void blankPage() {
    browser.driver().get("about:blank");
    browser.forget();
  }

  /** Each test reads what it provoked; anything else it left fails it here, not the next one. */
  @AfterEach
  void nothingLeftBehind() {
    browser.assertClean();
  }

  @Test
  void consoleErrorFailsTheCheckNamingTheMessage() {
    show("<script>console.error('marker-console-error'); document.title = 'done';</script>");

    assertThatThrownBy(browser::assertClean)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("browser console error")
        .hasMessageContaining("marker-console-error");
    // What failed the check was read: the next check passes.
    browser.assertClean();
  }

  @Test
  void uncaughtExceptionFailsTheCheck() {
    show(
        "<script>setTimeout(() => { document.title = 'done'; }, 0);"
            + " throw new Error('marker-uncaught');</script>");

    assertThatThrownBy(browser::assertClean)
        .hasMessageContaining("Uncaught")
        .hasMessageContaining("marker-uncaught");
  }

  @Test
  void unhandledPromiseRejectionFailsTheCheck() {
    show(
        "<script>Promise.reject(new Error('marker-rejected'));"
            + " setTimeout(() => { document.title = 'done'; }, 0);</script>");

    assertThatThrownBy(browser::assertClean).hasMessageContaining("marker-rejected");
  }

  @Test
  void refusedRequestToAnotherOriginFailsTheCheckNamingTheUrl() {
    show(
        "<script>fetch('http://127.0.0.2:9/x')"
            + ".catch(() => { document.title = 'done'; });</script>");

    assertThatThrownBy(browser::assertClean)
        .hasMessageContaining("request to another origin than " + Browser.origin(url(site, "/")))
        .hasMessageContaining("http://127.0.0.2:9/x");
  }

  @Test
  void quietRequestToAnotherOriginFailsTheCheckEvenWithoutAConsoleError() {
    String foreign = url(elsewhere, "/pixel");
    show(
        "<script>fetch('"
            + foreign
            + "', {mode: 'no-cors'}).then(() => { document.title = 'done'; });</script>");

    AssertionError failure = catchThrowableOfType(AssertionError.class, browser::assertClean);
    assertThat(failure)
        .hasMessageContaining("request to another origin")
        .hasMessageContaining(foreign);
    // The request itself succeeded: only the origin check saw it.
    assertThat(failure.getMessage()).doesNotContain("browser console error");
  }

  @Test
  void cleanPagePassesAndItsScreenshotIsAPng() throws IOException {
    show(
        "<h1>Clean</h1><input id='name'><button id='go'>Go</button><p id='out'></p>"
            + "<script>console.log('info is fine'); console.warn('so is a warning');"
            + " document.getElementById('go').onclick = () => fetch('/data')"
            + ".then(r => r.json()).then(j => { document.getElementById('out').textContent ="
            + " document.getElementById('name').value + ' ' + j.answer; });"
            + " document.title = 'done';</script>");

    browser.type(By.id("name"), "Ada");
    browser.click(By.id("go"));
    browser.waitForText(By.id("out"), "Ada 42");
    browser.assertClean();

    Path shot = browser.shot("clean-page");
    assertThat(shot.getFileName().toString()).matches("\\d{2}-clean-page\\.png");
    assertThat(shot.getParent().getFileName().toString()).isEqualTo("console-screens");
    byte[] png = Files.readAllBytes(shot);
    assertThat(png.length).isGreaterThan(1000);
    assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
  }

  @Test
  void resizeSetsTheViewportWidth() {
    try {
      browser.resize(390, 844);
      show("<script>document.title = 'done';</script>");
      Object width = ((JavascriptExecutor) browser.driver()).executeScript("return innerWidth");
      assertThat(((Number) width).intValue()).isEqualTo(390);
    } finally {
      browser.resize(1280, 900);
    }
  }

  @Test
  void declaredConsoleErrorIsLetThroughExactlyOnce() {
    String twoRefusals =
        "<script>fetch('/denied').then(() => fetch('/denied'))"
            + ".then(() => { document.title = 'done'; });</script>";
    String oneRefusal =
        "<script>fetch('/denied').then(() => { document.title = 'done'; });</script>";

    browser.expectConsoleError("status of 401");
    show(oneRefusal);
    browser.assertClean();

    browser.expectConsoleError("status of 401");
    show(twoRefusals);
    AssertionError failure = catchThrowableOfType(AssertionError.class, browser::assertClean);
    assertThat(failure).hasMessageContaining("status of 401");
    assertThat(failure.getMessage().lines()).hasSize(1);

    // The declaration was used up: the same refusal now fails the check.
    show(oneRefusal);
    assertThatThrownBy(browser::assertClean).hasMessageContaining("status of 401");
  }

  @Test
  void declaredConsoleErrorThatNeverAppearsFailsTheCheck() {
    browser.expectConsoleError("status of 401");
    show("<script>document.title = 'done';</script>");

    assertThatThrownBy(browser::assertClean)
        .hasMessageContaining("expected browser console error never logged: 'status of 401'");
  }

  @Test
  void closeFailsWhenTheLastPageLeftAnErrorAndStillQuitsChromium() {
    Browser other = Browser.open(url(site, "/"));
    Path profile = other.profile();
    assertThat(profile).isDirectory();
    PAGES.put("/left-error", page("<script>console.error('marker-left-behind');</script>"));
    other.get("/left-error");

    assertThatThrownBy(other::close).hasMessageContaining("marker-left-behind");
    assertThat(profile).doesNotExist();
    assertThatThrownBy(() -> other.driver().getTitle()).isInstanceOf(WebDriverException.class);
  }

  @Test
  void seleniumManagerCannotRun() {
    // The build points Selenium Manager at a file that does not exist: were anything to ask it
    // for a browser or a driver, it would fail here instead of downloading one.
    String path = System.getenv("SE_MANAGER_PATH");
    assertThat(path).as("SE_MANAGER_PATH (set by the pom for failsafe)").isNotBlank();
    assertThat(Path.of(path)).doesNotExist();
    assertThatThrownBy(
            () ->
                SeleniumManager.getInstance()
                    .getBinaryPaths(List.of("--browser", "chrome", "--offline")))
        .hasMessageContaining(path);
  }

  /** Serves {@code body} as this test's page and shows it until its script titles it "done". */
  private static void show(String body) {
    String path =
        "/" + StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).get().getMethodName();
    PAGES.put(path, page(body));
    browser.get(path);
    new WebDriverWait(browser.driver(), Browser.WAIT).until(ExpectedConditions.titleIs("done"));
  }

  private static String page(String body) {
    return "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        + "<link rel='icon' href='data:,'><title>loading</title></head><body>"
        + body
        + "</body></html>";
  }

  private static void serveSite(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String page = PAGES.get(path);
    if (page != null) {
      respond(exchange, 200, "text/html; charset=utf-8", page);
    } else if (path.equals("/data")) {
      respond(exchange, 200, "application/json", "{\"answer\":42}");
    } else if (path.equals("/denied")) {
      respond(exchange, 401, "application/problem+json", "{\"code\":\"missing_token\"}");
    } else {
      respond(exchange, 404, "text/plain", "not found");
    }
  }

  private static void serveElsewhere(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "text/plain", "elsewhere");
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static HttpServer server(com.sun.net.httpserver.HttpHandler handler) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", handler);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String url(HttpServer server, String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }
}
