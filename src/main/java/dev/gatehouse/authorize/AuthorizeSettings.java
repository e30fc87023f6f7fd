package dev.gatehouse.authorize;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where {@code @ExternalAuthorize} looks for the token and which claim holds the groups
 * (docs/configuration.md#annotated-endpoints), read once at start ({@link #from}) instead of on
 * every call.
 *
 * @param groupsClaim the claim {@code ExternalPrincipal.getGroups()} reads ({@code
 *     gatehouse.authorize.groups-claim}, claim name, default {@code groups})
 * @param tokenHeader a header to read the token from when {@code Authorization: Bearer} has none;
 *     {@code Authorization} (the default) means none, {@code Cookie} means the cookie ({@code
 *     mp.jwt.token.header}, header name)
 * @param tokenCookie a cookie to read the token from when neither header gave one ({@code
 *     mp.jwt.token.cookie}, cookie name, default unset)
 */
public record AuthorizeSettings(
    String groupsClaim, String tokenHeader, Optional<String> tokenCookie) {

  public AuthorizeSettings {
    if (groupsClaim == null || groupsClaim.isEmpty()) {
      throw new IllegalArgumentException("gatehouse.authorize.groups-claim must name a claim");
    }
    if (tokenHeader == null || tokenHeader.isEmpty()) {
      throw new IllegalArgumentException("mp.jwt.token.header must name a header");
    }
    if (tokenCookie == null) {
      throw new IllegalArgumentException("tokenCookie is Optional.empty() when unset, not null");
    }
  }

  /** The defaults of docs/configuration.md#annotated-endpoints. */
  public static AuthorizeSettings defaults() {
    return new AuthorizeSettings("groups", "Authorization", Optional.empty());
  }

  /**
   * Reads {@code gatehouse.authorize.groups-claim}, {@code mp.jwt.token.header} and {@code
   * .cookie}.
   */
  public static AuthorizeSettings from(Config config) {
    AuthorizeSettings d = defaults();
    return new AuthorizeSettings(
        config
            .getOptionalValue("gatehouse.authorize.groups-claim", String.class)
            .orElse(d.groupsClaim),
        config.getOptionalValue("mp.jwt.token.header", String.class).orElse(d.tokenHeader),
        config.getOptionalValue("mp.jwt.token.cookie", String.class));
  }

  /**
   * Reads the settings once, at start, and hands the same record to every interceptor instance (an
   * interceptor lives as long as the bean it intercepts, often one request).
   */
  @ApplicationScoped
  static class Reader {
    @Inject Config config;
    private AuthorizeSettings settings;

    @PostConstruct
    void read() {
      settings = from(config);
    }

    /** Reads at start rather than at the first annotated call. */
    void atStart(@Observes Startup startup) {
      // Observing is enough: the container builds this bean, and @PostConstruct reads.
    }

    @Produces
    AuthorizeSettings settings() {
      return settings;
    }
  }
}
