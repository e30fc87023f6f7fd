package dev.gatehouse.token;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches a JWKS or discovery document with hard limits: HTTPS (or loopback / dev switch), no
 * redirects, a connect timeout, one total deadline that also cuts off a slow drip, and a cap on the
 * bytes read.
 */
public class JwksFetcher {
  private final TokenSettings settings;
  private final Resolver resolver;
  private final HttpClient client;
  // Where a fetch's blocking read runs while the caller waits out the deadline: an executor this
  // fetcher is given and never owns (FetchThreads in the application,
  // docs/operations.md#stopping).
  private final Executor readers;

  /** Looks up the addresses of a host name (or IP literal). */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK's resolver, whose cache the HTTP client's own look-up shares. */
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
  }

  /** A fetcher whose reads run on {@code readers}. */
  public JwksFetcher(TokenSettings settings, Executor readers) {
    this(settings, Resolver.SYSTEM, readers);
  }

  /**
   * A fetcher that judges discovered JWKS hosts by the addresses {@code resolver} gives (tests
   * stand in for DNS with it; the connection itself always goes through the JDK's resolver); its
   * reads, and the HTTP client's own work, run on {@code readers}.
   */
  public JwksFetcher(TokenSettings settings, Resolver resolver, Executor readers) {
    this.settings = settings;
    this.resolver = resolver;
    this.readers = readers;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(readers)
            .build();
  }

  /** Why a fetch failed, in words for the keys endpoint's {@code lastError}. */
  public static class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * True for a local JWKS file ({@code file:} URL or absolute path), which only providers from
   * configuration may name (MicroProfile JWT's {@code mp.jwt.verify.publickey.location}).
   */
  public static boolean isFile(String location) {
    return location.startsWith("file:") || location.startsWith("/");
  }

  /** GETs {@code url} and returns its body as text; never reads a local file. */
  public String fetch(String url) throws FetchException {
    return fetch(url, false);
  }

  /**
   * GETs {@code url}, or reads it as a local file when {@code fileAllowed} (only for a location
   * that configuration itself names — never one a discovery document or an admin supplied).
   */
  public String fetch(String url, boolean fileAllowed) throws FetchException {
    if (isFile(url)) {
      if (!fileAllowed) {
        throw new FetchException(
            "refusing to read " + url + ": only configuration may name a local file");
      }
      return readFile(url);
    }
    String problem = UrlPolicy.problem(url, settings.allowHttp());
    if (problem != null) {
      throw new FetchException("refusing to fetch " + url + ": it " + problem);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(settings.fetchDeadline())
            .header("Accept", "application/json, application/jwk-set+json")
            .header("User-Agent", "Gatehouse")
            .GET()
            .build();
    AtomicReference<InputStream> body = new AtomicReference<>();
    CompletableFuture<String> result;
    try {
      result = CompletableFuture.supplyAsync(() -> read(request, body), readers);
    } catch (RejectedExecutionException e) {
      throw new FetchException(
          "not fetching " + url + ": no thread to fetch it on (is the application stopping?)");
    }
    try {
      return result.get(settings.fetchDeadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      closeQuietly(body.get());
      throw tookTooLong(url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(body.get());
      throw new FetchException("interrupted while fetching " + url);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WrappedFetchException w) {
        throw w.failure;
      }
      throw new FetchException("fetching " + url + " failed: " + cause);
    }
  }

  private FetchException tookTooLong(String url) {
    return new FetchException(
        "fetching " + url + " took longer than " + settings.fetchDeadline().toSeconds() + " s");
  }

  /**
   * GETs a JWKS URL that {@code issuer}'s discovery document named: as {@link #fetch(String)}, and
   * first refused when its host resolves to a loopback, private, link-local or never-fetched
   * address that the issuer's own host is not on (docs/security.md "Outbound fetches, the demo,
   * paths and cross-site requests"; {@link AddressPolicy}).
   *
   * <p>The HTTP client resolves the host again when it connects. The JDK caches a look-up for 30 s
   * by default ({@code networkaddress.cache.ttl}), so the connection goes to an address judged
   * here; a DNS answer that changes between the two look-ups (rebinding) can only slip through when
   * that cache entry expires in between, or when the operator turned the cache off.
   */
  public String fetchDiscovered(String url, String issuer) throws FetchException {
    if (!isFile(url) && UrlPolicy.problem(url, settings.allowHttp()) == null) {
      String refusal =
          AddressPolicy.refusal(addressesOf(issuer, "the issuer"), addressesOf(url, url));
      if (refusal != null) {
        throw new FetchException(
            "refusing to fetch " + url + ", which the discovery document names: " + refusal);
      }
    }
    return fetch(url, false);
  }

  private List<InetAddress> addressesOf(String url, String what) throws FetchException {
    String host;
    try {
      host = new URI(url).getHost();
    } catch (java.net.URISyntaxException e) {
      host = null;
    }
    if (host == null || host.isEmpty()) {
      throw new FetchException("cannot tell the host of " + what);
    }
    try {
      return resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new FetchException("cannot resolve the host of " + what + ": " + host);
    }
  }

  private String readFile(String location) throws FetchException {
    try {
      Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
      try (InputStream in = Files.newInputStream(path)) {
        byte[] bytes = in.readNBytes(settings.maxBytes() + 1);
        if (bytes.length > settings.maxBytes()) {
          throw new FetchException(location + " is larger than " + settings.maxBytes() + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new FetchException("cannot read " + location + ": " + e.getMessage());
    }
  }

  private String read(HttpRequest request, AtomicReference<InputStream> body) {
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body.set(in);
        if (response.statusCode() != 200) {
          throw new WrappedFetchException(
              new FetchException(request.uri() + " answered HTTP " + response.statusCode()));
        }
        byte[] bytes = in.readNBytes(settings.maxBytes() + 1);
        if (bytes.length > settings.maxBytes()) {
          throw new WrappedFetchException(
              new FetchException(
                  request.uri() + " sent more than " + settings.maxBytes() + " bytes"));
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (java.net.http.HttpTimeoutException e) {
      if (e instanceof java.net.http.HttpConnectTimeoutException) {
        throw new WrappedFetchException(
            new FetchException("fetching " + request.uri() + " failed: " + describe(e)));
      }
      // The request's own timeout (the same deadline) fired before the caller's wait ended: the
      // same failure, said the same way.
      throw new WrappedFetchException(tookTooLong(request.uri().toString()));
    } catch (IOException e) {
      throw new WrappedFetchException(
          new FetchException("fetching " + request.uri() + " failed: " + describe(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WrappedFetchException(new FetchException("interrupted"));
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing only to unblock a reader; nothing else to do
      }
    }
  }

  /** Carries a checked failure out of the reader task. */
  private static final class WrappedFetchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient FetchException failure;

    WrappedFetchException(FetchException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }
}
