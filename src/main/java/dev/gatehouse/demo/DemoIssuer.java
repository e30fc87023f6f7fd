package dev.gatehouse.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The demo's local token issuer (only with {@code gatehouse.demo.enabled=true}): an RSA key made at
 * first use, its JWKS, and RS256 tokens with whatever claims the caller asks for. Never for a real
 * deployment: anyone who can reach it can mint tokens its provider trusts.
 */
@ApplicationScoped
public class DemoIssuer {
  @Inject Clock clock;
  @Inject Config config;

  private DemoSettings settings;
  private volatile RSAKey key;

  @PostConstruct
  void configure() {
    settings = DemoSettings.from(config);
  }

  /** Whether the demo is on ({@code gatehouse.demo.enabled}, default false; read once). */
  public boolean enabled() {
    return settings.enabled();
  }

  /** The issuer its tokens carry: {@code http://localhost:<http.port>/demo/idp}. */
  public String issuer() {
    return settings.issuer();
  }

  public String jwksUri() {
    return issuer() + "/.well-known/jwks.json";
  }

  /** The public JWKS. */
  public String jwks() {
    return new JWKSet(key().toPublicJWK()).toString(true);
  }

  /**
   * A token with these claims; {@code iss} is always the demo issuer, {@code iat} now, and {@code
   * exp} one hour from now unless given, {@code sub} "demo-user" unless given.
   */
  public String mint(Map<String, Object> claims) {
    try {
      JWTClaimsSet given =
          JWTClaimsSet.parse(
              JSONObjectUtils.parse(dev.gatehouse.json.Json.toJson(claims).toString()));
      long now = clock.instant().getEpochSecond();
      JWTClaimsSet.Builder b = new JWTClaimsSet.Builder(given);
      b.claim("iss", issuer());
      b.claim("iat", now);
      if (given.getClaim("exp") == null) {
        b.claim("exp", now + 3600);
      }
      if (given.getClaim("sub") == null) {
        b.claim("sub", "demo-user");
      }
      RSAKey k = key();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).build(), b.build());
      jwt.sign(new RSASSASigner(k));
      return jwt.serialize();
    } catch (ParseException e) {
      throw new dev.gatehouse.error.ValidationException(
          "", "these claims cannot be put in a token: " + e.getMessage());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the demo key", e);
    }
  }

  private RSAKey key() {
    RSAKey k = key;
    if (k == null) {
      synchronized (this) {
        if (key == null) {
          try {
            key =
                new RSAKeyGenerator(2048)
                    .keyID("demo-" + clock.instant().getEpochSecond())
                    .generate();
          } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the demo key", e);
          }
        }
        k = key;
      }
    }
    return k;
  }
}
