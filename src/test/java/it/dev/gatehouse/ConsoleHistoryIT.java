package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 19 in the console, in a real headless Chromium: a policy's and a provider's history panel
 * (versions with who and when, a diff, a rollback behind a confirmation, a stale rollback refused),
 * the Policy tests page (cases written in a form, errors at their fields, Run all with the failing
 * case's trace) and, in the policy editor, running the tests with a draft and saving only if they
 * pass (docs/console.md). Browser-console errors other than those declared, and any request to
 * another origin, fail it. Screenshots go to target/console-screens/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHistoryIT extends OnSharedServer {
  static final String POLICY =
      """
      {"name":"approvals","description":"first","resources":["orders"],"actions":["approve"],
       "specification":{"rules":[{"rule_id":"managers","effect":"Allow","conditions":[
         {"function":"string_equal","attribute":"ext_role","value":"manager"}]}],
        "default":{"effect":"Deny"}}}
      """;

  /** What someone else writes meanwhile: markup, which the console must show as text. */
  static final String THEIRS = "<img src=/x-console-history onerror=console.error('xss')>";

  static Browser browser;
  static String ws;
  static String policyId;

  @BeforeAll
  static void openBrowser() {
    ws = Workspaces.createWorkspace(admin, "console-history");
    policyId = Workspaces.createPolicy(admin, ws, POLICY);
    browser = Browser.open(server.baseUrl());
  }

  @AfterAll
  static void closeBrowser() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (ws != null) {
        admin.delete("/api/v1/admin/workspaces/" + ws + "?cascade=true");
      }
    }
  }

  private static String console(String fragment) {
    return server.baseUrl() + "/console/" + fragment;
  }

  private static String policyPath() {
    return "/api/v1/admin/workspaces/" + ws + "/policies/" + policyId;
  }

  private static void savePolicyWithDescription(String description, int expectedVersion) {
    browser.type(By.id("policy-description"), description);
    browser.click(By.id("policy-save"));
    browser.waitForText(By.cssSelector(".crumbs"), "version " + expectedVersion);
  }

  private static List<WebElement> historyRows() {
    browser.waitFor(By.cssSelector("#history-table tbody tr"));
    return browser.driver().findElements(By.cssSelector("#history-table tbody tr"));
  }

  @Test
  @Order(1)
  void signsIn() {
    browser.driver().get(console(""));
    WebElement user = browser.waitFor(By.id("signin-user"));
    user.clear();
    user.sendKeys(server.adminUser(), Keys.TAB, server.adminPassword(), Keys.ENTER);
    browser.waitForText(By.cssSelector("h1"), "Workspaces");
    browser.assertClean();
  }

  @Test
  @Order(2)
  void showsEveryVersionWithItsWriterAndRollsBackToTheFirst() {
    browser.driver().get(console("#/w/" + ws + "/policies/" + policyId));
    browser.waitFor(By.id("policy-form"));
    savePolicyWithDescription("second", 2);
    savePolicyWithDescription("third", 3);

    List<WebElement> rows = historyRows();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).getText()).contains("Version 3").contains("current").contains("updated");
    assertThat(rows.get(2).getText()).contains("Version 1").contains("created");
    for (WebElement row : rows) {
      assertThat(row.getText()).contains(server.adminUser());
      // Relative time beside the exact one, which is also the title.
      WebElement when = row.findElement(By.tagName("time"));
      assertThat(when.getAttribute("title")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(row.getText()).containsPattern("\\((now|\\d+ s ago|\\d+ min ago)\\)");
    }

    browser.click(By.cssSelector("#history-table button[data-version='1']"));
    browser.waitForText(By.id("history-version-title"), "Version 1");
    WebElement diff = browser.waitForText(By.id("history-diff"), "/description");
    assertThat(diff.getText())
        .contains("One change from version 1 to version 3")
        .contains("replace")
        .contains("\"first\"")
        .contains("\"third\"");
    ((JavascriptExecutor) browser.driver())
        .executeScript("document.getElementById('history-panel').scrollIntoView();");
    browser.shot("history");
    // Any two versions: 2 → 3.
    new Select(browser.driver().findElement(By.id("diff-from"))).selectByValue("2");
    browser.waitForText(By.id("history-diff"), "from version 2 to version 3");
    assertThat(browser.driver().findElement(By.id("history-diff")).getText())
        .contains("\"second\"");
    browser.click(By.cssSelector("#history-content summary"));
    assertThat(browser.waitFor(By.cssSelector("#history-content pre")).getText())
        .contains("\"description\": \"first\"");

    browser.click(By.id("rollback"));
    WebElement dialog = browser.waitFor(By.cssSelector("dialog.confirm"));
    assertThat(dialog.getText())
        .contains("Roll back to version 1?")
        .contains("new version 4")
        .contains("policy approvals");
    browser.shot("history-rollback-confirm");
    dialog.findElement(By.cssSelector("button.danger")).click();

    browser.waitForText(By.cssSelector(".notice.success"), "Rolled back to version 1");
    browser.waitForText(By.cssSelector(".crumbs"), "version 4");
    assertThat(browser.driver().findElement(By.id("policy-description")).getAttribute("value"))
        .isEqualTo("first");
    rows = historyRows();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).getText())
        .contains("Version 4")
        .contains("rolled back")
        .contains("current");
    JsonObject stored = admin.get(policyPath()).data();
    assertThat(stored.getInt("version")).isEqualTo(4);
    assertThat(stored.getString("description")).isEqualTo("first");
    browser.assertClean();
  }

  @Test
  @Order(3)
  void aStaleRollbackIsRefusedWithTheConflictMessageAndChangesNothing() {
    browser.driver().get(console("#/w/" + ws + "/policies/" + policyId));
    browser.waitForText(By.cssSelector(".crumbs"), "version 4");
    historyRows();
    // Someone else saves the policy meanwhile: version 5.
    String theirs =
        admin.get(policyPath()).data().toString().replace("\"first\"", "\"" + THEIRS + "\"");
    Http.Reply put = admin.put(policyPath(), theirs);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);

    browser.click(By.cssSelector("#history-table button[data-version='2']"));
    browser.waitForText(By.id("history-version-title"), "Version 2");
    browser.click(By.id("rollback"));
    browser.waitFor(By.cssSelector("dialog.confirm button.danger")).click();
    browser.expectConsoleError("status of 409");
    WebElement conflict = browser.waitFor(By.id("rollback-conflict"));
    assertThat(conflict.getText())
        .contains("Someone else changed this policy")
        .contains("Nothing was rolled back")
        .contains("version 4");
    browser.shot("history-stale-rollback");
    JsonObject stored = admin.get(policyPath()).data();
    assertThat(stored.getInt("version")).isEqualTo(5);
    assertThat(stored.getString("description")).isEqualTo(THEIRS);
    browser.assertClean();
    browser.click(By.id("history-reload"));
    browser.waitForText(By.cssSelector(".crumbs"), "version 5");
    assertThat(browser.waitFor(By.id("policy-description")).getAttribute("value"))
        .isEqualTo(THEIRS);
    assertThat(historyRows()).hasSize(5);
    // Their markup in a diff and in a version's content is text: no element, no request.
    browser.click(By.cssSelector("#history-table button[data-version='4']"));
    WebElement diff = browser.waitForText(By.id("history-diff"), "x-console-history");
    assertThat(diff.getText()).contains(THEIRS);
    assertThat(browser.driver().findElements(By.cssSelector("#history-panel img"))).isEmpty();
    browser.click(By.cssSelector("#history-table button[data-version='5']"));
    browser.waitForText(By.id("history-version-title"), "Version 5 (current)");
    assertThat(browser.driver().findElement(By.id("history-detail")).getText())
        .contains("This is the current version.");
    assertThat(browser.driver().findElements(By.id("rollback"))).isEmpty();
    browser.assertClean();
  }

  @Test
  @Order(4)
  void aProvidersHistoryRollsBackToo() {
    String providerId = Workspaces.clerkProvider(admin, ws, Workspaces.unique("history-idp"), "[]");
    String path = "/api/v1/admin/workspaces/" + ws + "/providers/" + providerId;
    JsonObject p = admin.get(path).data();
    Http.Reply renamed = admin.put(path, p.toString().replace(p.getString("name"), "Renamed IdP"));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

    browser.driver().get(console("#/w/" + ws + "/providers/" + providerId));
    assertThat(historyRows()).hasSize(2);
    // By keyboard: Enter opens a version (the focus goes to its title), Space presses the
    // rollback button, the dialog starts on its confirm button and Enter confirms.
    browser.waitFor(By.cssSelector("#history-table button[data-version='1']")).sendKeys(Keys.ENTER);
    assertThat(browser.waitForText(By.id("history-diff"), "/name").getText())
        .contains("Renamed IdP");
    assertThat(browser.driver().switchTo().activeElement().getAttribute("id"))
        .isEqualTo("history-version-title");
    browser.waitFor(By.id("rollback")).sendKeys(Keys.SPACE);
    browser.waitFor(By.cssSelector("dialog.confirm"));
    WebElement focused = browser.driver().switchTo().activeElement();
    assertThat(focused.getText()).isEqualTo("Roll back to version 1");
    focused.sendKeys(Keys.ENTER);
    browser.waitForText(By.cssSelector(".notice.success"), "Rolled back to version 1");
    assertThat(browser.driver().findElement(By.id("provider-name")).getAttribute("value"))
        .isEqualTo(p.getString("name"));
    assertThat(admin.get(path).data().getInt("version")).isEqualTo(3);
    browser.assertClean();
  }

  private static void writeCase(String name, String role, String decision) {
    browser.driver().get(console("#/w/" + ws + "/tests"));
    browser.click(By.id("new-test"));
    browser.waitFor(By.id("test-form"));
    browser.type(By.id("test-name"), name);
    new Select(browser.driver().findElement(By.id("test-input-kind"))).selectByValue("attributes");
    browser.type(By.id("test-attributes"), "{\"ext_role\": \"" + role + "\"}");
    browser.type(By.id("test-resource"), "orders");
    browser.type(By.id("test-action"), "approve");
    new Select(browser.driver().findElement(By.id("test-expect-decision"))).selectByValue(decision);
    browser.click(By.id("test-save"));
    browser.waitForText(By.cssSelector(".notice.success"), "Test case " + name + " saved.");
  }

  @Test
  @Order(5)
  void writesTwoCasesShowsAnErrorAtItsFieldAndRunsThemAll() {
    browser.driver().get(console("#/w/" + ws + "/tests"));
    browser.waitForText(By.cssSelector("nav a[aria-current='page']"), "Policy tests");
    browser.click(By.id("new-test"));
    browser.waitFor(By.id("test-form"));
    browser.type(By.id("test-name"), "no action");
    new Select(browser.driver().findElement(By.id("test-input-kind"))).selectByValue("attributes");
    browser.type(By.id("test-attributes"), "{\"ext_role\": \"manager\"}");
    browser.type(By.id("test-resource"), "orders");
    // The action left empty: the API's error shows at the action field.
    browser.expectConsoleError("status of 400");
    browser.click(By.id("test-save"));
    WebElement error = browser.waitFor(By.cssSelector(".field-error"));
    WebElement action = browser.driver().findElement(By.id("test-action"));
    assertThat(action.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(action.getAttribute("aria-describedby")).contains(error.getAttribute("id"));
    browser.shot("test-case-error");
    browser.assertClean();
    // JSON that does not parse is shown at its field before anything is sent.
    browser.type(By.id("test-attributes"), "{ext_role: manager}");
    browser.click(By.id("test-save"));
    browser.waitFor(By.cssSelector("#test-attributes[aria-invalid='true']"));
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws + "/policy-tests").list()).isEmpty();
    browser.assertClean();

    writeCase("manager approves", "manager", "Allow");
    writeCase("member approves", "member", "Allow");
    WebElement table = browser.waitFor(By.id("tests-table"));
    assertThat(table.getText()).contains("manager approves").contains("member approves");
    assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(2);

    browser.click(By.id("run-all"));
    assertThat(browser.waitFor(By.id("test-summary")).getText())
        .isEqualTo("1 passed, 1 failed against the saved policies.");
    WebElement failed = browser.waitFor(By.cssSelector("li.test-result.fail"));
    assertThat(failed.getText()).contains("member approves").contains("default_effect");
    assertThat(failed.findElement(By.cssSelector("ul.tree")).getText())
        .contains("approvals")
        .contains("managers")
        .contains("string_equal");
    assertThat(failed.findElement(By.cssSelector("li.t-condition.fails .actual")).getText())
        .isEqualTo("member");
    WebElement passed = browser.driver().findElement(By.cssSelector("li.test-result.pass"));
    assertThat(passed.getText()).contains("manager approves");
    assertThat(passed.findElements(By.cssSelector("ul.tree"))).isEmpty();
    browser.shot("policy-tests");
    browser.assertClean();
  }

  @Test
  @Order(6)
  void runsTheTestsWithADraftAndRefusesASaveThatMakesOneFail() {
    browser.driver().get(console("#/w/" + ws + "/policies/" + policyId));
    // A draft the API refuses: its error is shown at the draft's field, as a save's would be.
    WebElement fn = browser.waitFor(By.cssSelector("li.condition input.fn"));
    fn.clear();
    fn.sendKeys("string_equalz");
    browser.expectConsoleError("status of 400");
    browser.click(By.id("run-draft-tests"));
    assertThat(browser.waitFor(By.cssSelector("li.condition .field-error")).getText())
        .contains("string_equalz");
    assertThat(fn.getAttribute("aria-invalid")).isEqualTo("true");
    browser.assertClean();
    fn.clear();
    fn.sendKeys("string_equal");
    WebElement operand = browser.driver().findElement(By.cssSelector("li.condition input.operand"));
    operand.clear();
    operand.sendKeys("boss");
    // The draft against the stored cases: the manager's case fails with it, nothing saved.
    browser.click(By.id("run-draft-tests"));
    assertThat(browser.waitFor(By.id("test-summary")).getText()).startsWith("0 passed, 2 failed");
    assertThat(browser.driver().findElement(By.id("draft-tests")).getText())
        .contains("manager approves");
    assertThat(admin.get(policyPath()).data().getInt("version")).isEqualTo(5);

    browser.click(By.id("require-tests"));
    assertThat(browser.driver().findElement(By.id("require-tests")).isSelected()).isTrue();
    browser.expectConsoleError("status of 422");
    browser.click(By.id("policy-save"));
    WebElement refused = browser.waitFor(By.id("tests-failed"));
    assertThat(refused.getText()).contains("Not saved").contains("fail");
    WebElement failures = browser.waitForText(By.id("draft-tests"), "manager approves");
    assertThat(failures.getText())
        .contains("2 test cases fail with this version: it was not saved.");
    assertThat(failures.findElements(By.cssSelector("li.test-result.fail ul.tree"))).isNotEmpty();
    // The edit stays on screen, and nothing was written.
    assertThat(
            browser
                .driver()
                .findElement(By.cssSelector("li.condition input.operand"))
                .getAttribute("value"))
        .isEqualTo("boss");
    JsonObject stored = admin.get(policyPath()).data();
    assertThat(stored.getInt("version")).isEqualTo(5);
    assertThat(stored.getJsonObject("specification").toString()).contains("\"manager\"");
    browser.shot("policy-tests-refused");
    browser.assertClean();

    // With the box still ticked, a rollback is guarded too: refused, its failing cases shown.
    browser.click(By.cssSelector("#history-table button[data-version='1']"));
    browser.waitForText(By.id("history-version-title"), "Version 1");
    browser.click(By.id("rollback"));
    WebElement dialog = browser.waitFor(By.cssSelector("dialog.confirm"));
    assertThat(dialog.getText()).contains("Save only if tests pass is on");
    browser.expectConsoleError("status of 422");
    dialog.findElement(By.cssSelector("button.danger")).click();
    assertThat(browser.waitFor(By.id("rollback-tests-failed")).getText())
        .contains("Not rolled back");
    assertThat(browser.waitFor(By.id("test-summary")).getText())
        .isEqualTo("1 test case fails with this version: it was not rolled back.");
    assertThat(browser.driver().findElement(By.id("draft-tests")).getText())
        .contains("member approves");
    assertThat(admin.get(policyPath()).data().getInt("version")).isEqualTo(5);
    browser.assertClean();
  }

  @Test
  @Order(7)
  void theNewPartsFitA390PixelScreen() {
    browser.resize(390, 844);
    try {
      for (String page : List.of("tests", "policies/" + policyId)) {
        browser.driver().get(console("#/w/" + ws + "/" + page));
        browser.waitFor(By.cssSelector("main h1"));
        browser.waitGone(By.cssSelector("main .loading"));
        if (page.startsWith("policies")) {
          browser.click(By.cssSelector("#history-table button[data-version='1']"));
          browser.waitFor(By.id("history-diff"));
          browser.waitGone(By.cssSelector("main .loading"));
        }
        long overflow =
            (Long)
                ((JavascriptExecutor) browser.driver())
                    .executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        browser.shot("narrow-history-" + page.replaceAll("/.+", "-one"));
        assertThat(overflow).as("horizontal overflow of %s at 390 px", page).isLessThanOrEqualTo(0);
      }
    } finally {
      browser.resize(1280, 900);
    }
    browser.assertClean();
  }

  @Test
  @Order(8)
  void aCaseFromClaimsIsMappedByTheChosenProviderAndACaseIsDeletedAfterAConfirmation() {
    String tenant = Workspaces.unique("history-claims");
    String providerId =
        Workspaces.clerkProvider(
            admin, ws, tenant, "[{\"jwtPath\":\"org_role\",\"attribute\":\"role\"}]");
    browser.driver().get(console("#/w/" + ws + "/tests/new"));
    browser.waitFor(By.id("test-form"));
    browser.type(By.id("test-name"), "manager by claims");
    assertThat(
            new Select(browser.driver().findElement(By.id("test-input-kind")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("claims");
    browser.type(By.id("test-claims"), "{\"sub\": \"user_1\", \"org_role\": \"manager\"}");
    new Select(browser.driver().findElement(By.id("test-provider"))).selectByValue(providerId);
    browser.type(By.id("test-resource"), "orders");
    browser.type(By.id("test-action"), "approve");
    browser.type(By.id("test-expect-rule"), "managers");
    browser.click(By.id("test-save"));
    browser.waitForText(By.cssSelector(".notice.success"), "Test case manager by claims saved.");
    JsonObject stored =
        admin.get("/api/v1/admin/workspaces/" + ws + "/policy-tests").list().stream()
            .map(JsonObject.class::cast)
            .filter(c -> c.getString("name").equals("manager by claims"))
            .findFirst()
            .orElseThrow();
    assertThat(stored.getJsonObject("input").getString("provider")).isEqualTo(providerId);
    assertThat(stored.getJsonObject("expect").getString("ruleId")).isEqualTo("managers");

    browser.click(By.id("run-all"));
    assertThat(browser.waitFor(By.id("test-summary")).getText())
        .isEqualTo("2 passed, 1 failed against the saved policies.");
    assertThat(
            browser
                .driver()
                .findElement(By.cssSelector("li.test-result.pass[data-case='manager by claims']"))
                .getText())
        .contains("rule_matched");

    // Its page reads back what was saved; Delete asks first, naming it.
    browser.click(By.linkText("manager by claims"));
    browser.waitForText(By.cssSelector("h1"), "manager by claims");
    assertThat(
            new Select(browser.driver().findElement(By.id("test-provider")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo(providerId);
    assertThat(browser.driver().findElement(By.id("test-claims")).getAttribute("value"))
        .contains("\"org_role\": \"manager\"");
    browser.click(By.id("test-delete"));
    WebElement dialog = browser.waitFor(By.cssSelector("dialog.confirm"));
    assertThat(dialog.getText()).contains("Delete test case manager by claims?");
    dialog.findElement(By.cssSelector("button.danger")).click();
    browser.waitForText(By.cssSelector(".notice.success"), "Test case manager by claims deleted.");
    assertThat(
            admin
                .get("/api/v1/admin/workspaces/" + ws + "/policy-tests/" + stored.getString("id"))
                .status())
        .isEqualTo(404);
    browser.assertClean();
  }
}
