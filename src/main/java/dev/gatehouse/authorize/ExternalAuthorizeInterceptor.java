package dev.gatehouse.authorize;

import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.check.BearerToken;
import dev.gatehouse.check.Caller;
import dev.gatehouse.check.CheckRequest;
import dev.gatehouse.check.CheckService;
import dev.gatehouse.error.DeniedException;
import dev.gatehouse.json.Json;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the check API's decision before an {@link ExternalAuthorize}d method: the same verifier,
 * engine and audit log (source {@code interceptor}), so there is one decision path.
 */
@ExternalAuthorize
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 10)
public class ExternalAuthorizeInterceptor {
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Inject CheckService checks;
  @Inject PrincipalHolder holder;
  @Inject Instance<HttpServletRequest> request;
  @Inject AuthorizeSettings settings;

  @AroundInvoke
  Object authorize(InvocationContext ic) throws Exception {
    ExternalAuthorize a = binding(ic.getMethod());
    HttpServletRequest http = request.isResolvable() ? request.get() : null;
    String token = http == null ? null : tokenOf(http);
    if (token == null && a.allowUnauthenticated()) {
      holder.set(VerifiedPrincipal.anonymous());
      return ic.proceed();
    }
    CheckRequest check = new CheckRequest(token, a.resource(), a.action(), context(ic), null);
    // The token was looked for above (tokenOf); the caller's Authorization header is only read
    // again by the check path when none was found there, and then holds no Bearer token either.
    CheckService.Outcome o =
        checks.check(a.workspace(), check, Caller.of(http), DecisionRecord.Source.INTERCEPTOR);
    if (!o.decision().allowed()) {
      throw new DeniedException(
          o.decisionId(),
          o.decision().reason(),
          o.decision().policyName(),
          "access to "
              + a.action()
              + " on "
              + a.resource()
              + " was denied (decision "
              + o.decisionId()
              + ")");
    }
    holder.set(
        new VerifiedPrincipal(
            o.token(), o.decisionId(), o.decision().policyName(), settings.groupsClaim()));
    return ic.proceed();
  }

  /** The method's annotation, else its class's (a method's wins). */
  static ExternalAuthorize binding(Method m) {
    ExternalAuthorize a = m.getAnnotation(ExternalAuthorize.class);
    if (a != null) {
      return a;
    }
    for (Class<?> c = m.getDeclaringClass(); c != null; c = c.getSuperclass()) {
      a = c.getAnnotation(ExternalAuthorize.class);
      if (a != null) {
        return a;
      }
    }
    throw new IllegalStateException("no @ExternalAuthorize on " + m);
  }

  /**
   * The token: {@code Authorization: Bearer …}; else the header named by {@code
   * mp.jwt.token.header} (when it is not Authorization or Cookie; a "Bearer " prefix is optional);
   * else the cookie named by {@code mp.jwt.token.cookie} (read when that key is set, or when the
   * header key is {@code Cookie}, MicroProfile JWT's way; its default name is Bearer).
   */
  String tokenOf(HttpServletRequest http) {
    String bearer = BearerToken.of(http.getHeader("Authorization"));
    if (bearer != null) {
      return bearer;
    }
    String header = settings.tokenHeader();
    if (!header.equalsIgnoreCase("Authorization") && !header.equalsIgnoreCase("Cookie")) {
      String v = BearerToken.of(http.getHeader(header), true);
      if (v != null) {
        return v;
      }
    }
    var cookieName = settings.tokenCookie();
    if (cookieName.isPresent() || header.equalsIgnoreCase("Cookie")) {
      String name = cookieName.orElse("Bearer");
      Cookie[] cookies = http.getCookies();
      if (cookies != null) {
        for (Cookie c : cookies) {
          if (c.getName().equals(name) && !c.getValue().isBlank()) {
            return c.getValue().trim();
          }
        }
      }
    }
    return null;
  }

  /** The decision's context from the method's {@code @AuthorizationContext} parameters. */
  static Map<String, Object> context(InvocationContext ic) {
    Map<String, Object> context = new LinkedHashMap<>();
    Annotation[][] annotations = ic.getMethod().getParameterAnnotations();
    Object[] args = ic.getParameters();
    for (int i = 0; i < annotations.length; i++) {
      for (Annotation an : annotations[i]) {
        if (an instanceof AuthorizationContext ac) {
          Object value = toJava(args[i]);
          if (value == null) {
            continue;
          }
          if (ac.value().isEmpty()) {
            if (value instanceof Map<?, ?> m) {
              m.forEach((k, v) -> context.put(String.valueOf(k), v));
            } else {
              context.put(ic.getMethod().getParameters()[i].getName(), value);
            }
          } else {
            context.put(ac.value(), value);
          }
        }
      }
    }
    return context;
  }

  /** A parameter as JSON-as-Java: numbers stay numbers, objects become maps (via JSON-B). */
  static Object toJava(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof jakarta.json.JsonValue j) {
      return Json.toJava(j);
    }
    return Json.toJava(Json.parse(JSONB.toJson(v)));
  }
}
