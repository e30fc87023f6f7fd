package dev.gatehouse.authorize;

import dev.gatehouse.json.JsonValues;
import dev.gatehouse.token.BearerToken;
import jakarta.interceptor.InvocationContext;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link ExternalAuthorize}d call asks, read the same way by the in-server interceptor and
 * the client library's remote one (docs/annotations.md): which annotation applies, where the token
 * is, and the decision's {@code context} from the {@link AuthorizationContext} parameters.
 */
public final class AuthorizedCall {
  private AuthorizedCall() {}

  /** The method's annotation, else its class's (a method's wins). */
  public static ExternalAuthorize binding(Method m) {
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
   * header key is {@code Cookie}, MicroProfile JWT's way; its default name is Bearer). Null when
   * there is none.
   */
  public static String tokenOf(HttpServletRequest http, AuthorizeSettings settings) {
    if (http == null) {
      return null;
    }
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
  public static Map<String, Object> context(InvocationContext ic) {
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

  /**
   * A parameter as JSON-as-Java: strings, booleans, numbers as BigDecimal, enums by name, JSON-P
   * values and other objects (via JSON-B) as maps and lists.
   */
  public static Object toJava(Object v) {
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
    if (v instanceof JsonValue j) {
      return JsonValues.toJava(j);
    }
    String json = Binding.JSONB.toJson(v);
    try (var reader = jakarta.json.Json.createReader(new StringReader(json))) {
      return JsonValues.toJava(reader.readValue());
    }
  }

  /** JSON-B, made on first use: an application whose parameters are all plain needs none. */
  private static final class Binding {
    static final Jsonb JSONB = JsonbBuilder.create();
  }
}
