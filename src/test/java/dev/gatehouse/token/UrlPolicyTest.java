package dev.gatehouse.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

  private static final String HTTPS_ONLY =
      "must use https (plain http is accepted only for loopback hosts, or with"
          + " gatehouse.dev.allow-http-jwks=true)";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://clerk.example.com",
        "https://tenant.auth0.com/",
        "https://idp.example.com:8443/realms/acme/.well-known/jwks.json",
        "https://idp.example.com/keys?format=jwks",
        "HTTPS://IDP.EXAMPLE.COM"
      })
  void acceptsHttps(String url) {
    assertThat(UrlPolicy.problem(url, false)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://idp.example.com",
        "HTTP://idp.example.com",
        "http://10.0.0.5:8080/jwks",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "http://128.0.0.1"
      })
  void rejectsHttpForNonLoopbackHost(String url) {
    assertThat(UrlPolicy.problem(url, false)).isEqualTo(HTTPS_ONLY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost",
        "http://localhost:8080/realms/dev",
        "http://LocalHost:3000",
        "http://127.0.0.1",
        "http://127.1.2.3:9000/jwks",
        "http://[::1]:8080/",
        "http://[0:0:0:0:0:0:0:1]"
      })
  void acceptsHttpForLoopbackHost(String url) {
    assertThat(UrlPolicy.problem(url, false)).isNull();
  }

  @Test
  void acceptsHttpForAnyHostWithAllowHttp() {
    assertThat(UrlPolicy.problem("http://idp.internal:8080/jwks", true)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/realms/acme", "idp.example.com", "//idp.example.com/path", ""})
  void rejectsRelativeUrl(String url) {
    assertThat(UrlPolicy.problem(url, false))
        .isEqualTo("must be an absolute URL such as https://issuer.example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https:///path", "https:idp.example.com", "https://:443/"})
  void rejectsUrlWithoutHost(String url) {
    assertThat(UrlPolicy.problem(url, true)).isEqualTo("must name a host");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://user@idp.example.com", "https://user:secret@idp.example.com/"})
  void rejectsUserInfo(String url) {
    assertThat(UrlPolicy.problem(url, true)).isEqualTo("must not carry user information");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://idp.example.com/#keys", "https://idp.example.com#"})
  void rejectsFragment(String url) {
    assertThat(UrlPolicy.problem(url, true)).isEqualTo("must not have a fragment");
  }

  @Test
  void rejectsOtherSchemesEvenWithAllowHttp() {
    assertThat(UrlPolicy.problem("ftp://idp.example.com/jwks", true))
        .isEqualTo("must use https, not ftp");
    assertThat(UrlPolicy.problem("file://localhost/etc/keys.json", true))
        .isEqualTo("must use https, not file");
    assertThat(UrlPolicy.problem("ws://localhost/keys", true)).isEqualTo("must use https, not ws");
  }

  @Test
  void rejectsUnparseableUrlWithTheParsersReason() {
    assertThat(UrlPolicy.problem("https://idp example.com", false))
        .startsWith("is not a valid URL: ")
        .contains("Illegal character");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1.2.3",
        "127.255.255.255",
        "localhost",
        "LOCALHOST",
        "[::1]",
        "::1",
        "[0:0:0:0:0:0:0:1]"
      })
  void isLoopbackForLoopbackHosts(String host) {
    assertThat(UrlPolicy.isLoopback(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "128.0.0.1",
        "126.0.0.1",
        "localhost.example.com",
        "mylocalhost",
        "127.0.0.256",
        "127.0.0",
        "127.0.0.1.example.com",
        "10.0.0.1",
        "0.0.0.0",
        "[::2]",
        "[::]",
        "example.com",
        ""
      })
  void isNotLoopbackForOtherHosts(String host) {
    assertThat(UrlPolicy.isLoopback(host)).isFalse();
  }
}
