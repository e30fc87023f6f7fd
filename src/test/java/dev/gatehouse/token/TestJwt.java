package dev.gatehouse.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test helper: builds compact JWS tokens by hand (any header, any JSON text, any signature), so
 * malformed and hostile tokens can be made as easily as good ones.
 */
final class TestJwt {
  private TestJwt() {}

  /** Signs a JWS signing input. */
  @FunctionalInterface
  interface Signer {
    byte[] sign(byte[] signingInput) throws GeneralSecurityException;
  }

  // ----- JSON and base64url

  /** An ordered JSON object from alternating names and values. */
  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** JSON text of Map, List, String, Number, Boolean and null values. */
  static String json(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      return b.append('"').toString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (b.length() > 1) {
          b.append(',');
        }
        b.append(json(e.getKey())).append(':').append(json(e.getValue()));
      }
      return b.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : l) {
        if (b.length() > 1) {
          b.append(',');
        }
        b.append(json(o));
      }
      return b.append(']').toString();
    }
    throw new IllegalArgumentException("no JSON for " + v.getClass());
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // ----- tokens

  /** {@code b64(header).b64(payload).b64(signature)} over the exact JSON texts given. */
  static String token(String headerJson, String payloadJson, Signer signer) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    return input + "." + b64(sign(signer, input));
  }

  static String token(Map<String, Object> header, Map<String, Object> payload, Signer signer) {
    return token(json(header), json(payload), signer);
  }

  static byte[] sign(Signer signer, String signingInput) {
    try {
      return signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same token with its payload replaced (signature kept). */
  static String withPayload(String token, String payloadJson) {
    String[] p = token.split("\\.");
    return p[0] + "." + b64(payloadJson) + "." + p[2];
  }

  // ----- signers

  static Signer rs256(RSAKey key) {
    return jdk("SHA256withRSA", privateKey(key));
  }

  static Signer rs256(PrivateKey key) {
    return jdk("SHA256withRSA", key);
  }

  static Signer ps256(RSAKey key) {
    return input -> {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      s.initSign(privateKey(key));
      s.update(input);
      return s.sign();
    };
  }

  static Signer es256(ECKey key) {
    return input -> {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      try {
        s.initSign(key.toECPrivateKey());
      } catch (JOSEException e) {
        throw new GeneralSecurityException(e);
      }
      s.update(input);
      return s.sign();
    };
  }

  static Signer ed25519(PrivateKey key) {
    return jdk("Ed25519", key);
  }

  static Signer hs256(byte[] secret) {
    return input -> {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(input);
    };
  }

  /** A fixed signature, whatever the input. */
  static Signer constant(byte[] signature) {
    return input -> signature.clone();
  }

  private static Signer jdk(String algorithm, PrivateKey key) {
    return input -> {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(input);
      return s.sign();
    };
  }

  private static PrivateKey privateKey(RSAKey key) {
    try {
      return key.toRSAPrivateKey();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  // ----- keys

  static ECKey ecKey(String kid, Curve curve) {
    try {
      return new ECKeyGenerator(curve).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An RSA key of any size (Nimbus' generator refuses weak sizes by default). */
  static RSAKey rsaKey(String kid, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      KeyPair kp = g.generateKeyPair();
      return new RSAKey.Builder((RSAPublicKey) kp.getPublic())
          .privateKey((RSAPrivateKey) kp.getPrivate())
          .keyID(kid)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Ed25519 key pair and its public OKP JWK (x = the raw 32-byte public key). */
  record Ed25519Key(KeyPair pair, OctetKeyPair jwk) {}

  static Ed25519Key ed25519Key(String kid) {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] spki = kp.getPublic().getEncoded();
      byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
      OctetKeyPair jwk =
          new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build();
      return new Ed25519Key(kp, jwk);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
