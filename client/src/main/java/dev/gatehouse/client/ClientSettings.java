package dev.gatehouse.client;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.Config;

/**
 * The client's configuration (docs/client.md#configuration), read once from MicroProfile Config
 * ({@link #from}) or built in code ({@link #builder}); every value is checked here, and a bad one
 * is refused with a message naming its key and the value.
 *
 * @param url Gatehouse's base URL ({@code gatehouse.client.url}, http or https, a base path
 *     allowed; required)
 * @param workspace the workspace asked when the annotation or the call names none ({@code
 *     gatehouse.client.workspace}, default {@code default})
 * @param connectTimeout to open a connection ({@code gatehouse.client.connect-timeout}, seconds
 *     0.05–60, default 1)
 * @param timeout for a whole check, a retry included ({@code gatehouse.client.timeout}, seconds
 *     0.1–60, default 2)
 * @param retryAfterSeconds the {@code Retry-After} of a 503 when Gatehouse cannot be reached
 *     ({@code gatehouse.client.retry-after}, whole seconds 1–3600, default 5)
 * @param trustStore a trust store file for https ({@code gatehouse.client.trust-store}; empty: the
 *     JDK's trust)
 * @param trustStorePassword its password ({@code gatehouse.client.trust-store-password}; null:
 *     none); never printed
 * @param trustStoreType its type ({@code gatehouse.client.trust-store-type}, default {@code
 *     PKCS12})
 * @param cacheEnabled whether decisions are cached ({@code
 *     gatehouse.client.decision-cache.enabled}, default false)
 * @param cacheTtl how long at most a decision is cached, never past the token's {@code exp} ({@code
 *     gatehouse.client.decision-cache.ttl}, seconds 1–3600, default 30)
 * @param cacheMaxEntries how many decisions are cached at most ({@code
 *     gatehouse.client.decision-cache.max-entries}, 1–1,000,000, default 10,000)
 */
public record ClientSettings(
    URI url,
    String workspace,
    Duration connectTimeout,
    Duration timeout,
    int retryAfterSeconds,
    Optional<Path> trustStore,
    String trustStorePassword,
    String trustStoreType,
    boolean cacheEnabled,
    Duration cacheTtl,
    int cacheMaxEntries) {

  static final String URL = "gatehouse.client.url";
  static final String WORKSPACE = "gatehouse.client.workspace";
  static final String CONNECT_TIMEOUT = "gatehouse.client.connect-timeout";
  static final String TIMEOUT = "gatehouse.client.timeout";
  static final String RETRY_AFTER = "gatehouse.client.retry-after";

  /** {@code gatehouse.client.retry-after}'s default, in seconds (docs/client.md#configuration). */
  static final int DEFAULT_RETRY_AFTER_SECONDS = 5;

  static final String TRUST_STORE = "gatehouse.client.trust-store";
  static final String TRUST_STORE_PASSWORD = "gatehouse.client.trust-store-password";
  static final String TRUST_STORE_TYPE = "gatehouse.client.trust-store-type";
  static final String CACHE_ENABLED = "gatehouse.client.decision-cache.enabled";
  static final String CACHE_TTL = "gatehouse.client.decision-cache.ttl";
  static final String CACHE_MAX_ENTRIES = "gatehouse.client.decision-cache.max-entries";

  /** Gatehouse's workspace name rule (docs/api.md#workspaces). */
  static final Pattern WORKSPACE_NAME = Pattern.compile("[a-z0-9-]{1,63}");

  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9})?");
  private static final Pattern COUNT = Pattern.compile("[0-9]{1,9}");

  public ClientSettings {
    url = checkUrl(url);
    if (workspace == null || !WORKSPACE_NAME.matcher(workspace).matches()) {
      throw bad(
          WORKSPACE,
          "must be a workspace name (1-63 lower-case letters, digits and -)",
          String.valueOf(workspace));
    }
    checkRange(CONNECT_TIMEOUT, connectTimeout, Duration.ofMillis(50), Duration.ofSeconds(60));
    checkRange(TIMEOUT, timeout, Duration.ofMillis(100), Duration.ofSeconds(60));
    if (retryAfterSeconds < 1 || retryAfterSeconds > 3600) {
      throw bad(RETRY_AFTER, "must be whole seconds between 1 and 3600", "" + retryAfterSeconds);
    }
    if (trustStore == null) {
      throw new IllegalArgumentException("trustStore is Optional.empty() when unset, not null");
    }
    if (trustStoreType == null || trustStoreType.isBlank()) {
      throw bad(TRUST_STORE_TYPE, "must name a key store type (PKCS12, JKS)", "" + trustStoreType);
    }
    checkRange(CACHE_TTL, cacheTtl, Duration.ofSeconds(1), Duration.ofSeconds(3600));
    if (cacheMaxEntries < 1 || cacheMaxEntries > 1_000_000) {
      throw bad(CACHE_MAX_ENTRIES, "must be a count between 1 and 1000000", "" + cacheMaxEntries);
    }
  }

  /** The defaults for Gatehouse at {@code url}. */
  public static ClientSettings defaults(String url) {
    return builder(url).build();
  }

  /** A builder starting from the defaults, for Gatehouse at {@code url}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder(url.toString());
    b.workspace = workspace;
    b.connectTimeout = connectTimeout;
    b.timeout = timeout;
    b.retryAfterSeconds = retryAfterSeconds;
    b.trustStore = trustStore;
    b.trustStorePassword = trustStorePassword;
    b.trustStoreType = trustStoreType;
    b.cacheEnabled = cacheEnabled;
    b.cacheTtl = cacheTtl;
    b.cacheMaxEntries = cacheMaxEntries;
    return b;
  }

  /**
   * Reads every {@code gatehouse.client.*} key (docs/client.md#configuration).
   *
   * @throws IllegalArgumentException naming the key and its value when one is missing or bad
   */
  public static ClientSettings from(Config config) {
    String url =
        text(config, URL)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        URL
                            + " is required: the http:// or https:// URL of Gatehouse"
                            + " (environment variable GATEHOUSE_CLIENT_URL)"));
    Builder b = builder(url);
    text(config, WORKSPACE).ifPresent(b::workspace);
    text(config, CONNECT_TIMEOUT).ifPresent(v -> b.connectTimeout(seconds(CONNECT_TIMEOUT, v)));
    text(config, TIMEOUT).ifPresent(v -> b.timeout(seconds(TIMEOUT, v)));
    text(config, RETRY_AFTER).ifPresent(v -> b.retryAfterSeconds(count(RETRY_AFTER, v)));
    Optional<String> store = text(config, TRUST_STORE);
    Optional<String> password = text(config, TRUST_STORE_PASSWORD);
    if (store.isEmpty() && password.isPresent()) {
      throw new IllegalArgumentException(
          TRUST_STORE_PASSWORD + " is set but " + TRUST_STORE + " is not");
    }
    store.ifPresent(s -> b.trustStore(Path.of(s), password.orElse(null)));
    text(config, TRUST_STORE_TYPE).ifPresent(b::trustStoreType);
    text(config, CACHE_ENABLED).ifPresent(v -> b.cacheEnabled(bool(CACHE_ENABLED, v)));
    text(config, CACHE_TTL).ifPresent(v -> b.cacheTtl(Duration.ofSeconds(count(CACHE_TTL, v))));
    text(config, CACHE_MAX_ENTRIES).ifPresent(v -> b.cacheMaxEntries(count(CACHE_MAX_ENTRIES, v)));
    return b.build();
  }

  /**
   * The TLS context for a configured trust store, or empty for the JDK's default trust.
   *
   * @throws IllegalArgumentException naming the key when the file cannot be read as a trust store
   */
  Optional<SSLContext> sslContext() {
    if (trustStore.isEmpty()) {
      return Optional.empty();
    }
    Path file = trustStore.get();
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(trustStoreType);
      ks.load(in, trustStorePassword == null ? null : trustStorePassword.toCharArray());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return Optional.of(ssl);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          TRUST_STORE
              + " '"
              + quoted(file.toString())
              + "' cannot be read as a "
              + trustStoreType
              + " trust store with "
              + TRUST_STORE_PASSWORD
              + ": "
              + e.getClass().getName(),
          e);
    }
  }

  /** Never prints the trust store's password. */
  @Override
  public String toString() {
    return "ClientSettings[url="
        + url
        + ", workspace="
        + workspace
        + ", connectTimeout="
        + connectTimeout
        + ", timeout="
        + timeout
        + ", retryAfterSeconds="
        + retryAfterSeconds
        + ", trustStore="
        + trustStore
        + ", trustStoreType="
        + trustStoreType
        + ", cacheEnabled="
        + cacheEnabled
        + ", cacheTtl="
        + cacheTtl
        + ", cacheMaxEntries="
        + cacheMaxEntries
        + "]";
  }

  private static URI checkUrl(URI url) {
    if (url == null) {
      throw new IllegalArgumentException(URL + " is required");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw badUrl("must be an http:// or https:// URL", url.toString());
    }
    if (url.getRawUserInfo() != null) {
      // Not echoed: it would print the credentials.
      throw new IllegalArgumentException(
          URL + " must not carry user info (user:password@): Gatehouse's check API needs none");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw badUrl("must name a host", url.toString());
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw badUrl("must not have a query or a fragment", url.toString());
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      return new URI(scheme + "://" + url.getRawAuthority() + path);
    } catch (URISyntaxException e) {
      throw badUrl("must be an http:// or https:// URL", url.toString());
    }
  }

  private static void checkRange(String key, Duration d, Duration min, Duration max) {
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw bad(
          key,
          "must be seconds between "
              + secondsText(min)
              + " and "
              + secondsText(max)
              + " (fractions allowed)",
          d == null ? "null" : secondsText(d));
    }
  }

  private static Optional<String> text(Config config, String key) {
    return config.getOptionalValue(key, String.class).map(String::trim);
  }

  static Duration seconds(String key, String v) {
    if (!SECONDS.matcher(v).matches()) {
      throw bad(key, "must be a number of seconds (fractions allowed)", v);
    }
    BigDecimal nanos = new BigDecimal(v).movePointRight(9);
    if (nanos.stripTrailingZeros().scale() > 0) {
      throw bad(key, "must be a number of seconds with at most 9 decimals", v);
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  static int count(String key, String v) {
    if (!COUNT.matcher(v).matches()) {
      throw bad(key, "must be a whole number", v);
    }
    return Integer.parseInt(v);
  }

  static boolean bool(String key, String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw bad(key, "must be true or false", v);
  }

  private static String secondsText(Duration d) {
    return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
  }

  /** A bad URL, not echoed when it may hold credentials ({@code user:password@}). */
  private static IllegalArgumentException badUrl(String rule, String value) {
    return value.contains("@")
        ? new IllegalArgumentException(URL + " " + rule + " (the value is not shown: it has an @)")
        : bad(URL, rule, value);
  }

  private static IllegalArgumentException bad(String key, String rule, String value) {
    return new IllegalArgumentException(key + " " + rule + ", not '" + quoted(value) + "'");
  }

  /** A configured value as printable text: control characters escaped, cut at 200 characters. */
  static String quoted(String value) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length() && i < 200; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (value.length() > 200) {
      b.append("… (").append(value.length()).append(" characters)");
    }
    return b.toString();
  }

  /** Builds {@link ClientSettings} in code, starting from the defaults. */
  public static final class Builder {
    private final String url;
    private String workspace = "default";
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(2);
    private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
    private Optional<Path> trustStore = Optional.empty();
    private String trustStorePassword;
    private String trustStoreType = "PKCS12";
    private boolean cacheEnabled;
    private Duration cacheTtl = Duration.ofSeconds(30);
    private int cacheMaxEntries = 10_000;

    private Builder(String url) {
      this.url = url;
    }

    public Builder workspace(String workspace) {
      this.workspace = workspace;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder retryAfterSeconds(int retryAfterSeconds) {
      this.retryAfterSeconds = retryAfterSeconds;
      return this;
    }

    /** A trust store file for https, and its password (null: none). */
    public Builder trustStore(Path file, String password) {
      this.trustStore = Optional.of(file);
      this.trustStorePassword = password;
      return this;
    }

    public Builder trustStoreType(String trustStoreType) {
      this.trustStoreType = trustStoreType;
      return this;
    }

    public Builder cacheEnabled(boolean cacheEnabled) {
      this.cacheEnabled = cacheEnabled;
      return this;
    }

    public Builder cacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
      return this;
    }

    public Builder cacheMaxEntries(int cacheMaxEntries) {
      this.cacheMaxEntries = cacheMaxEntries;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public ClientSettings build() {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException(URL + " is required");
      }
      URI uri;
      try {
        uri = new URI(url.trim());
      } catch (URISyntaxException e) {
        throw badUrl("must be an http:// or https:// URL", url);
      }
      return new ClientSettings(
          uri,
          workspace,
          connectTimeout,
          timeout,
          retryAfterSeconds,
          trustStore,
          trustStorePassword,
          trustStoreType,
          cacheEnabled,
          cacheTtl,
          cacheMaxEntries);
    }
  }
}
