package dev.gatehouse.authorize;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a parameter of an {@link ExternalAuthorize}d method into the decision's {@code context}:
 * {@code @AuthorizationContext("orderId") String id} gives {@code context.orderId}. Numbers stay
 * numbers. On an object (a request body, say) the value names a key for the whole object ({@code
 * context.order.amount}); left empty, the object's properties are added at the top ({@code
 * context.amount}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface AuthorizationContext {
  /** The context key; empty on an object to merge its properties at the top. */
  String value() default "";
}
