package dev.gatehouse.admin;

import dev.gatehouse.catalog.ProviderRegistry;
import dev.gatehouse.catalog.ProviderSnapshots;
import dev.gatehouse.catalog.WorkspaceNames;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.token.ClaimMapping;
import dev.gatehouse.token.JwksFetcher;
import dev.gatehouse.token.TokenTrust;
import dev.gatehouse.token.TrustedProvider;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Providers declared in configuration (docs/configuration.md#providers-in-configuration) rather
 * than through the admin API: the MicroProfile JWT keys make one in workspace {@code default}, and
 * {@code gatehouse.providers.<name>.*} make more. Each is validated exactly as an admin write would
 * be.
 */
@ApplicationScoped
public class ConfiguredProviders {
  /** The id prefix of configured providers; sorts after every stored (UUIDv7) id. */
  public static final String ID_PREFIX = "cfg-";

  static final String MP_JWT_NAME = "mp-jwt";
  private static final Pattern NAMED_ENV =
      Pattern.compile("GATEHOUSE_PROVIDERS_([A-Z0-9_]+)_ISSUER");
  private static final Pattern NAMED =
      Pattern.compile("gatehouse\\.providers\\.([a-z0-9-]+)\\.issuer");

  @Inject Config config;
  @Inject WorkspaceService workspaces;
  @Inject ProviderRegistry registry;
  @Inject TokenTrust trust;
  @Inject DatabaseState database;

  /**
   * Validates what configuration declares (creating the workspaces it names) and hands the result
   * to the registry, after the admin account and before the policies.
   */
  void load(@Observes @Priority(20) Startup startup) {
    if (!database.isMigrated()) {
      return;
    }
    List<TrustedProvider> fromConfig = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Declared d : declared()) {
      try {
        WorkspaceView ws = workspaces.ensure(d.workspace());
        fromConfig.add(resolve(d, ws.id(), trust.settings().allowHttp()));
      } catch (ValidationException e) {
        e.errors()
            .forEach(
                x ->
                    errors.add(
                        x.message() + (x.pointer().isEmpty() ? "" : " (" + x.pointer() + ")")));
      }
    }
    registry.load(fromConfig, errors);
  }

  /** One provider as configuration declares it: where, from which keys, and its settings. */
  public record Declared(String workspace, String configKey, Map<String, Object> body) {}

  /** Everything configuration declares, in a stable order; invalid entries are reported. */
  public List<Declared> declared() {
    List<Declared> out = new ArrayList<>();
    Optional<String> mpIssuer = value("mp.jwt.verify.issuer");
    if (mpIssuer.isPresent()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", "MicroProfile JWT (mp.jwt.verify.*)");
      body.put("providerType", value("gatehouse.mp-jwt.type").orElse("oidc"));
      body.put("issuer", mpIssuer.get());
      body.put("jwksUri", value("mp.jwt.verify.publickey.location").orElse(null));
      body.put("allowedAudiences", list("mp.jwt.verify.audiences"));
      body.put("authorizedParties", list("gatehouse.mp-jwt.authorized-parties"));
      value("mp.jwt.verify.clock.skew").ifPresent(v -> body.put("clockSkewSeconds", number(v)));
      value("mp.jwt.verify.publickey.algorithm")
          .ifPresent(v -> body.put("allowedAlgorithms", split(v)));
      value("gatehouse.mp-jwt.claim-mappings").ifPresent(v -> body.put("claimMappings", json(v)));
      out.add(new Declared(WorkspaceNames.DEFAULT, "mp.jwt.verify", body));
    }
    TreeSet<String> names = new TreeSet<>();
    for (String key : config.getPropertyNames()) {
      Matcher m = NAMED.matcher(key);
      if (m.matches()) {
        names.add(m.group(1));
      }
      // Environment variables: GATEHOUSE_PROVIDERS_MY_IDP_ISSUER declares provider "my-idp".
      Matcher e = NAMED_ENV.matcher(key);
      if (e.matches()) {
        names.add(e.group(1).toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      }
    }
    for (String name : names) {
      String prefix = "gatehouse.providers." + name + ".";
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("providerType", value(prefix + "type").orElse("oidc"));
      body.put("issuer", value(prefix + "issuer").orElse(null));
      body.put("jwksUri", value(prefix + "jwks-uri").orElse(null));
      body.put("allowedAudiences", list(prefix + "audiences"));
      body.put("authorizedParties", list(prefix + "authorized-parties"));
      value(prefix + "clock-skew").ifPresent(v -> body.put("clockSkewSeconds", number(v)));
      value(prefix + "algorithms").ifPresent(v -> body.put("allowedAlgorithms", split(v)));
      value(prefix + "claim-mappings").ifPresent(v -> body.put("claimMappings", json(v)));
      out.add(
          new Declared(
              value(prefix + "workspace").orElse(WorkspaceNames.DEFAULT),
              "gatehouse.providers." + name,
              body));
    }
    return out;
  }

  /** The provider id of a declaration. */
  static String idOf(Declared d) {
    return ID_PREFIX
        + (d.configKey().equals("mp.jwt.verify")
            ? MP_JWT_NAME
            : d.configKey().substring("gatehouse.providers.".length()));
  }

  /**
   * Validates one declaration like an admin write.
   *
   * @throws ValidationException naming what is wrong, with the config key in each message
   */
  TrustedProvider resolve(Declared d, String workspaceId, boolean allowHttp) {
    ProviderInput in;
    // A local JWKS file is allowed here (configuration is trusted), never through the admin API.
    Map<String, Object> body = new LinkedHashMap<>(d.body());
    String file =
        body.get("jwksUri") instanceof String s && JwksFetcher.isFile(s)
            ? (String) body.remove("jwksUri")
            : null;
    try {
      in = ProviderInput.read(body, allowHttp);
    } catch (ValidationException e) {
      throw new ValidationException(
          e.errors().stream()
              .map(
                  x ->
                      new dev.gatehouse.error.FieldError(
                          x.pointer(), d.configKey() + ": " + x.message()))
              .toList());
    }
    List<ClaimMapping> mappings =
        in.claimMappings().stream().map(ProviderSnapshots::mapping).toList();
    return new TrustedProvider(
        workspaceId,
        idOf(d),
        in.name(),
        in.providerType(),
        in.issuer(),
        file != null ? file : in.jwksUri(),
        in.allowedAudiences(),
        in.authorizedParties(),
        in.clockSkewSeconds(),
        in.allowedAlgorithms(),
        mappings,
        1,
        d.configKey());
  }

  private Optional<String> value(String key) {
    return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
  }

  private List<Object> list(String key) {
    return value(key).map(ConfiguredProviders::split).orElse(List.of());
  }

  private static List<Object> split(String v) {
    return Arrays.stream(v.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> (Object) s)
        .toList();
  }

  private static Object number(String v) {
    try {
      return new BigDecimal(v.trim());
    } catch (NumberFormatException e) {
      return v;
    }
  }

  private static Object json(String v) {
    try {
      return Json.toJava(Json.parse(v));
    } catch (RuntimeException e) {
      return v;
    }
  }
}
