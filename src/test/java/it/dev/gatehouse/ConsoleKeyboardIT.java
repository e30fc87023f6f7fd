package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console with the keyboard only, in a real headless Chromium: every key goes to the element
 * that has the focus ({@code switchTo().activeElement()}), never to an element the test picked.
 * Sign in, Tab to a workspace and open it with Enter, reach the provider form, fill it and submit
 * it with Enter, refresh its keys with Space, switch the policy editor's tabs with the arrow keys,
 * and answer the confirmation dialog with Escape and then Enter (docs/console.md).
 */
class ConsoleKeyboardIT extends OnSharedServer {
  /** More Tabs than any page here has stops before the one a step looks for. */
  private static final int MAX_TABS = 400;

  static Browser browser;
  static String ws;
  static String tenant;

  @BeforeAll
  static void setUp() {
    ws = Workspaces.createWorkspace(admin, "keyboard");
    tenant = Workspaces.unique("keyboard-idp");
    browser = Browser.open(server.baseUrl());
  }

  @AfterAll
  static void tearDown() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      admin.delete("/api/v1/admin/workspaces/" + ws + "?cascade=true");
    }
  }

  private static WebElement active() {
    return browser.driver().switchTo().activeElement();
  }

  private static void press(CharSequence... keys) {
    active().sendKeys(keys);
  }

  /** Presses Tab (or Shift+Tab) until the focused element is the one {@code wanted} accepts. */
  private static WebElement tabTo(String what, Predicate<WebElement> wanted, boolean backwards) {
    for (int i = 0; i < MAX_TABS; i++) {
      press(backwards ? Keys.chord(Keys.SHIFT, Keys.TAB) : Keys.TAB);
      WebElement e = active();
      if (wanted.test(e)) {
        return e;
      }
    }
    throw new AssertionError("no Tab stop reached " + what + " in " + MAX_TABS + " presses");
  }

  private static Predicate<WebElement> id(String id) {
    return e -> id.equals(e.getAttribute("id"));
  }

  @Test
  void anAdminAddsAProviderAndAnswersTheDialogWithTheKeyboardOnly() {
    browser.driver().get(server.baseUrl() + "/console/#/workspaces");
    // The sign-in form focuses its user name.
    browser.waitFor(By.id("signin-user"));
    assertThat(active().getAttribute("id")).isEqualTo("signin-user");
    press(Keys.chord(Keys.CONTROL, "a"), server.adminUser(), Keys.TAB, server.adminPassword());
    press(Keys.ENTER);
    browser.waitForText(By.cssSelector("main h1"), "Workspaces");

    // After a navigation the focus is on the page's title, so Tab goes on from there.
    WebElement link =
        tabTo(
            "the workspace's link",
            e -> "a".equals(e.getTagName()) && ws.equals(e.getText()),
            false);
    assertThat(link.getAttribute("href")).endsWith("#/w/" + ws + "/providers");
    press(Keys.ENTER);
    browser.waitForText(By.cssSelector("main h1"), "Providers in " + ws);
    assertThat(active().getTagName()).isEqualTo("h1");
    tabTo("Add provider", id("add-provider"), false);
    press(Keys.ENTER);

    // The form starts at the type (Clerk first); fill it field by field and submit with Enter.
    browser.waitFor(By.id("provider-form"));
    assertThat(active().getAttribute("id")).isEqualTo("provider-type");
    tabTo("the name", id("provider-name"), false).sendKeys("Keyboard IdP");
    tabTo("the issuer", id("provider-issuer"), false).sendKeys(idp.issuer(tenant));
    tabTo("the JWKS URL", id("provider-jwks"), false).sendKeys(idp.jwksUri(tenant));
    press(Keys.ENTER);
    browser.waitFor(By.id("keys-panel"));
    assertThat(browser.driver().findElement(By.cssSelector("main h1")).getText())
        .isEqualTo("Keyboard IdP");
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws + "/providers").list()).hasSize(1);

    // Space on a focused button presses it.
    tabTo("Refresh keys", id("refresh-keys"), false);
    press(Keys.SPACE);
    browser.waitForText(By.id("key-state"), "fresh");
    browser.assertClean();

    // The policy editor's tabs are one Tab stop; the arrow keys move between them.
    browser.driver().get(server.baseUrl() + "/console/#/w/" + ws + "/policies/new");
    browser.waitFor(By.id("policy-form"));
    assertThat(active().getAttribute("id")).isEqualTo("policy-name");
    WebElement editorTab = tabTo("the selected tab", id("tab-form"), true);
    assertThat(editorTab.getAttribute("role")).isEqualTo("tab");
    press(Keys.ARROW_RIGHT);
    assertThat(active().getAttribute("id")).isEqualTo("tab-json");
    assertThat(active().getAttribute("aria-selected")).isEqualTo("true");
    assertThat(browser.waitFor(By.id("policy-json")).getAttribute("value")).contains("rule-1");
    press(Keys.TAB);
    assertThat(active().getAttribute("id")).isEqualTo("policy-json");
    press(Keys.chord(Keys.SHIFT, Keys.TAB));
    assertThat(active().getAttribute("id")).isEqualTo("tab-json");
    press(Keys.HOME);
    assertThat(active().getAttribute("id")).isEqualTo("tab-form");
    assertThat(browser.waitFor(By.id("policy-name")).isDisplayed()).isTrue();
    browser.assertClean();

    // The confirmation dialog holds the focus; Escape cancels, Enter on its button confirms.
    String providerId =
        admin
            .get("/api/v1/admin/workspaces/" + ws + "/providers")
            .list()
            .getJsonObject(0)
            .getString("id");
    browser.driver().get(server.baseUrl() + "/console/#/w/" + ws + "/providers/" + providerId);
    browser.waitFor(By.id("keys-panel"));
    tabTo("Delete", e -> "Delete".equals(e.getText()), false);
    press(Keys.ENTER);
    WebElement dialog = browser.waitFor(By.cssSelector("dialog.confirm"));
    for (int i = 0; i < 4; i++) {
      press(Keys.TAB);
      assertThat(
              (Boolean)
                  ((JavascriptExecutor) browser.driver())
                      .executeScript(
                          "return arguments[0].contains(document.activeElement);", dialog))
          .as("the focus stays in the dialog")
          .isTrue();
    }
    press(Keys.ESCAPE);
    browser.waitGone(By.cssSelector("dialog.confirm"));
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws + "/providers").list()).hasSize(1);
    // Closed, the dialog gives the focus back to the button that opened it.
    assertThat(active().getText()).isEqualTo("Delete");
    press(Keys.ENTER);
    browser.waitFor(By.cssSelector("dialog.confirm"));
    assertThat(active().getText()).isEqualTo("Delete provider");
    press(Keys.ENTER);
    browser.waitForText(By.cssSelector("main h1"), "Providers in " + ws);
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws + "/providers").list()).isEmpty();
    browser.assertClean();
  }
}
