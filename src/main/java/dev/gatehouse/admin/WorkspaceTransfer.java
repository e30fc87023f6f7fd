package dev.gatehouse.admin;

import dev.gatehouse.catalog.PolicyRegistry;
import dev.gatehouse.catalog.ProviderRegistry;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.json.JsonText;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceEntity;
import dev.gatehouse.token.TrustedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Policies as code (docs/api.md#export-and-import): exports a workspace's stored providers,
 * policies and test cases as one {@link WorkspaceDocument}, and imports one: a dry run that shows
 * the diff and the test results and writes nothing, or an apply that writes every change through
 * the services (so each gets its version, as any other write) in one transaction.
 */
@ApplicationScoped
public class WorkspaceTransfer {
  @Inject Transactions tx;
  @Inject WorkspaceService workspaces;
  @Inject ProviderService providers;
  @Inject PolicyService policies;
  @Inject PolicyTests tests;
  @Inject ProviderRegistry registry;
  @Inject PolicyRegistry policyRegistry;
  @Inject dev.gatehouse.token.TokenTrust trust;

  /** Item kinds, in the order an apply writes them (a test case may name a new provider). */
  public enum Kind {
    PROVIDERS,
    POLICIES,
    TESTS;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** An export: the document in canonical form and its digest (the ETag an apply may require). */
  public record Exported(Map<String, Object> document, String digest) {}

  /**
   * What one kind of item becomes: keys {@code added}; {@code changed} with their changes (JSON
   * pointers into the item); {@code removed} (with {@code ?prune=true}) or else {@code kept}
   * (stored, not in the document, left as they are); {@code unchanged} is only counted.
   */
  public record KindDiff(
      List<String> added,
      Map<String, List<JsonDiff.Change>> changed,
      List<String> removed,
      List<String> kept,
      int unchanged) {}

  /** One write an apply made: the item, its id, the operation and the version it recorded. */
  public record Write(Kind kind, String key, String id, String operation, Long version) {}

  /**
   * The answer of a dry run or an apply.
   *
   * @param draftPolicies the policy set the workspace would have (compiled; ids of stored policies
   *     kept, {@code draft-N} for new ones): what the tests ran against, and what an impact
   *     analysis replays recorded decisions against (docs/api.md#export-and-import)
   * @param digest the workspace's digest: before (dry run) or after (apply)
   * @param writes what an apply wrote; empty for a dry run
   */
  public record Outcome(
      Map<Kind, KindDiff> diff,
      List<PolicyTests.Result> results,
      List<CompiledPolicy> draftPolicies,
      String digest,
      boolean applied,
      List<Write> writes) {}

  /** How an import is applied ({@code ?dryRun}, {@code ?prune}, {@code ?requireTests}). */
  public record Options(boolean dryRun, boolean prune, boolean requireTests) {}

  // -------------------------------------------------------------------------------- export

  /** The workspace's stored providers, policies and test cases as one canonical document. */
  public Exported export(String workspace) {
    return tx.run(() -> state(workspaces.require(workspace)).exported());
  }

  /** The workspace as stored now, each kind by key. */
  private record State(
      WorkspaceEntity ws,
      Map<String, ProviderView> providers,
      Map<String, PolicyView> policies,
      Map<String, PolicyTestView> tests,
      Map<String, Map<String, Object>> providerItems,
      Map<String, Map<String, Object>> policyItems,
      Map<String, Map<String, Object>> testItems,
      List<TrustedProvider> configured) {

    Exported exported() {
      Map<String, Object> doc =
          WorkspaceDocument.document(
              ws.getName(),
              List.copyOf(providerItems.values()),
              List.copyOf(policyItems.values()),
              List.copyOf(testItems.values()));
      return new Exported(doc, digest(doc));
    }

    Map<String, Map<String, Object>> items(Kind kind) {
      return switch (kind) {
        case PROVIDERS -> providerItems;
        case POLICIES -> policyItems;
        case TESTS -> testItems;
      };
    }
  }

  private State state(WorkspaceEntity ws) {
    String name = ws.getName();
    List<TrustedProvider> configured = registry.configuredIn(ws.getId());
    Map<String, ProviderView> byIssuer = new LinkedHashMap<>();
    Map<String, String> issuerOfId = new LinkedHashMap<>();
    for (ProviderView p : all((page) -> providers.list(name, page))) {
      if (!p.provider().readOnly()) {
        byIssuer.put(p.issuer(), p);
      }
      issuerOfId.put(p.id(), p.issuer());
    }
    Map<String, PolicyView> byName = new LinkedHashMap<>();
    for (PolicyView p : all((page) -> policies.list(name, page))) {
      byName.put(p.name(), p);
    }
    Map<String, PolicyTestView> testsByName = new LinkedHashMap<>();
    for (PolicyTestView t : all((page) -> tests.list(name, page))) {
      testsByName.put(t.name(), t);
    }
    Map<String, Map<String, Object>> providerItems = new LinkedHashMap<>();
    byIssuer.forEach((k, v) -> providerItems.put(k, WorkspaceDocument.provider(v.provider())));
    Map<String, Map<String, Object>> policyItems = new LinkedHashMap<>();
    byName.forEach((k, v) -> policyItems.put(k, WorkspaceDocument.policy(v)));
    Map<String, Map<String, Object>> testItems = new LinkedHashMap<>();
    testsByName.forEach(
        (k, v) ->
            testItems.put(
                k,
                WorkspaceDocument.withProvider(
                    WorkspaceDocument.testCase(v.name(), v.description(), v.content()),
                    id -> issuerOfId.getOrDefault(id, id))));
    return new State(
        ws, byIssuer, byName, testsByName, providerItems, policyItems, testItems, configured);
  }

  /** Every item of a paged list (bounded: 500 pages of 500). */
  private static <T> List<T> all(Function<PageRequest, Page<T>> list) {
    List<T> out = new ArrayList<>();
    PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
    for (int i = 0; i < 500; i++) {
      Page<T> p = list.apply(page);
      out.addAll(p.items());
      if (p.nextAfter() == null) {
        return out;
      }
      page = page.next(p);
    }
    throw new IllegalStateException("more than 250,000 items in one workspace list");
  }

  /** SHA-256 of the document's compact JSON, as {@code sha256:<hex>}. */
  static String digest(Map<String, Object> document) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(JsonText.of(document).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  // -------------------------------------------------------------------------------- import

  /**
   * Imports a document into {@code workspace}: always validates it (every problem at once, pointers
   * into the document), computes the diff against the stored items and runs the resulting test
   * cases against the resulting policies; with {@code dryRun} that is all, else it writes the
   * changes in one transaction, or nothing.
   *
   * @param ifMatch the digest the workspace must still have ({@code If-Match}), or null
   * @throws dev.gatehouse.error.ValidationException the document is invalid (nothing written)
   * @throws ConflictException {@code ifMatch} is stale, or a write conflicts (nothing written)
   * @throws TestsFailedException with {@code requireTests}, a case fails (nothing written)
   */
  public Outcome importDocument(
      String workspace, Object document, Options options, String ifMatch, String by) {
    WorkspaceDocument doc = WorkspaceDocument.read(document, trust.settings().allowHttp());
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          if (!options.dryRun()) {
            // Two applies take turns: the second compares its If-Match with what the first
            // committed, so a stale digest is always a 409, never a lost update.
            workspaces.lock(ws);
          }
          State before = state(ws);
          String digest = before.exported().digest();
          if (ifMatch != null && !matches(ifMatch, digest)) {
            throw new ConflictException(
                "workspace '"
                    + ws.getName()
                    + "' changed since the export or dry run this import is based on (If-Match"
                    + " does not match its digest "
                    + digest
                    + "); export it again");
          }
          Plan plan = plan(before, doc, options.prune());
          List<PolicyTests.Result> results =
              tests.runDraft(plan.draftCases, plan.draftPolicies, plan.draftProviders);
          if (options.requireTests()) {
            List<PolicyTests.Result> failures = results.stream().filter(r -> !r.passed()).toList();
            if (!failures.isEmpty()) {
              throw new TestsFailedException(failures, results.size());
            }
          }
          if (options.dryRun()) {
            return new Outcome(plan.diff, results, plan.draftPolicies, digest, false, List.of());
          }
          List<Write> writes = apply(before, doc, plan, by);
          String after = state(ws).exported().digest();
          return new Outcome(plan.diff, results, plan.draftPolicies, after, true, writes);
        });
  }

  /** An If-Match value (one entity tag, quoted or not, or {@code *}) against the digest. */
  private static boolean matches(String ifMatch, String digest) {
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (t.equals("*") || t.equals(digest)) {
        return true;
      }
    }
    return false;
  }

  /** The diff, and the provider, policy and case sets the workspace would have. */
  private static final class Plan {
    final Map<Kind, KindDiff> diff = new LinkedHashMap<>();
    final List<TrustedProvider> draftProviders = new ArrayList<>();
    final List<CompiledPolicy> draftPolicies = new ArrayList<>();
    final List<PolicyTestCase> draftCases = new ArrayList<>();
  }

  private Plan plan(State before, WorkspaceDocument doc, boolean prune) {
    Plan plan = new Plan();
    plan.diff.put(Kind.PROVIDERS, diff(before.items(Kind.PROVIDERS), doc.providers(), prune));
    plan.diff.put(Kind.POLICIES, diff(before.items(Kind.POLICIES), doc.policies(), prune));
    plan.diff.put(Kind.TESTS, diff(before.items(Kind.TESTS), doc.tests(), prune));

    // Providers: the document's, plus the stored ones kept, plus those from configuration.
    Map<String, String> idOfIssuer = new LinkedHashMap<>();
    int n = 0;
    for (WorkspaceDocument.Item item : doc.providers()) {
      ProviderView stored = before.providers().get(item.key());
      String id = stored != null ? stored.id() : "draft-provider-" + n++;
      ProviderInput in = ProviderInput.read(item.body(), trust.settings().allowHttp());
      TrustedProvider p = WorkspaceDocument.snapshot(in);
      plan.draftProviders.add(withId(p, before.ws().getId(), id));
      idOfIssuer.put(item.key(), id);
    }
    Set<String> inDoc = keys(doc.providers());
    before
        .providers()
        .forEach(
            (issuer, v) -> {
              if (!inDoc.contains(issuer) && !prune) {
                plan.draftProviders.add(v.provider());
                idOfIssuer.put(issuer, v.id());
              }
            });
    for (TrustedProvider p : before.configured()) {
      plan.draftProviders.add(p);
      idOfIssuer.putIfAbsent(p.issuer(), p.id());
    }

    // Policies: the document's (stored ids kept, draft-N for new ones), plus those kept.
    List<CompiledPolicy> docPolicies =
        PolicyService.drafts(
            doc.policies().stream().map(WorkspaceDocument.Item::body).toList(), "/policies");
    for (int i = 0; i < docPolicies.size(); i++) {
      CompiledPolicy c = docPolicies.get(i);
      PolicyView stored = before.policies().get(c.name());
      plan.draftPolicies.add(
          stored == null
              ? c
              : new CompiledPolicy(
                  stored.id(), c.name(), c.resources(), c.actions(), c.specification(), 0));
    }
    // A kept policy as this node runs it (a broken one stays broken: it denies what it covers).
    Set<String> policyNames = keys(doc.policies());
    Set<String> keptIds = new java.util.HashSet<>();
    before
        .policies()
        .forEach(
            (name, v) -> {
              if (!policyNames.contains(name) && !prune) {
                keptIds.add(v.id());
              }
            });
    policyRegistry.index(before.ws().getId()).all().stream()
        .filter(p -> keptIds.contains(p.id()))
        .forEach(plan.draftPolicies::add);

    // Test cases: the document's (their provider resolved by issuer), plus those kept.
    for (WorkspaceDocument.Item item : doc.tests()) {
      plan.draftCases.add(readCase(resolved(item.body(), idOfIssuer)));
    }
    Set<String> testNames = keys(doc.tests());
    before
        .tests()
        .forEach(
            (name, v) -> {
              if (!testNames.contains(name) && !prune) {
                Map<String, Object> body = new LinkedHashMap<>(v.content());
                body.put("name", v.name());
                if (v.description() != null) {
                  body.put("description", v.description());
                }
                PolicyTestCase c = readCaseOrNull(body);
                if (c != null) {
                  plan.draftCases.add(c);
                }
              }
            });
    return plan;
  }

  static KindDiff diff(
      Map<String, Map<String, Object>> stored, List<WorkspaceDocument.Item> doc, boolean prune) {
    List<String> added = new ArrayList<>();
    Map<String, List<JsonDiff.Change>> changed = new LinkedHashMap<>();
    int unchanged = 0;
    for (WorkspaceDocument.Item item : doc) {
      Map<String, Object> before = stored.get(item.key());
      if (before == null) {
        added.add(item.key());
        continue;
      }
      List<JsonDiff.Change> changes =
          JsonDiff.diff(Json.toJson(before), Json.toJson(item.canonical()));
      if (changes.isEmpty()) {
        unchanged++;
      } else {
        changed.put(item.key(), changes);
      }
    }
    Set<String> inDoc = keys(doc);
    List<String> missing =
        stored.keySet().stream().filter(k -> !inDoc.contains(k)).sorted().toList();
    return new KindDiff(
        added, changed, prune ? missing : List.of(), prune ? List.of() : missing, unchanged);
  }

  /** Writes the plan: deletions first, then providers, policies, tests (each sorted by key). */
  private List<Write> apply(State before, WorkspaceDocument doc, Plan plan, String by) {
    String ws = before.ws().getName();
    List<Write> writes = new ArrayList<>();
    // Deletions first: a pruned test case may name a pruned provider, and a workspace holds at
    // most PolicyTests.MAX_CASES cases.
    for (String name : plan.diff.get(Kind.TESTS).removed()) {
      PolicyTestView t = before.tests().get(name);
      tests.delete(ws, t.id(), by);
      writes.add(new Write(Kind.TESTS, name, t.id(), "delete", null));
    }
    for (String name : plan.diff.get(Kind.POLICIES).removed()) {
      PolicyView p = before.policies().get(name);
      policies.delete(ws, p.id(), by, false);
      writes.add(new Write(Kind.POLICIES, name, p.id(), "delete", p.version() + 1));
    }
    for (String issuer : plan.diff.get(Kind.PROVIDERS).removed()) {
      ProviderView p = before.providers().get(issuer);
      providers.delete(ws, p.id(), by);
      writes.add(new Write(Kind.PROVIDERS, issuer, p.id(), "delete", p.provider().version() + 1));
    }

    Map<String, String> idOfIssuer = new LinkedHashMap<>();
    before.providers().forEach((issuer, v) -> idOfIssuer.put(issuer, v.id()));
    before.configured().forEach(p -> idOfIssuer.putIfAbsent(p.issuer(), p.id()));
    upsert(
        Kind.PROVIDERS,
        doc.providers(),
        plan,
        item -> item.body(),
        (item, body) -> {
          ProviderView stored = before.providers().get(item.key());
          Written<ProviderView> w =
              stored == null
                  ? providers.create(ws, body, by)
                  : providers.update(ws, stored.id(), body, null, by);
          idOfIssuer.put(item.key(), w.value().id());
          return new Write(
              Kind.PROVIDERS,
              item.key(),
              w.value().id(),
              stored == null ? "create" : "update",
              w.value().provider().version());
        },
        writes);
    upsert(
        Kind.POLICIES,
        doc.policies(),
        plan,
        item -> item.body(),
        (item, body) -> {
          PolicyView stored = before.policies().get(item.key());
          Written<PolicyView> w =
              stored == null
                  ? policies.create(ws, body, by, false)
                  : policies.update(ws, stored.id(), body, null, by, false);
          return new Write(
              Kind.POLICIES,
              item.key(),
              w.value().id(),
              stored == null ? "create" : "update",
              w.value().version());
        },
        writes);
    upsert(
        Kind.TESTS,
        doc.tests(),
        plan,
        item -> resolved(item.body(), idOfIssuer),
        (item, body) -> {
          PolicyTestView stored = before.tests().get(item.key());
          Written<PolicyTestView> w =
              stored == null
                  ? tests.create(ws, body, by)
                  : tests.update(ws, stored.id(), body, null, by);
          return new Write(
              Kind.TESTS,
              item.key(),
              w.value().id(),
              stored == null ? "create" : "update",
              w.value().version());
        },
        writes);
    return writes;
  }

  /** Creates the added items and updates the changed ones; unchanged items are not rewritten. */
  private static void upsert(
      Kind kind,
      List<WorkspaceDocument.Item> items,
      Plan plan,
      Function<WorkspaceDocument.Item, Object> body,
      BiFunction<WorkspaceDocument.Item, Object, Write> write,
      List<Write> writes) {
    KindDiff d = plan.diff.get(kind);
    for (WorkspaceDocument.Item item : items) {
      if (d.added().contains(item.key()) || d.changed().containsKey(item.key())) {
        writes.add(write.apply(item, body.apply(item)));
      }
    }
  }

  /** A test case's body with its {@code input.provider} (an issuer) turned into a provider id. */
  @SuppressWarnings("unchecked")
  private static Object resolved(Object body, Map<String, String> idOfIssuer) {
    if (!(body instanceof Map<?, ?> m)
        || !(m.get("input") instanceof Map<?, ?> input)
        || !(input.get("provider") instanceof String issuer)
        || !idOfIssuer.containsKey(issuer)) {
      return body;
    }
    Map<String, Object> in = new LinkedHashMap<>((Map<String, Object>) input);
    in.put("provider", idOfIssuer.get(issuer));
    Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) m);
    out.put("input", in);
    return out;
  }

  private static PolicyTestCase readCase(Object body) {
    PolicyTestCase c = readCaseOrNull(body);
    if (c == null) {
      throw new IllegalStateException("a validated test case no longer reads");
    }
    return c;
  }

  private static PolicyTestCase readCaseOrNull(Object body) {
    return PolicyTestCase.read(body, "", new ArrayList<>());
  }

  private static TrustedProvider withId(TrustedProvider p, String workspaceId, String id) {
    return new TrustedProvider(
        workspaceId,
        id,
        p.name(),
        p.type(),
        p.issuer(),
        p.jwksUri(),
        p.allowedAudiences(),
        p.authorizedParties(),
        p.clockSkewSeconds(),
        p.allowedAlgorithms(),
        p.claimMappings(),
        0,
        null);
  }

  private static Set<String> keys(List<WorkspaceDocument.Item> items) {
    Set<String> out = new java.util.HashSet<>();
    items.forEach(i -> out.add(i.key()));
    return out;
  }
}
