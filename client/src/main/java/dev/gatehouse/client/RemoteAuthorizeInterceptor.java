package dev.gatehouse.client;

import dev.gatehouse.authorize.AuthorizeSettings;
import dev.gatehouse.authorize.AuthorizedCall;
import dev.gatehouse.authorize.ClaimsPrincipal;
import dev.gatehouse.authorize.ExternalAuthorize;
import dev.gatehouse.authorize.PrincipalHolder;
import dev.gatehouse.error.ProblemTitles;
import dev.gatehouse.token.TokenCodes;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code @ExternalAuthorize} in an application of its own: asks a remote Gatehouse's check API and
 * enforces the answer as the in-server interceptor does (docs/client.md#the-remote-interceptor): an
 * untrusted token → 401 with its code and challenge, denied → 403 {@code forbidden} with the {@code
 * decisionId}, Gatehouse unreachable → 503 with {@code Retry-After}; allowed → the method runs with
 * the {@code ExternalPrincipal} Gatehouse verified.
 */
@ExternalAuthorize
@Interceptor
@Priority(ExternalAuthorize.INTERCEPTOR_PRIORITY)
public class RemoteAuthorizeInterceptor {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** Looked up once: {@code jakarta.json.Json}'s statics look the provider up on every call. */
  private static final JsonProvider JSON = JsonProvider.provider();

  @Inject GatehouseClient client;
  @Inject PrincipalHolder holder;
  @Inject Instance<HttpServletRequest> request;
  @Inject AuthorizeSettings settings;

  @AroundInvoke
  Object authorize(InvocationContext ic) throws Exception {
    ProblemReply refusal = admit(ic);
    if (refusal != null) {
      throw refusal.toException();
    }
    return ic.proceed();
  }

  /**
   * Asks Gatehouse about this call: null when it may run (the principal is then set), else the
   * answer to give instead.
   */
  ProblemReply admit(InvocationContext ic) {
    ExternalAuthorize a = AuthorizedCall.binding(ic.getMethod());
    HttpServletRequest http = request.isResolvable() ? request.get() : null;
    String token = AuthorizedCall.tokenOf(http, settings);
    if (token == null && a.allowUnauthenticated()) {
      holder.set(ClaimsPrincipal.anonymous());
      return null;
    }
    // An annotation that names no workspace of its own leaves the choice to the configuration.
    String workspace =
        a.workspace().equals("default") ? client.settings().workspace() : a.workspace();
    CheckOptions options =
        new CheckOptions(workspace, http == null ? null : ipAddress(http.getRemoteAddr()), true);
    Check check = new Check(a.resource(), a.action(), AuthorizedCall.context(ic));
    Decision d;
    try {
      d = client.check(token, check, options);
    } catch (GatehouseException e) {
      return reply(e, client.settings().retryAfterSeconds());
    }
    if (!d.allowed()) {
      return denied(a.resource(), a.action(), d);
    }
    Principal p = d.principal();
    holder.set(
        new ClaimsPrincipal(
            token,
            p.subject(),
            p.providerId(),
            p.claims(),
            p.attributes(),
            d.decisionId(),
            d.policy(),
            settings.groupsClaim()));
    return null;
  }

  /** The caller's address for the check, when the servlet container gives an IP literal. */
  static String ipAddress(String remoteAddr) {
    if (remoteAddr == null) {
      return null;
    }
    if (IPV4.matcher(remoteAddr).matches()) {
      return remoteAddr;
    }
    // Only hex digits, colons and dots, so never a host name to resolve.
    if (IPV6.matcher(remoteAddr).matches() && remoteAddr.indexOf(':') >= 0) {
      try {
        java.net.InetAddress.getByName(remoteAddr); // a literal: parsed, never looked up
        return remoteAddr;
      } catch (java.net.UnknownHostException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * 403 {@code forbidden}, as the in-server interceptor answers (docs/api.md#annotated-endpoints).
   */
  static ProblemReply denied(String resource, String action, Decision d) {
    JsonObjectBuilder b =
        problem(
            403,
            "forbidden",
            "access to "
                + action
                + " on "
                + resource
                + " was denied (decision "
                + d.decisionId()
                + ")");
    b.add("decisionId", d.decisionId());
    b.add("reason", d.reason());
    if (d.policy() == null) {
      b.addNull("policy");
    } else {
      b.add("policy", d.policy());
    }
    return new ProblemReply(403, Map.of(), b.build());
  }

  /** The answer for a check Gatehouse did not decide. */
  static ProblemReply reply(GatehouseException e) {
    return reply(e, ClientSettings.DEFAULT_RETRY_AFTER_SECONDS);
  }

  /**
   * The answer for a check Gatehouse did not decide; {@code retryAfterSeconds} is the {@code
   * Retry-After} of an outage the client saw itself ({@code gatehouse.client.retry-after}).
   */
  static ProblemReply reply(GatehouseException e, int retryAfterSeconds) {
    if (e instanceof TokenRejectedException t) {
      return rejected(t);
    }
    if (e instanceof CheckRefusedException r && relayed(r)) {
      return refused(r);
    }
    if (e instanceof GatehouseUnavailableException u) {
      return unavailable(u);
    }
    return unavailable(
        new GatehouseUnavailableException(
            GatehouseUnavailableException.GATEHOUSE_UNAVAILABLE,
            GatehouseUnavailableException.DETAIL,
            retryAfterSeconds,
            e));
  }

  /**
   * 401 with the code's fixed text in the body and the challenge, or 413 without a challenge: never
   * a word of Gatehouse's own answer (docs/security.md#response-headers-and-public-answers).
   */
  static ProblemReply rejected(TokenRejectedException e) {
    String detail = TokenCodes.publicDetail(e.code());
    Map<String, String> headers =
        e.status() == 401
            ? Map.of(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"" + detail + "\"")
            : Map.of();
    return new ProblemReply(e.status(), headers, problem(e.status(), e.code(), detail).build());
  }

  /** 503 with a fixed detail and {@code Retry-After} in whole seconds; the method never runs. */
  static ProblemReply unavailable(GatehouseUnavailableException e) {
    String detail =
        e.code().equals(TokenCodes.JWKS_UNAVAILABLE)
            ? TokenCodes.publicDetail(e.code())
            : GatehouseUnavailableException.DETAIL;
    String code =
        e.code().equals(TokenCodes.JWKS_UNAVAILABLE)
            ? e.code()
            : GatehouseUnavailableException.GATEHOUSE_UNAVAILABLE;
    int seconds = Math.max(1, Math.min(3600, e.retryAfterSeconds()));
    return new ProblemReply(
        503, Map.of("Retry-After", Integer.toString(seconds)), problem(503, code, detail).build());
  }

  /**
   * Whether Gatehouse's refusal is the endpoint's answer too: a 400 {@code validation_failed} (what
   * the annotation and its parameters asked) or a 404 {@code not_found} (no such workspace). Any
   * other refusal (405, 406, 409, 415, 429, a 403 that is no decision, …) says the client and
   * Gatehouse do not understand each other, or Gatehouse is overloaded: not the caller's fault, so
   * it is answered as unavailable (docs/client.md#the-remote-interceptor).
   */
  static boolean relayed(CheckRefusedException e) {
    return (e.status() == 400 && e.code().equals("validation_failed"))
        || (e.status() == 404 && e.code().equals("not_found"));
  }

  /** Gatehouse's 400 or 404, re-written from its parsed JSON. */
  static ProblemReply refused(CheckRefusedException e) {
    JsonObjectBuilder b = problem(e.status(), e.code(), e.detail());
    if (!e.errors().isEmpty()) {
      JsonArrayBuilder errors = JSON.createArrayBuilder();
      for (FieldError f : e.errors()) {
        errors.add(
            JSON.createObjectBuilder().add("pointer", f.pointer()).add("message", f.message()));
      }
      b.add("errors", errors);
    }
    return new ProblemReply(e.status(), Map.of(), b.build());
  }

  private static JsonObjectBuilder problem(int status, String code, String detail) {
    return JSON.createObjectBuilder()
        .add("type", "urn:gatehouse:problem:" + code)
        .add("title", ProblemTitles.of(status))
        .add("status", status)
        .add("detail", detail == null ? JsonValue.NULL : JSON.createValue(detail))
        .add("code", code);
  }
}
