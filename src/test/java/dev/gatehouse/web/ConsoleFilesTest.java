package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which names under /console are served at all (docs/security.md#the-console). */
class ConsoleFilesTest {

  @Test
  void servesPlainNamesOfKnownTypes() {
    for (String ok :
        new String[] {
          "index.html",
          "console.css",
          "js/app.js",
          "js/pages/providers.js",
          "img/logo.svg",
          "favicon.ico",
          "fonts/inter-v1.woff2",
          "i18n/en.json",
          "robots.txt",
          "a.png",
          "INDEX.HTML"
        }) {
      assertThat(ConsoleFiles.isServable(ok)).as(ok).isTrue();
    }
  }

  @Test
  void refusesTraversalHiddenEncodedAndEmptySegments() {
    for (String bad :
        new String[] {
          "../WEB-INF/web.xml",
          "..",
          ".",
          "js/../index.html",
          ".hidden",
          "js/.app.js",
          "%2e%2e/WEB-INF/web.xml",
          "js/%2F..",
          "js%2Fapp.js",
          "js\\app.js",
          "js//app.js",
          "/index.html",
          "js/",
          "",
          "index.html%00.js",
          "index .html",
          "ïndex.html",
          "a;b.js",
          "WEB-INF/web.xml",
          "web-inf/x.html",
          "META-INF/MANIFEST.json"
        }) {
      assertThat(ConsoleFiles.isServable(bad)).as(bad).isFalse();
    }
    assertThat(ConsoleFiles.isServable(null)).isFalse();
  }

  @Test
  void refusesUnknownOrMissingExtensions() {
    for (String bad :
        new String[] {"x.class", "web.xml", "app.js.map", "index", "js", "a.jsp", "x.HTM", "a."}) {
      assertThat(ConsoleFiles.isServable(bad)).as(bad).isFalse();
    }
  }

  @Test
  void refusesOverlongOrOverdeepPaths() {
    assertThat(ConsoleFiles.isServable("a".repeat(300) + ".js")).isFalse();
    assertThat(ConsoleFiles.isServable("a/b/c/d/e/f/g/h/i.js")).isFalse();
    assertThat(ConsoleFiles.isServable("a/b/c/d/e/f/g/h.js")).isTrue();
  }

  @Test
  void ifNoneMatchMatchesTheTagInAListWeaklyOrStar() {
    assertThat(ConsoleResource.matches("\"abc\"", "\"abc\"")).isTrue();
    assertThat(ConsoleResource.matches("\"x\", W/\"abc\"", "\"abc\"")).isTrue();
    assertThat(ConsoleResource.matches("*", "\"abc\"")).isTrue();
    assertThat(ConsoleResource.matches("\"abd\"", "\"abc\"")).isFalse();
    assertThat(ConsoleResource.matches("abc", "\"abc\"")).isFalse();
    assertThat(ConsoleResource.matches(null, "\"abc\"")).isFalse();
  }
}
