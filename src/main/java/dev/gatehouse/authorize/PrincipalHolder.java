package dev.gatehouse.authorize;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;

/** The current request's external principal, set by the interceptor and injected from here. */
@RequestScoped
public class PrincipalHolder {
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
