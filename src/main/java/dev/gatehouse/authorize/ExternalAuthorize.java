package dev.gatehouse.authorize;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Protects a Jakarta endpoint (method or class; a method's annotation wins over its class's) with
 * the same decision the check API makes: no or bad token → 401, denied → 403, allowed → the method
 * runs and may {@code @Inject ExternalPrincipal}.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ExternalAuthorize {
  /**
   * The priority of the interceptors that enforce this annotation, in Gatehouse and in the client
   * library alike: early in the platform's range, so that the decision comes before every
   * application or library interceptor (fault tolerance's fallback and retry, caching, transactions
   * at {@code PLATFORM_BEFORE + 200}), none of which can then answer in its place
   * (docs/annotations.md).
   */
  int INTERCEPTOR_PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 100;

  /** The resource checked, e.g. {@code orders}. */
  @Nonbinding
  String resource() default "";

  /** The action checked, e.g. {@code approve}. */
  @Nonbinding
  String action() default "";

  /** The workspace whose providers and policies decide. */
  @Nonbinding
  String workspace() default "default";

  /**
   * With no token at all, run the method with an anonymous principal (a bad token is still 401).
   */
  @Nonbinding
  boolean allowUnauthenticated() default false;
}
