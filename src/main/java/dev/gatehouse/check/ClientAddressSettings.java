package dev.gatehouse.check;

import dev.gatehouse.policy.Cidr;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Whose {@code X-Forwarded-For} is believed when finding the client's address
 * (docs/configuration.md#check-api-and-audit-log, docs/api.md#the-callers-address), read once at
 * start for the check API, the interceptor and the admin sign-in throttle alike.
 *
 * @param trustedProxies the ranges of {@code gatehouse.trusted-proxies} (comma-separated CIDRs or
 *     bare addresses; default none); an entry that is not a CIDR is logged and left out
 */
public record ClientAddressSettings(List<Cidr> trustedProxies) {

  public ClientAddressSettings {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * Reads {@code gatehouse.trusted-proxies}; each entry that is not a CIDR is left out and handed
   * to {@code problems} as "gatehouse.trusted-proxies: 'x' is not a CIDR and is ignored".
   */
  public static ClientAddressSettings from(Config config, Consumer<String> problems) {
    return new ClientAddressSettings(
        ClientAddress.trustedProxies(
            config.getOptionalValue("gatehouse.trusted-proxies", String.class).orElse(""),
            bad ->
                problems.accept(
                    "gatehouse.trusted-proxies: '" + bad + "' is not a CIDR and is ignored")));
  }

  /** The client: the peer, or what a trusted proxy says it is ({@link ClientAddress#resolve}). */
  public String resolve(String peer, String forwardedFor) {
    return ClientAddress.resolve(peer, forwardedFor, trustedProxies);
  }

  /**
   * Reads the settings once, at start (so a bad entry is logged then), for every bean to inject.
   */
  @ApplicationScoped
  static class Reader {
    private static final Logger LOG = Logger.getLogger(ClientAddressSettings.class.getName());

    @Inject Config config;
    private ClientAddressSettings settings;

    @PostConstruct
    void read() {
      settings = from(config, LOG::severe);
    }

    /** Reads at start rather than at the first request. */
    void atStart(@Observes Startup startup) {
      // Observing is enough: the container builds this bean, and @PostConstruct reads.
    }

    @Produces
    ClientAddressSettings settings() {
      return settings;
    }
  }
}
