package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's walk in a real headless Chromium, as a new admin does it: sign in; create a
 * workspace; add a Clerk provider for the test IdP and fetch its keys; write a policy with a typo,
 * see the error at its field, fix it; paste a token in the playground and see its attributes; run
 * the check tester and follow a failing condition to its policy; find a real check's decision in
 * the log and re-run it; a stale policy edit is refused and kept; the same pages at 390 px; delete
 * the workspace after a confirmation naming it; sign out and be refused. Browser-console errors and
 * any request to another origin fail it (docs/console.md). Screenshots go to
 * target/console-screens/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT extends OnSharedServer {
  static Browser browser;
  static String ws;
  static String tenant;
  static String memberToken;
  static String policyId;
  static String sessionCookie;
  static String csrfToken;

  @BeforeAll
  static void openBrowser() {
    ws = Workspaces.unique("console");
    tenant = Workspaces.unique("console-idp");
    memberToken =
        idp.mint(
            tenant,
            Map.of(
                "sub", "user_console_member", "org_role", "member", "azp", "https://app.example"));
    browser = Browser.open(server.baseUrl());
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  private static String console(String fragment) {
    return server.baseUrl() + "/console/" + fragment;
  }

  @Test
  @Order(1)
  void signsInWithTheAdminAccountUsingTheKeyboard() {
    browser.driver().get(console(""));
    WebElement user = browser.waitFor(By.id("signin-user"));
    browser.shot("sign-in");
    user.clear();
    user.sendKeys(server.adminUser(), Keys.TAB, server.adminPassword(), Keys.ENTER);
    browser.waitForText(By.cssSelector("h1"), "Workspaces");
    assertThat(browser.driver().findElement(By.id("sign-out")).isDisplayed()).isTrue();
    // The session cookie is on the API's path only, out of the pages' sight (HttpOnly).
    assertThat(browser.driver().manage().getCookieNamed("gatehouse_console")).isNull();
    assertThat(
            (String)
                ((JavascriptExecutor) browser.driver()).executeScript("return document.cookie;"))
        .doesNotContain("gatehouse_console");
    browser.assertClean();
    Cookie cookie = readSession();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(cookie.getPath()).isEqualTo("/api/v1/");
    // The session survives a reload of the console.
    browser.driver().get(console("#/workspaces"));
    browser.driver().navigate().refresh();
    browser.waitForText(By.cssSelector("h1"), "Workspaces");
    browser.assertClean();
  }

  @Test
  @Order(2)
  void createsAWorkspace() {
    browser.driver().get(console("#/workspaces"));
    browser.waitFor(By.id("workspaces-table"));
    browser.type(By.id("ws-name"), ws);
    browser.type(By.id("ws-description"), "Made by the console walk");
    browser.shot("workspaces");
    browser.click(By.cssSelector("#workspace-create button[type=submit]"));
    browser.waitForText(By.cssSelector("h1"), "Providers in " + ws);
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws).status()).isEqualTo(200);
    browser.assertClean();
  }

  @Test
  @Order(3)
  void addsAClerkProviderAndFetchesItsKeys() {
    browser.click(By.id("add-provider"));
    browser.waitFor(By.id("provider-form"));
    // Clerk is the first preset, chosen already, with its plan mapping.
    assertThat(
            new Select(browser.driver().findElement(By.id("provider-type")))
                .getFirstSelectedOption()
                .getText())
        .isEqualTo("Clerk");
    browser.type(By.id("provider-name"), "Test IdP");
    browser.type(By.id("provider-issuer"), idp.issuer(tenant));
    browser.type(By.id("provider-jwks"), idp.jwksUri(tenant));
    browser.type(By.id("provider-parties"), "https://app.example");
    browser.click(By.id("add-mapping"));
    List<WebElement> rows =
        browser.driver().findElements(By.cssSelector("fieldset.mappings tbody tr"));
    assertThat(rows).hasSize(2);
    List<WebElement> inputs = rows.get(1).findElements(By.tagName("input"));
    inputs.get(0).sendKeys("org_role");
    inputs.get(1).sendKeys("role");
    browser.shot("provider-new");
    browser.click(By.id("provider-save"));
    browser.waitFor(By.id("keys-panel"));
    browser.click(By.id("refresh-keys"));
    browser.waitForText(By.id("key-state"), "fresh");
    assertThat(browser.driver().findElement(By.id("keys-table")).getText())
        .contains(idp.key(tenant).getKeyID());
    // The cache's times say how far they are from now.
    assertThat(browser.driver().findElement(By.id("keys-panel")).getText())
        .containsPattern("Fetched\\s+\\S+ \\S+ UTC \\((now|\\d+ s ago)\\)")
        .containsPattern("Next refresh\\s+\\S+ \\S+ UTC \\(in \\d+ (s|min)\\)");
    browser.shot("provider");
    browser.assertClean();
  }

  @Test
  @Order(4)
  void showsAPolicyTypoAtItsFieldAndSavesTheFix() {
    browser.driver().get(console("#/w/" + ws + "/policies"));
    browser.click(By.id("new-policy"));
    browser.waitFor(By.id("policy-form"));
    browser.type(By.id("policy-name"), "order_approval");
    browser.type(By.id("policy-resources"), "orders");
    browser.type(By.id("policy-actions"), "approve");
    WebElement rule = browser.driver().findElement(By.cssSelector("li.rule"));
    WebElement ruleId = rule.findElement(By.cssSelector(".rule-head input"));
    ruleId.clear();
    ruleId.sendKeys("managers");
    WebElement fn = rule.findElement(By.cssSelector("li.condition input.fn"));
    fn.clear();
    fn.sendKeys("string_equalz");
    WebElement attribute = rule.findElement(By.cssSelector("li.condition input.attr"));
    attribute.clear();
    attribute.sendKeys("ext_role");
    WebElement operand = rule.findElement(By.cssSelector("li.condition input.operand"));
    operand.clear();
    operand.sendKeys("manager");
    browser.expectConsoleError("status of 400");
    browser.click(By.id("policy-save"));
    // The error is shown at the function field of that condition.
    WebElement error = browser.waitFor(By.cssSelector("li.condition .field-error"));
    assertThat(error.getText()).contains("string_equalz").contains("did you mean 'string_equal'");
    assertThat(fn.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(fn.getAttribute("data-pointer"))
        .isEqualTo("/specification/rules/0/conditions/0/function");
    browser.shot("policy-error");
    browser.assertClean();
    fn.clear();
    fn.sendKeys("string_equal");
    browser.click(By.id("policy-save"));
    browser.waitForText(By.cssSelector(".notice.success"), "Policy saved.");
    policyId = browser.driver().getCurrentUrl().replaceAll(".*/policies/([^?]+).*", "$1");
    Http.Reply stored = admin.get("/api/v1/admin/workspaces/" + ws + "/policies/" + policyId);
    assertThat(stored.status()).isEqualTo(200);
    assertThat(stored.data().getJsonObject("specification").toString())
        .contains(
            "{\"function\":\"string_equal\",\"attribute\":\"ext_role\",\"value\":\"manager\"}")
        .contains("\"rule_id\":\"managers\"");
    browser.shot("policy");
    browser.assertClean();
  }

  @Test
  @Order(5)
  void inTheJsonTabAnErrorSaysItsLineAndSelectsItsValue() {
    browser.driver().get(console("#/w/" + ws + "/policies/" + policyId));
    browser.click(By.id("tab-json"));
    WebElement json = browser.waitFor(By.id("policy-json"));
    String text = json.getAttribute("value");
    assertThat(text).contains("\"string_equal\"");
    ((JavascriptExecutor) browser.driver())
        .executeScript(
            "arguments[0].value = arguments[1];",
            json,
            text.replace("\"string_equal\"", "\"string_equalz\""));
    browser.expectConsoleError("status of 400");
    browser.click(By.id("policy-save"));
    WebElement item = browser.waitFor(By.cssSelector(".error-summary li button"));
    int line =
        1
            + (int)
                text.substring(0, text.indexOf("\"string_equal\""))
                    .chars()
                    .filter(c -> c == '\n')
                    .count();
    assertThat(item.getText()).startsWith("line " + line).contains("did you mean 'string_equal'");
    item.click();
    assertThat(
            (String)
                ((JavascriptExecutor) browser.driver())
                    .executeScript(
                        "const a = arguments[0]; return a.value.substring(a.selectionStart, a.selectionEnd);",
                        json))
        .isEqualTo("\"string_equalz\"");
    browser.shot("policy-json-error");
    browser.assertClean();
  }

  @Test
  @Order(6)
  void thePlaygroundShowsATokensAttributes() {
    browser.driver().get(console("#/w/" + ws + "/playground"));
    browser.waitFor(By.id("playground-token")).sendKeys(memberToken);
    browser.click(By.id("inspect"));
    browser.waitForText(By.id("verdict-text"), "The token is trusted.");
    String attributes = browser.driver().findElement(By.id("attributes-table")).getText();
    assertThat(attributes)
        .contains("ext_role member")
        .contains("ext_plan free")
        .contains("external_subject user_console_member");
    assertThat(browser.driver().findElement(By.id("playground-provider")).getText())
        .contains("Test IdP");
    browser.shot("playground");
    browser.assertClean();
  }

  @Test
  @Order(7)
  void hostileClaimsAreShownAsTextNeverAsMarkup() {
    String hostile =
        "<img src=/x-console-walk onerror=console.error('xss')><script>console.error('xss')</script>";
    String token =
        idp.mint(
            tenant,
            Map.of(
                "sub",
                hostile,
                "org_role",
                "\"><svg onload=console.error('xss')>",
                "metadata",
                Map.of("plan", "</td><b>bold</b>")));
    browser.driver().get(console("#/w/" + ws + "/playground"));
    browser.type(By.id("playground-token"), token);
    browser.click(By.id("inspect"));
    browser.waitForText(By.id("verdict-text"), "The token is trusted.");
    browser.waitForText(By.id("attributes-table"), "</td><b>bold</b>");
    WebElement result = browser.driver().findElement(By.id("playground-result"));
    assertThat(result.getText()).contains(hostile).contains("</td><b>bold</b>");
    assertThat(result.findElements(By.cssSelector("img, script, svg, b"))).isEmpty();
    // No request to /x-console-walk, no console error: the Browser checks both.
    browser.assertClean();
  }

  @Test
  @Order(8)
  void theCheckTesterDrawsTheTraceAndLeadsToTheFailingCondition() {
    browser.driver().get(console("#/w/" + ws + "/check"));
    browser.waitFor(By.id("check-resource")).sendKeys("orders");
    browser.type(By.id("check-action"), "approve");
    browser.type(By.id("check-token"), memberToken);
    browser.type(By.id("check-context"), "{\"orderAmount\": 50000}");
    browser.click(By.id("run-check"));
    browser.waitForText(By.id("decision-text"), "default effect");
    String tree = browser.driver().findElement(By.id("trace-tree")).getText();
    assertThat(tree).contains("order_approval").contains("managers").contains("string_equal");
    WebElement failing = browser.driver().findElement(By.cssSelector("li.t-condition.fails"));
    assertThat(failing.findElement(By.cssSelector(".actual")).getText()).isEqualTo("member");
    ((JavascriptExecutor) browser.driver())
        .executeScript("document.getElementById('check-result').scrollIntoView();");
    browser.shot("check");
    failing.findElement(By.cssSelector("a.goto")).click();
    WebElement highlighted = browser.waitFor(By.cssSelector("li.condition.highlight"));
    assertThat(highlighted.getAttribute("data-pointer"))
        .isEqualTo("/specification/rules/0/conditions/0");
    browser.assertClean();
  }

  @Test
  @Order(9)
  void findsARealDecisionInTheLogAndReRunsIt() {
    Http.Reply check =
        anonymous.post(
            "/api/v1/workspaces/" + ws + "/authorization/check",
            "{\"token\":\""
                + memberToken
                + "\",\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":50000}}");
    assertThat(check.status()).as(check.toString()).isEqualTo(200);
    String decisionId = check.data().getString("decisionId");
    // The record is written behind the answer (docs/api.md#how-records-are-written).
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (admin.get("/api/v1/admin/workspaces/" + ws + "/decisions/" + decisionId).status() != 200
        && System.nanoTime() < deadline) {
      Waits.sleep(100);
    }
    browser.driver().get(console("#/w/" + ws + "/decisions"));
    browser.waitFor(By.id("decisions-table"));
    browser.type(By.id("filter-subject"), "nobody-" + ws);
    browser.click(By.id("apply-filters"));
    // Filters that match nothing say so and offer to clear them.
    assertThat(browser.waitFor(By.id("no-decisions")).getText())
        .contains("No decision matches these filters")
        .contains("Clear the filters");
    browser.type(By.id("filter-subject"), "user_console_member");
    new Select(browser.driver().findElement(By.id("filter-decision"))).selectByValue("Deny");
    browser.click(By.id("apply-filters"));
    WebElement row =
        browser.waitFor(By.cssSelector("#decisions-table tr[data-id='" + decisionId + "']"));
    assertThat(row.getText()).contains("Deny").contains("orders");
    assertThat(browser.driver().findElement(By.cssSelector(".pager")).getText())
        .isEqualTo("Page 1 · the oldest");
    browser.shot("decisions");
    row.findElement(By.tagName("a")).click();
    WebElement record = browser.waitFor(By.id("decision-record"));
    assertThat(record.getText())
        .contains("default_effect")
        .contains("order_approval")
        .contains("50000");
    browser.shot("decision");
    browser.click(By.id("rerun"));
    assertThat(browser.waitFor(By.id("check-resource")).getAttribute("value")).isEqualTo("orders");
    assertThat(browser.driver().findElement(By.id("check-context")).getAttribute("value"))
        .contains("50000");
    browser.assertClean();
  }

  @Test
  @Order(10)
  void aStalePolicyEditIsRefusedAndKept() {
    browser.driver().get(console("#/w/" + ws + "/policies/" + policyId));
    WebElement description = browser.waitFor(By.id("policy-description"));
    // Someone else saves the policy meanwhile.
    Http.Reply current = admin.get("/api/v1/admin/workspaces/" + ws + "/policies/" + policyId);
    String theirs =
        current.data().toString().replace("\"description\":null", "\"description\":\"theirs\"");
    assertThat(
            admin.put("/api/v1/admin/workspaces/" + ws + "/policies/" + policyId, theirs).status())
        .isEqualTo(200);
    description.sendKeys("mine");
    browser.expectConsoleError("status of 409");
    browser.click(By.id("policy-save"));
    WebElement conflict = browser.waitFor(By.id("conflict"));
    assertThat(conflict.getText()).contains("Someone else changed this policy");
    assertThat(browser.driver().findElement(By.id("policy-description")).getAttribute("value"))
        .isEqualTo("mine");
    browser.shot("policy-conflict");
    browser.assertClean();
    browser.click(By.id("overwrite"));
    browser.waitForText(By.cssSelector(".notice.success"), "Policy saved.");
    assertThat(
            admin
                .get("/api/v1/admin/workspaces/" + ws + "/policies/" + policyId)
                .data()
                .getString("description"))
        .isEqualTo("mine");
    browser.assertClean();
  }

  @Test
  @Order(11)
  void aSessionThatEndsUnderAnEditIsRenewedInPlaceAndTheEditSaved() {
    browser.driver().get(console("#/w/" + ws + "/policies/" + policyId));
    WebElement description = browser.waitFor(By.id("policy-description"));
    // The session ends while the admin types (idle time, a restart): here, ended by its holder.
    Http.Reply ended =
        anonymous
            .header("Cookie", "gatehouse_console=" + sessionCookie)
            .header("X-Gatehouse-Csrf", csrfToken)
            .delete("/api/v1/console/session");
    assertThat(ended.status()).as(ended.toString()).isEqualTo(204);
    description.clear();
    description.sendKeys("kept across a new sign-in");
    browser.expectConsoleError("status of 401");
    browser.click(By.id("policy-save"));
    WebElement dialog = browser.waitFor(By.id("sign-in-again"));
    browser.shot("sign-in-again");
    dialog.findElement(By.id("again-password")).sendKeys(server.adminPassword(), Keys.ENTER);
    browser.waitForText(By.cssSelector(".notice.success"), "Policy saved.");
    assertThat(
            admin
                .get("/api/v1/admin/workspaces/" + ws + "/policies/" + policyId)
                .data()
                .getString("description"))
        .isEqualTo("kept across a new sign-in");
    browser.assertClean();
    readSession(); // the new session, for the sign-out test
  }

  @Test
  @Order(12)
  void anUntouchedConditionIsSavedExactlyAsStored() {
    String spec =
        "{\"rules\":[{\"rule_id\":\"r\",\"effect\":\"Deny\",\"conditions\":["
            + "{\"function\":\"string_not_one_of\",\"attribute\":\"ext_org_slug\",\"values\":[\"Acme, Inc.\",\" admin\"]},"
            + "{\"function\":\"list_contains\",\"attribute\":\"ext_groups\",\"value\":\"42\"},"
            + "{\"function\":\"integer_less_than\",\"attribute\":\"request_metadata\",\"metadata_key\":\"n\",\"value\":9007199254740993}]}],"
            + "\"default\":{\"effect\":\"Allow\"}}";
    Http.Reply created =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/policies",
            "{\"name\":\"exact\",\"resources\":[\"reports, yearly\"],\"actions\":[\"read\"],\"specification\":"
                + spec
                + "}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.data().getString("id");
    browser.driver().get(console("#/w/" + ws + "/policies/" + id));
    browser.type(By.id("policy-description"), "only this changed");
    browser.click(By.id("policy-save"));
    browser.waitForText(By.cssSelector(".notice.success"), "Policy saved.");
    jakarta.json.JsonObject saved =
        admin.get("/api/v1/admin/workspaces/" + ws + "/policies/" + id).data();
    assertThat(saved.getString("description")).isEqualTo("only this changed");
    assertThat(saved.getJsonArray("resources").getString(0)).isEqualTo("reports, yearly");
    assertThat(saved.getJsonObject("specification"))
        .isEqualTo(created.data().getJsonObject("specification"));
    assertThat(saved.getJsonObject("specification").toString())
        .contains("9007199254740993")
        .contains("[\"Acme, Inc.\",\" admin\"]")
        .contains("\"value\":\"42\"");
    // Deleted from its page, after a confirmation that names it.
    browser.click(By.cssSelector("#policy-form button.danger"));
    WebElement dialog = browser.waitFor(By.cssSelector("dialog.confirm"));
    assertThat(dialog.getText()).contains("exact").contains("reports, yearly");
    dialog.findElement(By.cssSelector("button.danger")).click();
    browser.waitFor(By.id("policies-table"));
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws + "/policies/" + id).status())
        .isEqualTo(404);
    browser.assertClean();
  }

  @Test
  @Order(13)
  void everyPageFitsA390PixelScreen() {
    browser.resize(390, 844);
    try {
      String providerId =
          admin
              .get("/api/v1/admin/workspaces/" + ws + "/providers")
              .list()
              .getJsonObject(0)
              .getString("id");
      for (String page :
          List.of(
              "workspaces",
              "w/" + ws + "/providers",
              "w/" + ws + "/providers/" + providerId,
              "w/" + ws + "/policies/" + policyId,
              "w/" + ws + "/playground",
              "w/" + ws + "/check",
              "w/" + ws + "/decisions")) {
        browser.driver().get(console("#/" + page));
        browser.waitFor(By.cssSelector("main h1"));
        browser.waitGone(By.cssSelector("main .loading"));
        long overflow =
            (Long)
                ((JavascriptExecutor) browser.driver())
                    .executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        // One screenshot per page: the first screen is what a phone shows before any scroll.
        browser.shot("narrow-" + page.replaceAll("^w/[^/]+/", "").replaceAll("/.+", "-one"));
        assertThat(overflow)
            .as("horizontal overflow of %s at 390 px; too wide: %s", page, tooWide())
            .isLessThanOrEqualTo(0);
      }
    } finally {
      browser.resize(1280, 900);
    }
    browser.assertClean();
  }

  /** The innermost elements that reach past the window's right edge, for a failure's message. */
  private static Object tooWide() {
    return ((JavascriptExecutor) browser.driver())
        .executeScript(
            "const w = document.documentElement.clientWidth;"
                + "return [...document.querySelectorAll('body *')]"
                + ".filter((e) => e.getBoundingClientRect().right > w + 0.5"
                + " && ![...e.children].some((c) => c.getBoundingClientRect().right > w + 0.5))"
                + ".slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                + " + (e.className ? '.' + String(e.className).split(' ').join('.') : '')"
                + " + ' ' + Math.round(e.getBoundingClientRect().right));");
  }

  @Test
  @Order(14)
  void showsAProviderFromConfigurationAsReadOnly() {
    browser.driver().get(console("#/w/default/providers"));
    WebElement link = browser.waitFor(By.linkText("MicroProfile JWT (mp.jwt.verify.*)"));
    assertThat(link.findElement(By.xpath("./..")).getText()).contains("from configuration");
    link.click();
    browser.waitFor(By.id("provider-form"));
    assertThat(browser.driver().findElement(By.cssSelector(".notice.info")).getText())
        .contains("mp.jwt.verify.*")
        .contains("read-only");
    assertThat(browser.driver().findElement(By.id("provider-issuer")).isEnabled()).isFalse();
    assertThat(browser.driver().findElements(By.id("provider-save"))).isEmpty();
    // Its keys can still be looked at and refreshed.
    browser.waitFor(By.id("key-state"));
    browser.shot("provider-configured");
    browser.assertClean();
  }

  @Test
  @Order(15)
  void deletesTheWorkspaceAfterAConfirmationNamingIt() {
    browser.driver().get(console("#/workspaces"));
    WebElement row = browser.waitFor(By.cssSelector("tr[data-name='" + ws + "']"));
    row.findElement(By.cssSelector("button.danger")).click();
    WebElement dialog = browser.waitFor(By.cssSelector("dialog.confirm"));
    assertThat(dialog.getText()).contains(ws).contains("1 provider(s) and 1 policy(ies)");
    WebElement confirm = dialog.findElement(By.cssSelector("button.danger"));
    assertThat(confirm.isEnabled()).isFalse();
    browser.shot("workspace-delete");
    // Escape cancels: nothing deleted.
    dialog.findElement(By.cssSelector("input")).sendKeys(Keys.ESCAPE);
    browser.waitGone(By.cssSelector("dialog.confirm"));
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws).status()).isEqualTo(200);
    row = browser.waitFor(By.cssSelector("tr[data-name='" + ws + "']"));
    row.findElement(By.cssSelector("button.danger")).click();
    dialog = browser.waitFor(By.cssSelector("dialog.confirm"));
    dialog.findElement(By.cssSelector("input")).sendKeys(ws);
    dialog.findElement(By.cssSelector("button.danger")).click();
    browser.waitGone(By.cssSelector("tr[data-name='" + ws + "']"));
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws).status()).isEqualTo(404);
    browser.assertClean();
  }

  @Test
  @Order(16)
  void signsOutAndIsRefused() {
    browser.driver().get(console("#/workspaces"));
    browser.waitFor(By.id("workspaces-table"));
    browser.click(By.id("sign-out"));
    browser.waitForText(By.cssSelector(".notice"), "You are signed out.");
    browser.shot("signed-out");
    // The console sends you back to sign-in, and the old cookie opens nothing.
    browser.driver().get(console("#/workspaces"));
    browser.waitFor(By.id("signin-user"));
    Http.Reply refused =
        anonymous
            .header("Cookie", "gatehouse_console=" + sessionCookie)
            .header("X-Gatehouse-Csrf", csrfToken)
            .get("/api/v1/admin/workspaces");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).doesNotStartWith("Basic");
    browser.assertClean();
  }

  /**
   * Reads the browser's session as a thief of it would hold it — the cookie (on the API's path, so
   * from a page there) and the CSRF token (from that page, GET of the session) — into {@link
   * #sessionCookie} and {@link #csrfToken}. What Chromium logs beside a JSON page (a missing
   * favicon) is forgotten: that page is the test's, not the console's.
   */
  private static Cookie readSession() {
    browser.get("/api/v1/console/session");
    Cookie cookie = browser.driver().manage().getCookieNamed("gatehouse_console");
    assertThat(cookie).isNotNull();
    sessionCookie = cookie.getValue();
    csrfToken =
        jakarta.json.Json.createReader(
                new StringReader(browser.driver().findElement(By.tagName("body")).getText()))
            .readObject()
            .getJsonObject("data")
            .getString("csrfToken");
    assertThat(csrfToken).isNotBlank();
    browser.forget();
    return cookie;
  }
}
