package dev.gatehouse.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.token.ClaimMapping;
import dev.gatehouse.token.CompactJws;
import dev.gatehouse.token.KeyCache;
import dev.gatehouse.token.TokenSettings;
import dev.gatehouse.token.TokenVerifier;
import dev.gatehouse.token.TrustedProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process cost of trusting one token (no token cache: every call parses, looks up the key
 * and checks the signature). Keys come from a local JWKS file, so no network is involved.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TokenVerifyBenchmark {
  private TokenVerifier verifier;
  private String rs256;
  private String es256;
  private final ExecutorService fetches = Executors.newCachedThreadPool();

  @TearDown
  public void tearDown() {
    fetches.shutdownNow();
  }

  @Setup
  public void setUp() throws JOSEException, IOException {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    Path jwks = Files.createTempFile("bench-jwks", ".json");
    Files.writeString(
        jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true));
    jwks.toFile().deleteOnExit();
    String issuer = "https://clerk.bench.example.com";
    TrustedProvider provider =
        new TrustedProvider(
            "ws",
            "p1",
            "bench",
            "clerk",
            issuer,
            jwks.toUri().toString(),
            List.of(),
            List.of("https://app.example.com"),
            5,
            List.of("RS256", "ES256"),
            List.of(new ClaimMapping("metadata.plan", "plan", false, null)),
            1,
            "bench"); // as if from configuration: only configuration may name a local JWKS file
    verifier =
        new TokenVerifier(
            (ws, iss) -> iss.equals(issuer) ? Optional.of(provider) : Optional.empty(),
            new KeyCache(TokenSettings.defaults(), Clock.systemUTC(), fetches),
            Clock.systemUTC());
    long now = System.currentTimeMillis() / 1000;
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("user_2abc")
            .claim("azp", "https://app.example.com")
            .claim("v", 2)
            .claim("o", Map.of("id", "org_1", "rol", "admin", "slg", "acme"))
            .claim("metadata", Map.of("plan", "premium"))
            .claim("iat", now)
            .claim("exp", now + 3600)
            .build();
    SignedJWT r =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims);
    r.sign(new RSASSASigner(rsa));
    rs256 = r.serialize();
    SignedJWT e =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims);
    e.sign(new ECDSASigner(ec));
    es256 = e.serialize();
    java.util.Objects.requireNonNull(verifier.check("ws", rs256).verified()); // warm the key cache
  }

  @Benchmark
  public Object verifyRs256() {
    return java.util.Objects.requireNonNull(verifier.check("ws", rs256).verified());
  }

  @Benchmark
  public Object verifyEs256() {
    return java.util.Objects.requireNonNull(verifier.check("ws", es256).verified());
  }

  /** Form checks and JSON decoding only: the floor under every verification. */
  @Benchmark
  public Object parseOnly() {
    return CompactJws.parse(rs256);
  }
}
