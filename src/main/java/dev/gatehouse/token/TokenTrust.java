package dev.gatehouse.token;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * The application's one token verifier and key cache, built once from configuration (the {@code
 * gatehouse.jwks.*} keys of CONTRACT §9).
 */
@ApplicationScoped
public class TokenTrust {
  @Inject Config config;
  @Inject ProviderDirectory providers;

  private TokenSettings settings;
  private KeyCache keys;
  private TokenVerifier verifier;

  @PostConstruct
  void init() {
    TokenSettings d = TokenSettings.defaults();
    settings =
        new TokenSettings(
            seconds("gatehouse.jwks.cache-ttl", d.cacheTtl()),
            seconds("gatehouse.jwks.refresh-cooldown", d.refreshCooldown()),
            seconds("gatehouse.jwks.stale-max", d.staleMax()),
            seconds("gatehouse.jwks.connect-timeout", d.connectTimeout()),
            seconds("gatehouse.jwks.fetch-deadline", d.fetchDeadline()),
            config.getOptionalValue("gatehouse.jwks.max-bytes", Integer.class).orElse(d.maxBytes()),
            config
                .getOptionalValue("gatehouse.dev.allow-http-jwks", Boolean.class)
                .orElse(d.allowHttp()));
    keys = new KeyCache(settings, Clock.systemUTC());
    verifier = new TokenVerifier(providers, keys, Clock.systemUTC());
  }

  private Duration seconds(String key, Duration fallback) {
    return config.getOptionalValue(key, Long.class).map(Duration::ofSeconds).orElse(fallback);
  }

  public TokenSettings settings() {
    return settings;
  }

  public KeyCache keys() {
    return keys;
  }

  public TokenVerifier verifier() {
    return verifier;
  }
}
