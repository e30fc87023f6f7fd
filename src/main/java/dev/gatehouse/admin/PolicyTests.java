package dev.gatehouse.admin;

import dev.gatehouse.catalog.PolicyCompiler;
import dev.gatehouse.catalog.PolicyRegistry;
import dev.gatehouse.catalog.ProviderRegistry;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.json.Json;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Engine;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.PolicyStore;
import dev.gatehouse.store.PolicyTestEntity;
import dev.gatehouse.store.PolicyTestStore;
import dev.gatehouse.store.StoreConflict;
import dev.gatehouse.store.StoredPolicy;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceEntity;
import dev.gatehouse.token.ClaimMapper;
import dev.gatehouse.token.TokenFailure;
import dev.gatehouse.token.TrustedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Policy tests (docs/api.md#policy-tests): the CRUD of a workspace's stored test cases, and runs of
 * cases through the engine, against the saved policies or a draft set, as explain decides a check
 * (with the trace). Nothing is recorded in the audit log.
 */
@ApplicationScoped
public class PolicyTests implements WorkspaceItems<PolicyTestView> {
  /** At most this many cases in a run, and stored in a workspace. */
  public static final int MAX_CASES = 1000;

  @Inject Clock clock;
  @Inject Transactions tx;
  @Inject ChangeLog changes;
  @Inject WorkspaceService workspaces;
  @Inject PolicyTestStore store;
  @Inject PolicyStore policyStore;
  @Inject PolicyRegistry policies;
  @Inject ProviderRegistry providers;

  /**
   * One case run: the decision with its full trace, or why the case could not be decided ({@code
   * error}: no provider to map its claims, a required claim missing, a stored row that no longer
   * reads).
   *
   * @param caseId the stored case's id, or null for a case given in the run's body
   * @param caseName the case's name (also for a stored row that cannot be read)
   * @param testCase the case, or null for a stored row that cannot be read
   * @param traced whether {@code decision} was made with its trace (the first failures of a run)
   */
  public record Result(
      String caseId,
      String caseName,
      PolicyTestCase testCase,
      Decision decision,
      boolean traced,
      String error) {
    /** True when the case was decided and every expected member matches. */
    public boolean passed() {
      if (decision == null) {
        return false;
      }
      PolicyTestCase.Expected e = testCase.expected();
      return decision.effect() == e.decision()
          && (e.policy() == null || e.policy().equals(decision.policyName()))
          && (e.ruleId() == null || e.ruleId().equals(decision.ruleId()))
          && (e.reason() == null || e.reason().equals(decision.reason()));
    }
  }

  /** A case to run, with its stored id (null when unsaved) or why its stored row cannot be read. */
  private record Runnable(String id, String name, PolicyTestCase testCase, String problem) {}

  // ------------------------------------------------------------------------------------ runs

  /**
   * Runs a body of docs/api.md#policy-tests: its {@code cases} or else the stored ones, against its
   * draft {@code policies} or else the saved ones.
   */
  public List<Result> run(String workspace, Object body) {
    PolicyTestCase.Run run = PolicyTestCase.readRun(body);
    List<CompiledPolicy> draft =
        run.hasPolicies() ? PolicyService.drafts(run.policies(), "/policies") : null;
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          List<Runnable> cases =
              run.hasCases()
                  ? run.cases().stream().map(c -> new Runnable(null, c.name(), c, null)).toList()
                  : stored(ws.getId());
          PolicyIndex index = draft == null ? policies.index(ws.getId()) : new PolicyIndex(draft);
          return runAll(ws.getId(), cases, index);
        });
  }

  /**
   * The stored cases that fail when {@code policy} (compiled, with its id) is put in the
   * workspace's saved policies, replacing the one with its id ({@code null}: the one with its id
   * taken out, for a delete): what {@code ?requireTests=pass} checks before a policy write commits.
   * Runs in the caller's transaction, which holds the workspace's lock, on the policies as the
   * database has them (another node's writes included), as the checks will decide once the write
   * commits; a stored policy that does not compile is a broken entry, as live checks see it.
   *
   * @throws TestsFailedException when any case fails
   */
  void requirePass(String workspaceId, String policyId, CompiledPolicy policy) {
    List<CompiledPolicy> set = new ArrayList<>();
    for (StoredPolicy p : policyStore.storedIn(workspaceId)) {
      if (!p.id().equals(policyId)) {
        set.add(PolicyCompiler.compileOrBroken(p));
      }
    }
    if (policy != null) { // null: the policy is being deleted
      set.add(policy);
    }
    List<Result> results = runAll(workspaceId, stored(workspaceId), new PolicyIndex(set));
    List<Result> failures = results.stream().filter(r -> !r.passed()).toList();
    if (!failures.isEmpty()) {
      throw new TestsFailedException(failures, results.size());
    }
  }

  /**
   * Runs {@code cases} against a draft policy set with a draft provider set (what a workspace would
   * hold after an import, docs/api.md#export-and-import): claims are mapped by the draft providers'
   * claim mappings, a case's {@code input.provider} names one of them by id.
   */
  public List<Result> runDraft(
      List<PolicyTestCase> cases,
      List<CompiledPolicy> policySet,
      List<TrustedProvider> providerSet) {
    List<Runnable> runnables =
        cases.stream().map(c -> new Runnable(null, c.name(), c, null)).toList();
    return runAll(
        runnables,
        new PolicyIndex(policySet),
        providerSet.stream().sorted(Comparator.comparing(TrustedProvider::id)).toList());
  }

  private List<Result> runAll(String workspaceId, List<Runnable> cases, PolicyIndex index) {
    List<TrustedProvider> inWorkspace =
        providers.all().stream()
            .filter(p -> p.workspaceId().equals(workspaceId))
            .sorted(Comparator.comparing(TrustedProvider::id))
            .toList();
    return runAll(cases, index, inWorkspace);
  }

  private List<Result> runAll(
      List<Runnable> cases, PolicyIndex index, List<TrustedProvider> inWorkspace) {
    Instant now = ClockAndIds.now(clock);
    List<Result> out = new ArrayList<>(cases.size());
    int traced = 0;
    for (Runnable r : cases) {
      PolicyTestCase c = r.testCase();
      if (c == null) {
        out.add(new Result(r.id(), r.name(), null, null, false, r.problem()));
        continue;
      }
      Map<String, Object> given;
      if (c.attributes() != null) {
        given = c.attributes();
      } else {
        TrustedProvider p = providerFor(c, inWorkspace);
        if (p == null) {
          out.add(new Result(r.id(), r.name(), c, null, false, noProvider(c, inWorkspace)));
          continue;
        }
        try {
          // The claims as a verified token's would be mapped; nothing is verified, so no
          // signature is needed (docs/api.md#policy-tests).
          given = ClaimMapper.map(p, (JsonObject) Json.toJson(c.claims())).attributes();
        } catch (TokenFailure f) {
          out.add(new Result(r.id(), r.name(), c, null, false, f.code() + ": " + f.detail()));
          continue;
        }
      }
      Result result =
          new Result(r.id(), r.name(), c, decide(index, c, given, now, false), false, null);
      if (!result.passed() && traced < MAX_TRACED_FAILURES) {
        // Decided again, with the trace, only for the failures shown with one: a run of many
        // passing cases builds no trace at all (docs/api.md#policy-tests).
        traced++;
        result = new Result(r.id(), r.name(), c, decide(index, c, given, now, true), true, null);
      }
      out.add(result);
    }
    return out;
  }

  /** At most this many failures of one run come with their trace (docs/api.md#policy-tests). */
  public static final int MAX_TRACED_FAILURES = 50;

  /** A case decided as a check (or, with {@code trace}, explain) decides it. */
  static Decision decide(
      PolicyIndex index, PolicyTestCase c, Map<String, Object> given, Instant now, boolean trace) {
    return Engine.decide(
        index.applicable(c.resource(), c.action()), attributes(c, given, now), c.context(), trace);
  }

  /**
   * What a case's policies read (docs/api.md#attributes): {@code resource}, {@code action}, {@code
   * current_time} and {@code day_of_week} (UTC) at {@code now} and {@code ip_address} as a check
   * sets them, then the case's own attributes, which win.
   */
  public static Map<String, Object> attributes(
      PolicyTestCase c, Map<String, Object> given, Instant now) {
    Map<String, Object> a = new HashMap<>();
    a.put("resource", c.resource());
    a.put("action", c.action());
    a.put("current_time", now.toString());
    a.put(
        "day_of_week", now.atOffset(ZoneOffset.UTC).getDayOfWeek().name().toLowerCase(Locale.ROOT));
    if (c.ipAddress() != null) {
      a.put("ip_address", c.ipAddress());
    }
    a.putAll(given);
    return a;
  }

  private static TrustedProvider providerFor(PolicyTestCase c, List<TrustedProvider> inWorkspace) {
    if (c.provider() == null) {
      return inWorkspace.size() == 1 ? inWorkspace.get(0) : null;
    }
    return inWorkspace.stream().filter(p -> p.id().equals(c.provider())).findFirst().orElse(null);
  }

  private static String noProvider(PolicyTestCase c, List<TrustedProvider> inWorkspace) {
    if (c.provider() != null) {
      return "no provider " + c.provider() + " in this workspace to map the case's claims";
    }
    return "the workspace has "
        + inWorkspace.size()
        + " providers: name one in input.provider to map the case's claims";
  }

  private List<Runnable> stored(String workspaceId) {
    return store.firstOf(workspaceId, MAX_CASES).stream().map(PolicyTests::runnable).toList();
  }

  private static Runnable runnable(PolicyTestEntity e) {
    try {
      List<FieldError> errors = new ArrayList<>();
      PolicyTestCase c = PolicyTestCase.read(body(e), "", errors);
      if (c != null) {
        return new Runnable(e.getId(), e.getName(), c, null);
      }
    } catch (RuntimeException ex) {
      // A row edited by hand: the case fails with a reason, the run goes on.
    }
    return new Runnable(e.getId(), e.getName(), null, "the stored case cannot be read");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(PolicyTestEntity e) {
    Map<String, Object> m =
        new LinkedHashMap<>((Map<String, Object>) Json.toJava(Json.parse(e.getCaseJson())));
    m.put("name", e.getName());
    if (e.getDescription() != null) {
      m.put("description", e.getDescription());
    }
    return m;
  }

  // ------------------------------------------------------------------------------------ CRUD

  @Override
  public PolicyTestView get(String workspace, String id) {
    return tx.run(() -> view(require(workspaces.require(workspace), id)));
  }

  @Override
  public Page<PolicyTestView> list(String workspace, PageRequest page) {
    return tx.run(
        () -> store.list(workspaces.require(workspace).getId(), page).map(PolicyTests::view));
  }

  @Override
  public Written<PolicyTestView> create(String workspace, Object body, String by) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyTestCase c = read(body);
          ItemLookups.checkNameFree(store, ws, "policy test", c.name(), null);
          if (store.count(ws.getId()) >= MAX_CASES) {
            throw new ConflictException(
                "workspace '" + ws.getName() + "' holds " + MAX_CASES + " test cases, the most");
          }
          Instant now = ClockAndIds.now(clock);
          PolicyTestEntity e = new PolicyTestEntity();
          apply(c, e, now);
          try {
            store.insertNew(e, ws.getId(), now);
          } catch (StoreConflict x) {
            throw new ConflictException(
                ItemLookups.nameTaken("policy test", c.name(), ws.getName()));
          }
          logged(ws, e, ChangeLog.Operation.CREATE, null, e.getVersion(), by);
          return new Written<>(view(e), List.of());
        });
  }

  @Override
  public Written<PolicyTestView> update(
      String workspace, String id, Object body, String ifMatch, String by) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyTestEntity e = require(ws, id);
          PolicyTestCase c = read(body);
          Versions.check(
              "policy test " + id, Versions.expected(ifMatch, c.version()), e.getVersion());
          ItemLookups.checkNameFree(store, ws, "policy test", c.name(), id);
          long before = e.getVersion();
          apply(c, e, ClockAndIds.now(clock));
          try {
            store.flush();
          } catch (StoreConflict x) {
            throw new ConflictException("policy test " + id + " was changed concurrently");
          }
          if (e.getVersion() != before) {
            logged(ws, e, ChangeLog.Operation.UPDATE, before, e.getVersion(), by);
          }
          return new Written<>(view(e), List.of());
        });
  }

  @Override
  public void delete(String workspace, String id, String by) {
    tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyTestEntity e = require(ws, id);
          store.delete(e);
          logged(ws, e, ChangeLog.Operation.DELETE, e.getVersion(), null, by);
        });
  }

  /** Records a write of a test case in the change log (docs/api.md#change-log). */
  private void logged(
      WorkspaceEntity ws,
      PolicyTestEntity e,
      ChangeLog.Operation op,
      Long fromVersion,
      Long toVersion,
      String by) {
    changes.record(
        ws.getId(),
        ws.getName(),
        ChangeLog.Kind.POLICY_TEST,
        e.getId(),
        e.getName(),
        op,
        fromVersion,
        toVersion,
        by,
        null);
  }

  /** At most this many characters in a stored case, as JSON (docs/api.md#limits). */
  public static final int MAX_STORED_CASE_CHARS = 65_536;

  /** A case to store: valid, and at most {@link #MAX_STORED_CASE_CHARS} long as stored. */
  private static PolicyTestCase read(Object body) {
    List<FieldError> errors = new ArrayList<>();
    PolicyTestCase c = PolicyTestCase.read(body, "", errors);
    if (c == null) {
      throw new dev.gatehouse.error.ValidationException(errors);
    }
    int chars = Json.toJson(c.stored()).toString().length();
    if (chars > MAX_STORED_CASE_CHARS) {
      throw new dev.gatehouse.error.ValidationException(
          "",
          "a stored test case must be at most "
              + MAX_STORED_CASE_CHARS
              + " characters as JSON; this one is "
              + chars);
    }
    return c;
  }

  private static void apply(PolicyTestCase c, PolicyTestEntity e, Instant now) {
    e.setName(c.name());
    e.setDescription(c.description());
    e.setCaseJson(Json.toJson(c.stored()).toString());
    e.setUpdatedAt(now);
  }

  @SuppressWarnings("unchecked")
  private static PolicyTestView view(PolicyTestEntity e) {
    Map<String, Object> content;
    try {
      content = (Map<String, Object>) Json.toJava(Json.parse(e.getCaseJson()));
    } catch (RuntimeException x) {
      content = Map.of(); // a row edited by hand; a run reports it as a failing case
    }
    return new PolicyTestView(
        e.getId(),
        e.getName(),
        e.getDescription(),
        content,
        e.getCreatedAt(),
        e.getUpdatedAt(),
        e.getVersion());
  }

  private PolicyTestEntity require(WorkspaceEntity ws, String id) {
    return ItemLookups.require(store, ws, "policy test", id);
  }
}
