package dev.gatehouse.client;

import dev.gatehouse.authorize.ClaimsPrincipal;
import dev.gatehouse.authorize.ExternalPrincipal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The current request's external principal, set by {@link RemoteAuthorizeInterceptor} and injected
 * from here ({@code @Inject ExternalPrincipal}, docs/client.md#the-remote-interceptor).
 */
@RequestScoped
public class RemotePrincipalHolder {
  private ExternalPrincipal principal = ClaimsPrincipal.anonymous();

  void set(ExternalPrincipal principal) {
    this.principal = principal;
  }

  ExternalPrincipal get() {
    return principal;
  }

  /** {@code @Inject ExternalPrincipal}: the caller of the current annotated method. */
  @Produces
  @RequestScoped
  ExternalPrincipal current() {
    return principal;
  }
}
