package dev.gatehouse.metrics;

import dev.gatehouse.admin.SignInEvents;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Counts what the admin sign-in reports (docs/metrics.md): PBKDF2 password-hash checks ({@code
 * gatehouse_admin_password_hash_checks_total}) and refused sign-ins by code ({@code
 * gatehouse_admin_sign_in_refusals_total}). {@link dev.gatehouse.admin.AdminAccount} finds this
 * bean as its {@link SignInEvents}.
 */
@ApplicationScoped
public class SignInMetrics implements SignInEvents {
  static final Metadata HASH_CHECKS =
      Metadata.builder()
          .withName("gatehouse_admin_password_hash_checks")
          .withDescription(
              "PBKDF2 checks of a presented admin password against the stored hash (each costs"
                  + " about a CPU-second's fraction; a configured password needs none)")
          .build();
  static final Metadata REFUSALS =
      Metadata.builder()
          .withName("gatehouse_admin_sign_in_refusals")
          .withDescription(
              "Admin sign-ins refused, by code: unauthorized (401, wrong credentials) or"
                  + " too_many_requests (429, throttled)")
          .build();

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  private Counter hashChecks;
  private Counter unauthorized;
  private Counter throttled;

  @PostConstruct
  void register() {
    hashChecks = registry.counter(HASH_CHECKS);
    unauthorized = registry.counter(REFUSALS, new Tag("code", "unauthorized"));
    throttled = registry.counter(REFUSALS, new Tag("code", "too_many_requests"));
  }

  /** Registers the metrics as the application starts, so a first scrape already shows them. */
  void onStart(@Observes @Priority(40) Startup startup) {
    // Being called is enough: the container made this bean and ran register().
  }

  @Override
  public void hashChecked() {
    hashChecks.inc();
  }

  @Override
  public void refused(boolean wasThrottled) {
    (wasThrottled ? throttled : unauthorized).inc();
  }
}
