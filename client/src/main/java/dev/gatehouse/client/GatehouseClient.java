package dev.gatehouse.client;

import jakarta.json.JsonValue;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Asks a remote Gatehouse's check API for decisions (docs/client.md#the-programmatic-client), with
 * or without CDI. Thread-safe: make one per Gatehouse and share it (it holds one HTTP/1.1 client
 * whose connections are kept alive). A check that cannot be decided throws a {@link
 * GatehouseException}, never answers allowed (docs/client.md#failing-closed).
 */
public final class GatehouseClient {
  private static final Logger LOG = Logger.getLogger(GatehouseClient.class.getName());

  /** At most this much of an answer is read (docs/client.md#failing-closed). */
  static final int MAX_ANSWER_BYTES = 1 << 20;

  /** Gatehouse's request body limit (docs/api.md#limits): a bigger body is not sent. */
  static final int MAX_REQUEST_BYTES = 1 << 20;

  /** At most one warning about an unreachable Gatehouse per this interval. */
  private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ClientSettings settings;
  private final HttpClient http;
  private final Answers answers = new Answers();
  private final DecisionCache cache;
  private final Clock clock;
  private final AtomicLong lastWarning = new AtomicLong();
  private final AtomicLong unwarned = new AtomicLong();

  private GatehouseClient(ClientSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            // The JDK's own executor, on purpose: with a same-thread one the request would also
            // resolve Gatehouse's host name on the caller's thread, before the deadline can cut
            // it off (a hung DNS would hold the check past gatehouse.client.timeout).
            .followRedirects(HttpClient.Redirect.NEVER);
    settings.sslContext().ifPresent(b::sslContext);
    this.http = b.build();
    this.cache =
        settings.cacheEnabled()
            ? new DecisionCache(settings.cacheTtl(), settings.cacheMaxEntries())
            : null;
    lastWarning.set(System.nanoTime() - WARNING_INTERVAL_NANOS);
  }

  /**
   * A client for these settings.
   *
   * @throws IllegalArgumentException when the trust store cannot be read
   */
  public static GatehouseClient create(ClientSettings settings) {
    return new GatehouseClient(settings, Clock.systemUTC());
  }

  /** For tests of the decision cache: time as {@code clock} tells it. */
  static GatehouseClient create(ClientSettings settings, Clock clock) {
    return new GatehouseClient(settings, clock);
  }

  /**
   * A client configured by the {@code gatehouse.client.*} keys.
   *
   * @throws IllegalArgumentException naming the key of a missing or bad value
   */
  public static GatehouseClient fromConfig(Config config) {
    return create(ClientSettings.from(config));
  }

  public ClientSettings settings() {
    return settings;
  }

  /**
   * May the token's holder do {@code action} on {@code resource}? In the settings' workspace.
   *
   * @param token the caller's JWT; null asks without one (Gatehouse answers {@code missing_token})
   * @throws TokenRejectedException the token cannot be trusted (401 code, or 413)
   * @throws GatehouseUnavailableException no decision could be had
   * @throws CheckRefusedException Gatehouse refused the request (400, 404, …)
   */
  public Decision check(String token, String resource, String action, Map<String, ?> context) {
    return check(token, new Check(resource, action, context), CheckOptions.DEFAULT);
  }

  /** One check, asked as {@code options} say (see {@link #check(String, String, String, Map)}). */
  public Decision check(String token, Check check, CheckOptions options) {
    options = options == null ? CheckOptions.DEFAULT : options;
    String workspace = workspaceOf(options);
    boolean cached = cache != null && token != null;
    // Once: the cache key and the request body are both written from it.
    JsonValue context = answers.context(check.context());
    DecisionCache.Key key = null;
    if (cached) {
      key =
          DecisionCache.key(
              workspace,
              token,
              check.resource(),
              check.action(),
              answers.canonical(context),
              options.ipAddress());
      Decision hit = cache.get(key, clock.instant());
      if (hit != null) {
        return options.includePrincipal() ? hit : hit.withPrincipal(null);
      }
    }
    // With the cache on, the principal is always asked: its expiresAt bounds the entry.
    boolean principal = options.includePrincipal() || cached;
    byte[] body = answers.checkBody(token, check, context, options.ipAddress(), principal);
    byte[] answer = post(workspace, "check", body);
    Decision d;
    try {
      d = answers.decision(answer, principal);
    } catch (Answers.Unusable e) {
      throw unavailable(e);
    }
    if (cached) {
      cache.put(key, d, clock.instant());
    }
    return options.includePrincipal() ? d : d.withPrincipal(null);
  }

  /** Up to 100 checks for one token, in the settings' workspace; never cached. */
  public BatchDecision checkBatch(String token, List<Check> checks) {
    return checkBatch(token, checks, CheckOptions.DEFAULT);
  }

  /** Up to 100 checks for one token, asked as {@code options} say; never cached. */
  public BatchDecision checkBatch(String token, List<Check> checks, CheckOptions options) {
    options = options == null ? CheckOptions.DEFAULT : options;
    String workspace = workspaceOf(options);
    byte[] body = answers.batchBody(token, checks, options.ipAddress(), options.includePrincipal());
    byte[] answer = post(workspace, "check-batch", body);
    try {
      return answers.batch(answer, checks.size(), options.includePrincipal());
    } catch (Answers.Unusable e) {
      throw unavailable(e);
    }
  }

  private String workspaceOf(CheckOptions options) {
    String ws = options.workspace() == null ? settings.workspace() : options.workspace();
    if (!ClientSettings.WORKSPACE_NAME.matcher(ws).matches()) {
      // Gatehouse answers a name that breaks the rule with this 404 too, without repeating it.
      throw new CheckRefusedException(404, "not_found", "no such workspace", List.of());
    }
    return ws;
  }

  /**
   * POSTs {@code body} and returns a 200's body, or throws what any other outcome stands for. One
   * retry, only for a connection that dropped before Gatehouse answered anything, within the same
   * deadline (docs/client.md#failing-closed).
   */
  private byte[] post(String workspace, String operation, byte[] body) {
    if (body.length > MAX_REQUEST_BYTES) {
      throw new CheckRefusedException(
          413, "payload_too_large", "the request body is over 1 MiB", List.of());
    }
    URI uri =
        URI.create(
            settings.url() + "/api/v1/workspaces/" + workspace + "/authorization/" + operation);
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    for (int attempt = 1; ; attempt++) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw unavailable(new HttpTimeoutException("no answer within " + settings.timeout()));
      }
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofNanos(left))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json, application/problem+json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      CompletableFuture<HttpResponse<byte[]>> f =
          http.sendAsync(request, LimitedBody.handler(MAX_ANSWER_BYTES));
      HttpResponse<byte[]> response;
      try {
        response = f.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw unavailable(new HttpTimeoutException("no answer within " + settings.timeout()));
      } catch (java.util.concurrent.CancellationException e) {
        throw unavailable(e);
      } catch (InterruptedException e) {
        f.cancel(true);
        Thread.currentThread().interrupt();
        throw unavailable(e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (attempt == 1 && droppedBeforeAnswer(cause) && deadline - System.nanoTime() > 0) {
          continue;
        }
        throw unavailable(cause);
      }
      return bodyOf(response);
    }
  }

  private byte[] bodyOf(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    GatehouseException problem;
    try {
      if (status < 400) {
        throw new Answers.Unusable("Gatehouse answered HTTP " + status);
      }
      problem =
          answers.problem(
              status,
              response.body(),
              response.headers().firstValue("Retry-After"),
              settings.retryAfterSeconds());
    } catch (Answers.Unusable e) {
      throw unavailable(e);
    }
    throw problem;
  }

  /**
   * Whether the JDK's HTTP client re-attempts a refused connection once by itself (it does unless
   * {@code -Djdk.httpclient.disableRetryConnect=true}); then this client adds no retry of its own.
   */
  static final boolean JDK_RETRIES_CONNECT = !disabled("jdk.httpclient.disableRetryConnect");

  private static boolean disabled(String property) {
    String v = System.getProperty(property);
    return v != null && (v.isEmpty() || Boolean.parseBoolean(v));
  }

  /**
   * A connection that ended before any byte of an answer (how the JDK reports a kept-alive
   * connection that the server had closed), or a refused one when the JDK did not re-attempt it
   * already: Gatehouse did not answer, so asking once more is safe. A timeout, a reset or any
   * answer is not retried (docs/client.md#failing-closed).
   */
  static boolean droppedBeforeAnswer(Throwable t) {
    if (t instanceof ConnectException) {
      return !JDK_RETRIES_CONNECT;
    }
    if (!(t instanceof IOException) || t instanceof HttpTimeoutException) {
      return false;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof EOFException
          || (c.getMessage() != null && c.getMessage().contains("received no bytes"))) {
        return true;
      }
    }
    return false;
  }

  /** Gatehouse gave no decision: fail closed, and say so in the log about once a minute. */
  private GatehouseUnavailableException unavailable(Throwable cause) {
    warn(cause);
    return new GatehouseUnavailableException(
        GatehouseUnavailableException.GATEHOUSE_UNAVAILABLE,
        GatehouseUnavailableException.DETAIL,
        settings.retryAfterSeconds(),
        cause);
  }

  private void warn(Throwable cause) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last < WARNING_INTERVAL_NANOS || !lastWarning.compareAndSet(last, now)) {
      unwarned.incrementAndGet();
      return;
    }
    long skipped = unwarned.getAndSet(0);
    if (LOG.isLoggable(Level.WARNING)) {
      LOG.warning(
          "Gatehouse at "
              + settings.url()
              + " gave no decision ("
              + cause.getClass().getName()
              + ": "
              + ClientSettings.quoted(String.valueOf(cause.getMessage()))
              + "); the checks fail closed with 503"
              + (skipped > 0 ? " (" + skipped + " more failures since the last warning)" : "")
              + ". The next failure is logged after a minute at the earliest.");
    }
  }
}
