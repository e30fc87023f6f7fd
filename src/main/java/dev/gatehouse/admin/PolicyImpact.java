package dev.gatehouse.admin;

import dev.gatehouse.audit.DecisionLog;
import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.audit.JdbcDecisionStore;
import dev.gatehouse.catalog.PolicyRegistry;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.NotFoundException;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.store.ClockAndIds;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Impact analysis (docs/api.md#impact-analysis): replays a workspace's recorded decisions of a
 * window against a draft of its policies and counts what would change. Reads the audit log as a
 * stream on the admin request's thread, within {@link ImpactSettings}' bounds; writes nothing (no
 * record, no metric, no policy). {@link #replay} is the core, for any caller with a draft set.
 */
@ApplicationScoped
public class PolicyImpact {
  private static final Logger LOG = Logger.getLogger(PolicyImpact.class.getName());

  /** The members an impact request's body may have; exactly one of the first three. */
  static final Set<String> MEMBERS = Set.of("policy", "delete", "policies");

  /**
   * How often (in records) the replay checks its deadline and gives way to live checks: after every
   * so many records it pauses as long as it worked on them, so that it takes at most half a core
   * (bench/results/impact-2026-12-06.md).
   */
  static final int YIELD_EVERY = 256;

  @Inject Clock clock;
  @Inject Config config;
  @Inject WorkspaceService workspaces;
  @Inject PolicyRegistry policies;
  @Inject JdbcDecisionStore store;
  @Inject DecisionLog audit;

  private ImpactSettings settings = ImpactSettings.defaults();

  @PostConstruct
  void readSettings() {
    settings = ImpactSettings.from(config, LOG::warning);
  }

  /** The settings read at start. */
  public ImpactSettings settings() {
    return settings;
  }

  /**
   * The window replayed: records decided at or after {@code from} and before {@code to}, at most
   * {@code limit} of them, newest first.
   */
  public record Window(Instant from, Instant to, int limit) {}

  /**
   * An analysis's answer (docs/api.md#impact-analysis).
   *
   * @param window what was asked
   * @param counts what the replay found
   * @param complete true when every record of the window was read; false when the limit or the
   *     deadline stopped it first ({@code stoppedBy})
   * @param stoppedBy {@code limit}, {@code deadline}, or null when complete
   * @param elapsedMillis how long the replay took
   */
  public record Impact(
      Window window,
      ImpactReplay.Counts counts,
      boolean complete,
      String stoppedBy,
      long elapsedMillis) {}

  /**
   * Analyses the impact of a draft given as an API body: {@code {"policy": {…}}} (a new policy, or
   * with the {@code id} of a saved one, that policy changed), {@code {"delete": "<id>"}}, or {@code
   * {"policies": […]}} (the whole draft set, as a policy test run takes it).
   *
   * @param from the window's start as ISO-8601 text, or null for {@code to} less 7 days
   * @param to the window's end, or null for now
   * @param limit the most records replayed, or null for {@code gatehouse.impact.max-records}
   * @throws NotFoundException for an unknown workspace, or a policy id the workspace has not
   * @throws ValidationException (400, with pointers) for a draft a write would refuse, or a bad
   *     window
   */
  public Impact analyse(String workspace, Object body, String from, String to, String limit) {
    String workspaceId = workspaces.get(workspace).id();
    Window window = window(from, to, limit);
    PolicyIndex saved = policies.index(workspaceId);
    List<CompiledPolicy> draft = draftSet(saved, body, workspace);
    return replay(workspaceId, saved, draft, window);
  }

  /**
   * Replays the workspace's records of {@code window} against its saved policies and against the
   * draft set {@code draft} (every policy the workspace would have: the saved ones with the draft
   * applied). Callable from Java (an import's dry run).
   */
  public Impact replay(String workspaceId, List<CompiledPolicy> draft, Window window) {
    return replay(workspaceId, policies.index(workspaceId), draft, window);
  }

  /**
   * Analyses the impact of a whole draft set on the workspace named {@code workspace} (an import's
   * dry run, docs/api.md#export-and-import), with the window of {@link #window}.
   */
  public Impact analyse(
      String workspace, List<CompiledPolicy> draft, String from, String to, String limit) {
    String workspaceId = workspaces.get(workspace).id();
    return replay(workspaceId, draft, window(from, to, limit));
  }

  /**
   * One replay at a time on a server (docs/api.md#impact-analysis): live checks share the machine
   * with at most one, and a second waits for it, up to the deadline.
   */
  private final Semaphore running = new Semaphore(1, true);

  private Impact replay(
      String workspaceId, PolicyIndex saved, List<CompiledPolicy> draft, Window window) {
    boolean acquired;
    try {
      acquired = running.tryAcquire(settings.deadline().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw new ConflictException(
          "another impact analysis has been running on this server for longer than"
              + " gatehouse.impact.deadline-ms; try again when it ends");
    }
    try {
      return replayAlone(workspaceId, saved, draft, window);
    } finally {
      running.release();
    }
  }

  private Impact replayAlone(
      String workspaceId, PolicyIndex saved, List<CompiledPolicy> draft, Window window) {
    ImpactReplay replay = new ImpactReplay(saved, new PolicyIndex(draft));
    long start = System.nanoTime();
    Feed feed =
        new Feed(
            replay,
            window.limit(),
            start + settings.deadline().toNanos(),
            System::nanoTime,
            PolicyImpact::sleep);
    try {
      // One more than the limit: whether records were left over tells a complete answer.
      store.each(workspaceId, window.from(), window.to(), window.limit() + 1, feed);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the audit log failed", e);
    }
    long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
    return new Impact(window, replay.counts(), feed.stoppedBy == null, feed.stoppedBy, elapsed);
  }

  /**
   * Hands records to a replay until the limit or the deadline: the deadline is read every {@link
   * #YIELD_EVERY} records, and the thread then gives way to others (live checks) before going on.
   */
  static final class Feed implements JdbcDecisionStore.RecordSink {
    private final ImpactReplay replay;
    private final int limit;
    private final long deadline;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private int seen;
    private long sliceStart;

    /** {@code limit}, {@code deadline}, or null while neither stopped the feed. */
    String stoppedBy;

    /** Pauses the replaying thread for so many nanoseconds (a sleep; a test records them). */
    interface Pause {
      void pause(long nanos);
    }

    Feed(ImpactReplay replay, int limit, long deadline, LongSupplier nanoTime, Pause pause) {
      this.replay = replay;
      this.limit = limit;
      this.deadline = deadline;
      this.nanoTime = nanoTime;
      this.pause = pause;
      this.sliceStart = nanoTime.getAsLong();
    }

    @Override
    public boolean accept(DecisionRecord r) {
      if (seen == limit) {
        stoppedBy = "limit";
        return false;
      }
      if (++seen % YIELD_EVERY == 0) {
        long now = nanoTime.getAsLong();
        if (now - deadline > 0) {
          stoppedBy = "deadline";
          return false;
        }
        // As long as the slice took, but never past the deadline.
        long rest = Math.min(now - sliceStart, deadline - now);
        if (rest > 0) {
          pause.pause(rest);
        }
        sliceStart = nanoTime.getAsLong();
      }
      replay.accept(r);
      return true;
    }
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("an impact analysis was interrupted", e);
    }
  }

  /**
   * The window a request names (ISO-8601 {@code from} and {@code to}, a {@code limit}; each null
   * for its default: the last 7 days, {@code gatehouse.impact.max-records}), checked: 400 with
   * every problem at once. {@code window(null, null, null)} is the default window.
   */
  public Window window(String from, String to, String limit) {
    List<FieldError> errors = new ArrayList<>();
    Instant now = ClockAndIds.now(clock);
    Instant toT = QueryInstants.parse("to", to, errors);
    Instant fromT = QueryInstants.parse("from", from, errors);
    int n = settings.maxRecords();
    if (limit != null && !limit.isEmpty()) {
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1 || n > settings.maxRecords()) {
        errors.add(
            new FieldError(
                "",
                "query parameter 'limit' must be a whole number from 1 to "
                    + settings.maxRecords()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    Duration retention = audit.settings().retention();
    if (toT == null) {
      toT = now;
    }
    if (fromT == null) {
      Duration back =
          ImpactSettings.DEFAULT_WINDOW.compareTo(retention) < 0
              ? ImpactSettings.DEFAULT_WINDOW
              : retention;
      fromT = toT.minus(back);
    }
    if (!fromT.isBefore(toT)) {
      throw new ValidationException("", "query parameter 'from' must be before 'to'");
    }
    if (Duration.between(fromT, toT).compareTo(retention) > 0) {
      throw new ValidationException(
          "",
          "the window from 'from' to 'to' must be at most "
              + retention.toDays()
              + " days long (gatehouse.audit.retention-days): older records are gone");
    }
    return new Window(fromT, toT, n);
  }

  /**
   * The workspace's policies with the body's draft applied, each draft policy validated as a write
   * validates it (pointers under {@code /policy} or {@code /policies/N}).
   */
  static List<CompiledPolicy> draftSet(PolicyIndex saved, Object body, String workspace) {
    if (!(body instanceof Map<?, ?> m)) {
      throw new ValidationException(
          "", "must be a JSON object with 'policy', 'delete' or 'policies'");
    }
    List<FieldError> errors = new ArrayList<>();
    int given = 0;
    for (Object k : m.keySet()) {
      if (!MEMBERS.contains(k)) {
        errors.add(
            new FieldError(
                "/" + FieldError.escape(String.valueOf(k)),
                "is not a member of an impact request ('policy', 'delete' or 'policies')"));
      } else {
        given++;
      }
    }
    if (given != 1) {
      errors.add(new FieldError("", "must have exactly one of 'policy', 'delete' or 'policies'"));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    if (m.containsKey("policies")) {
      return PolicyService.drafts(m.get("policies"), "/policies");
    }
    List<CompiledPolicy> set = new ArrayList<>(saved.all());
    if (m.containsKey("delete")) {
      if (!(m.get("delete") instanceof String id) || id.isEmpty()) {
        throw new ValidationException("/delete", "must be the id of a saved policy");
      }
      if (!set.removeIf(p -> p.id().equals(id))) {
        throw noSuchPolicy(id, workspace);
      }
      return set;
    }
    Object policy = m.get("policy");
    PolicyInput in = PolicyInput.read(policy, "/policy", errors);
    if (in == null) {
      throw new ValidationException(errors);
    }
    String id = DRAFT_ID;
    if (policy instanceof Map<?, ?> p && p.get("id") != null) {
      if (!(p.get("id") instanceof String s) || s.isEmpty()) {
        throw new ValidationException("/policy/id", "must be the id of a saved policy");
      }
      if (!set.removeIf(c -> c.id().equals(s))) {
        throw noSuchPolicy(s, workspace);
      }
      id = s;
    }
    set.add(in.draft(id));
    return set;
  }

  /** The id a new policy of a draft has in the answer. */
  public static final String DRAFT_ID = "draft";

  private static NotFoundException noSuchPolicy(String id, String workspace) {
    return new NotFoundException("no policy " + id + " in workspace '" + workspace + "'");
  }
}
