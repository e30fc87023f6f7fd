package dev.gatehouse.token;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Test helper: providers built field by field, and a directory of them. */
final class TestProviders {
  private TestProviders() {}

  static Spec provider(String issuer) {
    return new Spec().issuer(issuer);
  }

  /** A mutable description of a {@link TrustedProvider}; {@link #build()} snapshots it. */
  static final class Spec {
    private String workspaceId = "ws-1";
    private String id = "prov-1";
    private String name = "Test IdP";
    private String type = "clerk";
    private String issuer;
    private String jwksUri;
    private List<String> audiences = List.of();
    private List<String> parties = List.of();
    private int skew = 5;
    private List<String> algorithms = List.of("RS256");
    private List<ClaimMapping> mappings = List.of();
    private long version = 1;

    Spec workspace(String v) {
      workspaceId = v;
      return this;
    }

    Spec id(String v) {
      id = v;
      return this;
    }

    Spec name(String v) {
      name = v;
      return this;
    }

    Spec type(String v) {
      type = v;
      return this;
    }

    Spec issuer(String v) {
      issuer = v;
      return this;
    }

    Spec jwksUri(String v) {
      jwksUri = v;
      return this;
    }

    Spec audiences(String... v) {
      audiences = List.of(v);
      return this;
    }

    Spec parties(String... v) {
      parties = List.of(v);
      return this;
    }

    Spec skew(int v) {
      skew = v;
      return this;
    }

    Spec algorithms(String... v) {
      algorithms = List.of(v);
      return this;
    }

    Spec mappings(ClaimMapping... v) {
      mappings = List.of(v);
      return this;
    }

    Spec version(long v) {
      version = v;
      return this;
    }

    TrustedProvider build() {
      return new TrustedProvider(
          workspaceId,
          id,
          name,
          type,
          issuer,
          jwksUri,
          audiences,
          parties,
          skew,
          algorithms,
          mappings,
          version,
          null);
    }
  }

  /** Providers by (workspace, exact issuer). */
  static final class Directory implements ProviderDirectory {
    private final Map<String, TrustedProvider> byKey = new ConcurrentHashMap<>();

    Directory add(TrustedProvider p) {
      byKey.put(p.workspaceId() + "\u0000" + p.issuer(), p);
      return this;
    }

    Directory remove(String workspaceId, String issuer) {
      byKey.remove(workspaceId + "\u0000" + issuer);
      return this;
    }

    @Override
    public Optional<TrustedProvider> byIssuer(String workspaceId, String issuer) {
      return Optional.ofNullable(byKey.get(workspaceId + "\u0000" + issuer));
    }
  }
}
