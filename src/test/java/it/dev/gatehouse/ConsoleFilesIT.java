package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The admin console's files at /console/ (docs/console.md, docs/security.md#the-console): served
 * from JAX-RS with a strict Content-Security-Policy and the other security headers on every answer,
 * a strong ETag and 304, and nothing but plain names of known types: no traversal, no WEB-INF, no
 * hidden or unknown files.
 */
class ConsoleFilesIT extends OnSharedServer {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self';"
          + " base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script';"
          + " trusted-types 'none'";

  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy", CSP,
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "no-referrer",
          "X-Content-Type-Options", "nosniff",
          "Cross-Origin-Opener-Policy", "same-origin",
          "Cross-Origin-Resource-Policy", "same-origin");

  static void assertSecurityHeaders(String what, Function<String, String> header) {
    SECURITY_HEADERS.forEach(
        (name, value) -> assertThat(header.apply(name)).as(what + " " + name).isEqualTo(value));
  }

  /** A Content-Type without spaces (Liberty writes {@code text/html;charset=utf-8}). */
  static String type(String contentType) {
    return contentType == null
        ? null
        : contentType.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void consoleWithoutTheSlashRedirectsToIt() {
    Http.Reply r = anonymous.get("/console");
    assertThat(r.status()).as(r.toString()).isIn(301, 308);
    assertThat(r.header("Location")).isEqualTo("/console/");
    assertSecurityHeaders("/console", r::header);
    // The Host header does not make its way into the Location.
    Http.Reply evil = anonymous.header("X-Forwarded-Host", "evil.example").get("/console");
    assertThat(evil.header("Location")).isEqualTo("/console/");
  }

  @Test
  void theConsolePageIsTheHtmlWithEverySecurityHeader() {
    Http.Reply r = anonymous.get("/console/");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(type(r.header("Content-Type"))).isEqualTo("text/html;charset=utf-8");
    assertThat(r.body()).startsWith("<!doctype html>").contains("js/app.js");
    assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(r.header("ETag")).matches("\"[A-Za-z0-9_-]{43}\"");
    assertSecurityHeaders("/console/", r::header);
    // What a browser's navigation asks for gets the same page; a missing page, a problem.
    String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    Http.Reply navigated = anonymous.header("Accept", browser).get("/console/");
    assertThat(navigated.status()).as(navigated.toString()).isEqualTo(200);
    assertThat(navigated.body()).isEqualTo(r.body());
    Http.Reply missing = anonymous.header("Accept", browser).get("/console/missing.html");
    assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    assertSecurityHeaders("missing.html", missing::header);
    Http.Reply same = anonymous.get("/console/index.html");
    assertThat(same.body()).isEqualTo(r.body());
    assertThat(same.header("ETag")).isEqualTo(r.header("ETag"));
  }

  @Test
  void scriptsAreTextJavascriptAndStylesTextCss() {
    Http.Reply js = anonymous.get("/console/js/app.js");
    assertThat(js.status()).as(js.toString()).isEqualTo(200);
    assertThat(type(js.header("Content-Type"))).isEqualTo("text/javascript;charset=utf-8");
    assertSecurityHeaders("app.js", js::header);
    Http.Reply css = anonymous.get("/console/console.css");
    assertThat(css.status()).as(css.toString()).isEqualTo(200);
    assertThat(type(css.header("Content-Type"))).isEqualTo("text/css;charset=utf-8");
  }

  @Test
  void aMatchingIfNoneMatchGets304AndHeadGetsTheHeadersAlone() {
    Http.Reply first = anonymous.get("/console/js/app.js");
    String etag = first.header("ETag");
    assertThat(etag).isNotNull();

    Http.Reply again = anonymous.header("If-None-Match", etag).get("/console/js/app.js");
    assertThat(again.status()).as(again.toString()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.header("ETag")).isEqualTo(etag);
    assertSecurityHeaders("304", again::header);
    Http.Reply other = anonymous.header("If-None-Match", "\"other\"").get("/console/js/app.js");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(first.body());

    Http.Reply head = anonymous.send("HEAD", "/console/js/app.js", (byte[]) null, null);
    assertThat(head.status()).as(head.toString()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(type(head.header("Content-Type"))).isEqualTo("text/javascript;charset=utf-8");
    assertThat(head.header("ETag")).isEqualTo(etag);
  }

  @Test
  void traversalHiddenUnknownAndMissingNamesAreRefusedNeverServed() {
    StrictHttp raw = new StrictHttp(server.baseUrl());
    for (String target :
        new String[] {
          "/console/../WEB-INF/web.xml",
          "/console/%2e%2e/WEB-INF/web.xml",
          "/console/%2E%2E/%2E%2E/WEB-INF/web.xml",
          "/console/.hidden",
          "/console/js/%2F..",
          "/console/js/..%2F..%2FWEB-INF%2Fweb.xml",
          "/console/WEB-INF/web.xml",
          "/console/x.class",
          "/console/missing.js",
          "/console/js/",
          "/console/js",
          "/console/index.html%00.js",
          "/console/%69ndex.html",
          "/console//index.html",
          "/console/js\\app.js",
          "/console/index.html;.js",
          "/WEB-INF/web.xml",
          "/console/META-INF/MANIFEST.MF",
          "/dev/gatehouse/web/ConsoleResource.class"
        }) {
      StrictHttp.Reply r = raw.send("GET", target, null, Map.of("Accept", "*/*"));
      assertThat(r.status()).as(target + " → " + r).isIn(400, 404);
      assertThat(r.body()).as(target).doesNotContain("web-app").doesNotContain("<!doctype");
      // problem+json, or Liberty's own small 400 (CWWWC0005I) for a few spellings it refuses
      // before any filter.
      PathSpellingIT.assertProblem(r);
      if (r.header("Content-Type").startsWith("application/problem+json")) {
        assertThat(r.object().getString("code")).as(target).isIn("not_found", "validation_failed");
      }
      if (target.startsWith("/console/")
          && target.matches("[^%;\\\\]*")
          && !target.contains("..")
          && !target.contains("//")) {
        // The console's own refusals carry its headers too (the container or the path-spelling
        // filter answers the others before the console sees them).
        assertThat(r.status()).as(target).isEqualTo(404);
        assertSecurityHeaders(target, r::header);
      }
    }
  }
}
