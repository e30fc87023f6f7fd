package dev.gatehouse.admin;

import dev.gatehouse.catalog.ProviderSnapshots;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonFields;
import dev.gatehouse.store.StoredProvider;
import dev.gatehouse.token.ClaimMapping;
import dev.gatehouse.token.TrustedProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A workspace as one document (docs/api.md#export-and-import): {@code {"gatehouse": "workspace/v1",
 * "workspace": {"name"}, "providers": [...], "policies": [...], "tests": [...]}}, each item in the
 * input shape of its create API. Providers are keyed by their issuer (unique in a workspace),
 * policies and test cases by their name; a test case's {@code input.provider} names a provider by
 * its issuer, so the document is the same on every server.
 *
 * <p>The canonical form of an item ({@link #provider}, {@link #policy}, {@link #testCase}) is what
 * an export writes and what an import compares: members in a fixed order, the free-form members
 * (specification, context, claims, attributes) with their keys sorted, resources and actions
 * sorted.
 */
public record WorkspaceDocument(
    String workspaceName, List<Item> providers, List<Item> policies, List<Item> tests) {

  /** The document format this version writes and reads. */
  public static final String FORMAT = "workspace/v1";

  /** At most this many providers in a document (docs/api.md#limits). */
  public static final int MAX_PROVIDERS = 100;

  /**
   * One item of the document.
   *
   * @param key its issuer (providers) or name (policies, test cases)
   * @param pointer where it is in the document ({@code /policies/3})
   * @param canonical its canonical form (plain Java values)
   * @param body what its create API is given (the item without output-only members)
   */
  public record Item(String key, String pointer, Map<String, Object> canonical, Object body) {}

  private static final Set<String> MEMBERS =
      Set.of("gatehouse", "workspace", "providers", "policies", "tests");

  /**
   * Members a GET shows that a document may carry (what an item read from the admin API holds);
   * they are ignored: an item is matched by its key, never by its id.
   */
  private static final Set<String> OUTPUT_ONLY =
      Set.of("id", "createdAt", "updatedAt", "version", "status", "error", "readOnly", "configKey");

  /**
   * Reads and validates a whole document; every problem is reported at once with its pointer into
   * the document ({@code /policies/3/specification/rules/0/effect}).
   *
   * @param allowHttp gatehouse.dev.allow-http-jwks, as a provider write reads it
   * @throws ValidationException with every problem found
   */
  public static WorkspaceDocument read(Object root, boolean allowHttp) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = JsonFields.of(root, "", errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    f.rejectUnknown(MEMBERS);
    String format = f.string("gatehouse", true, 64);
    if (format != null && !format.equals(FORMAT)) {
      f.error("gatehouse", "must be \"" + FORMAT + "\", not '" + format + "'");
    }
    String name = null;
    if (f.raw("workspace") != null) {
      JsonFields w = JsonFields.of(f.raw("workspace"), f.pointer("workspace"), errors);
      w.rejectUnknown(Set.of("name", "description"));
      name = w.string("name", false, 63);
      w.string("description", false, 1024);
    }
    List<Item> providers = new ArrayList<>();
    List<Item> policies = new ArrayList<>();
    List<Item> tests = new ArrayList<>();
    List<?> rawProviders = list(f, "providers", MAX_PROVIDERS);
    List<?> rawPolicies = list(f, "policies", PolicyService.MAX_DRAFT_POLICIES);
    List<?> rawTests = list(f, "tests", PolicyTests.MAX_CASES);

    Map<String, Integer> issuers = new HashMap<>();
    for (int i = 0; i < rawProviders.size(); i++) {
      String at = "/providers/" + i;
      Object body = withoutOutputOnly(rawProviders.get(i));
      ProviderInput in;
      try {
        in = ProviderInput.read(body, allowHttp);
      } catch (ValidationException e) {
        e.errors().forEach(x -> errors.add(new FieldError(at + x.pointer(), x.message())));
        continue;
      }
      Integer first = issuers.putIfAbsent(in.issuer(), i);
      if (first != null) {
        errors.add(
            new FieldError(
                at + "/issuer", "repeats the issuer of /providers/" + first + " (one per issuer)"));
        continue;
      }
      providers.add(new Item(in.issuer(), at, provider(snapshot(in)), body));
    }

    Map<String, Integer> policyNames = new HashMap<>();
    for (int i = 0; i < rawPolicies.size(); i++) {
      String at = "/policies/" + i;
      Object body = withoutOutputOnly(rawPolicies.get(i));
      PolicyInput in = PolicyInput.read(body, at, errors);
      if (in == null) {
        continue;
      }
      Integer first = policyNames.putIfAbsent(in.name(), i);
      if (first != null) {
        errors.add(new FieldError(at + "/name", "repeats the name of /policies/" + first));
        continue;
      }
      policies.add(
          new Item(
              in.name(),
              at,
              policy(
                  in.name(),
                  in.description(),
                  in.resources(),
                  in.actions(),
                  in.specificationTree()),
              body));
    }

    Map<String, Integer> testNames = new HashMap<>();
    for (int i = 0; i < rawTests.size(); i++) {
      String at = "/tests/" + i;
      Object body = withoutOutputOnly(rawTests.get(i));
      PolicyTestCase c = PolicyTestCase.read(body, at, errors);
      if (c == null) {
        continue;
      }
      Integer first = testNames.putIfAbsent(c.name(), i);
      if (first != null) {
        errors.add(new FieldError(at + "/name", "repeats the name of /tests/" + first));
        continue;
      }
      tests.add(new Item(c.name(), at, testCase(c.name(), c.description(), c.stored()), body));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    Comparator<Item> byKey = Comparator.comparing(Item::key);
    return new WorkspaceDocument(
        name,
        providers.stream().sorted(byKey).toList(),
        policies.stream().sorted(byKey).toList(),
        tests.stream().sorted(byKey).toList());
  }

  private static List<?> list(JsonFields f, String member, int max) {
    Object raw = f.raw(member);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> l)) {
      f.error(member, "must be an array, not " + Json.typeName(raw));
      return List.of();
    }
    if (l.size() > max) {
      f.error(member, "must have at most " + max + " items");
      return List.of();
    }
    return l;
  }

  private static Object withoutOutputOnly(Object item) {
    if (!(item instanceof Map<?, ?> m)) {
      return item;
    }
    Map<Object, Object> out = new LinkedHashMap<>(m);
    out.keySet().removeAll(OUTPUT_ONLY);
    return out;
  }

  /** The snapshot a validated provider would have once stored (for its canonical form, a run). */
  static TrustedProvider snapshot(ProviderInput in) {
    return ProviderSnapshots.of(
        new StoredProvider(
            "",
            "",
            in.name(),
            in.providerType(),
            in.issuer(),
            in.jwksUri(),
            in.allowedAudiences(),
            in.authorizedParties(),
            in.clockSkewSeconds(),
            in.allowedAlgorithms(),
            in.claimMappings(),
            null,
            null,
            0));
  }

  // ------------------------------------------------------------------------ canonical forms

  /** A provider's canonical form: its create API's members, in that API's order. */
  public static Map<String, Object> provider(TrustedProvider p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("providerType", p.type());
    m.put("issuer", p.issuer());
    m.put("jwksUri", p.jwksUri());
    m.put("allowedAudiences", List.copyOf(p.allowedAudiences()));
    m.put("authorizedParties", List.copyOf(p.authorizedParties()));
    m.put("clockSkewSeconds", new java.math.BigDecimal(p.clockSkewSeconds()));
    m.put("allowedAlgorithms", List.copyOf(p.allowedAlgorithms()));
    List<Object> mappings = new ArrayList<>();
    for (ClaimMapping c : p.claimMappings()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("jwtPath", c.jwtPath());
      cm.put("attribute", c.attribute());
      cm.put("required", c.required());
      if (c.defaultValue() != null) {
        cm.put("defaultValue", sorted(Json.toJava(c.defaultValue())));
      }
      mappings.add(cm);
    }
    m.put("claimMappings", mappings);
    return m;
  }

  /** A policy's canonical form; {@code specification} as plain Java values (null if unreadable). */
  public static Map<String, Object> policy(
      String name,
      String description,
      java.util.Collection<String> resources,
      java.util.Collection<String> actions,
      Object specification) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    m.put("resources", List.copyOf(new TreeSet<>(resources)));
    m.put("actions", List.copyOf(new TreeSet<>(actions)));
    m.put("specification", sorted(specification));
    return m;
  }

  /** A stored policy's canonical form. */
  static Map<String, Object> policy(PolicyView p) {
    Object spec;
    try {
      spec = Json.toJava(Json.parse(p.specificationJson()));
    } catch (RuntimeException e) {
      spec = null; // a row edited by hand: exported as null, which an import refuses
    }
    return policy(p.name(), p.description(), p.resources(), p.actions(), spec);
  }

  /**
   * A test case's canonical form: name, description, then its stored members (input, resource,
   * action, context, ipAddress, expect) as {@link PolicyTestCase#stored()} orders them.
   */
  public static Map<String, Object> testCase(
      String name, String description, Map<String, Object> stored) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    for (String member : List.of("input", "resource", "action", "context", "ipAddress", "expect")) {
      if (stored.containsKey(member)) {
        Object v = stored.get(member);
        m.put(member, member.equals("input") || member.equals("context") ? sorted(v) : v);
      }
    }
    return m;
  }

  /**
   * A test case's canonical form with its {@code input.provider} rewritten by {@code rename} (a
   * provider id to its issuer on export, an issuer to the id it resolves to on import); unchanged
   * when it names none.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withProvider(
      Map<String, Object> testCase, Function<String, String> rename) {
    if (!(testCase.get("input") instanceof Map<?, ?> input)
        || !(input.get("provider") instanceof String p)) {
      return testCase;
    }
    Map<String, Object> in = new LinkedHashMap<>((Map<String, Object>) input);
    in.put("provider", rename.apply(p));
    Map<String, Object> out = new LinkedHashMap<>(testCase);
    out.put("input", in);
    return out;
  }

  /** The value with the keys of every map in it sorted (lists keep their order). */
  static Object sorted(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
      return new LinkedHashMap<>(out);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(sorted(v)));
      return out;
    }
    return value;
  }

  /**
   * The whole document in canonical form, items sorted by key: what an export writes (as JSON or
   * YAML) and what its digest is taken of.
   */
  public static Map<String, Object> document(
      String workspaceName,
      List<Map<String, Object>> providers,
      List<Map<String, Object>> policies,
      List<Map<String, Object>> tests) {
    Map<String, Object> ws = new LinkedHashMap<>();
    ws.put("name", workspaceName);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gatehouse", FORMAT);
    m.put("workspace", ws);
    m.put("providers", sortedBy(providers, "issuer"));
    m.put("policies", sortedBy(policies, "name"));
    m.put("tests", sortedBy(tests, "name"));
    return m;
  }

  private static List<Map<String, Object>> sortedBy(List<Map<String, Object>> items, String key) {
    return items.stream().sorted(Comparator.comparing(m -> String.valueOf(m.get(key)))).toList();
  }
}
