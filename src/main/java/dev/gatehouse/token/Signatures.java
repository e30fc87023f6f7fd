package dev.gatehouse.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;

/**
 * Checks JWS signatures with the JDK's own providers, asymmetric algorithms only: RS*, PS*, ES*
 * (raw R||S of exactly the curve's length, neither half zero) and EdDSA (Ed25519).
 */
final class Signatures {
  /** The algorithms Gatehouse can verify at all; a provider narrows them further. */
  static final Map<String, String> JDK_NAMES =
      Map.of(
          "RS256", "SHA256withRSA",
          "RS384", "SHA384withRSA",
          "RS512", "SHA512withRSA",
          "PS256", "RSASSA-PSS",
          "PS384", "RSASSA-PSS",
          "PS512", "RSASSA-PSS",
          "ES256", "SHA256withECDSAinP1363Format",
          "ES384", "SHA384withECDSAinP1363Format",
          "ES512", "SHA512withECDSAinP1363Format",
          "EdDSA", "Ed25519");

  private Signatures() {}

  /** True when {@code signature} over {@code signingInput} verifies with {@code key}. */
  static boolean verify(JWK key, JWSAlgorithm alg, byte[] signingInput, byte[] signature) {
    String name = JDK_NAMES.get(alg.getName());
    if (name == null) {
      return false;
    }
    try {
      if (JWSAlgorithm.Family.EC.contains(alg) && !isPlausibleEcSignature(alg, signature)) {
        return false;
      }
      Signature s = Signature.getInstance(name);
      if (name.equals("RSASSA-PSS")) {
        s.setParameter(pss(alg));
      }
      s.initVerify(publicKey(key));
      s.update(signingInput);
      return s.verify(signature);
    } catch (GeneralSecurityException | JOSEException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isPlausibleEcSignature(JWSAlgorithm alg, byte[] sig) {
    int half =
        switch (alg.getName()) {
          case "ES256" -> 32;
          case "ES384" -> 48;
          default -> 66;
        };
    if (sig.length != half * 2) {
      return false;
    }
    return !allZero(sig, 0, half) && !allZero(sig, half, half * 2);
  }

  private static boolean allZero(byte[] b, int from, int to) {
    int acc = 0;
    for (int i = from; i < to; i++) {
      acc |= b[i];
    }
    return acc == 0;
  }

  private static PSSParameterSpec pss(JWSAlgorithm alg) {
    return switch (alg.getName()) {
      case "PS256" -> new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
      case "PS384" -> new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
      default -> new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);
    };
  }

  private static PublicKey publicKey(JWK key) throws JOSEException, GeneralSecurityException {
    if (key instanceof RSAKey rsa) {
      return rsa.toRSAPublicKey();
    }
    if (key instanceof ECKey ec) {
      return ec.toECPublicKey();
    }
    if (key instanceof OctetKeyPair okp) {
      byte[] x = okp.getX().decode();
      if (x.length != 32) {
        throw new GeneralSecurityException("an Ed25519 key is 32 bytes");
      }
      boolean xOdd = (x[31] & 0x80) != 0;
      byte[] y = new byte[32];
      for (int i = 0; i < 32; i++) {
        y[i] = x[31 - i];
      }
      y[0] &= 0x7f;
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(
              new EdECPublicKeySpec(
                  NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, y))));
    }
    throw new GeneralSecurityException("unsupported key type " + key.getKeyType());
  }
}
