package dev.gatehouse.admin;

import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.json.Json;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Engine;
import dev.gatehouse.policy.PolicyIndex;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One impact analysis's replay (docs/api.md#impact-analysis): each recorded decision, fed in with
 * {@link #accept}, is decided again from the inputs it saw, with the saved policies (the baseline)
 * and with the draft set, as a check decides (same engine, no trace); the answers are counted.
 * Nothing is written. A record whose inputs were not all kept is counted by its reason and never
 * decided on a guess. Its memory is bounded whatever the number of records: at most {@link
 * #MAX_GROUPS} groups of each kind and {@link #SAMPLES_PER_DIRECTION} samples each way.
 */
public final class ImpactReplay {
  /** The most samples kept of each direction (Allow→Deny, Deny→Allow). */
  public static final int SAMPLES_PER_DIRECTION = 20;

  /**
   * The most groups (resource/action, policy/rule) counted of each kind; later ones go uncounted.
   */
  public static final int MAX_GROUPS = 1_000;

  /** The most groups of each kind in the answer, those with the most flips first. */
  public static final int GROUPS_SHOWN = 100;

  /** Why a record cannot be replayed: its stable code in the answer's {@code byReason}. */
  public enum NotReplayable {
    /** A refused token: no attributes, no policy was asked. */
    REFUSED_TOKEN("refused_token"),
    /**
     * The token's attributes were not kept: {@code gatehouse.audit.attributes=none}, or a record
     * written before they were.
     */
    ATTRIBUTES_NOT_KEPT("attributes_not_kept"),
    /** Attributes were left out (longer than {@code gatehouse.audit.attributes-max-chars}). */
    ATTRIBUTES_TRUNCATED("attributes_truncated"),
    /** Only the context's keys, or nothing of it, was kept ({@code gatehouse.audit.context}). */
    CONTEXT_NOT_KEPT("context_not_kept"),
    /** Members of the context were left out ({@code gatehouse.audit.context-max-chars}). */
    CONTEXT_TRUNCATED("context_truncated"),
    /**
     * The stored attributes or context are not the JSON object Gatehouse wrote (edited by hand).
     */
    UNREADABLE("unreadable");

    private final String code;

    NotReplayable(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** A decision as the answer shows it: Allow or Deny, the reason, the deciding policy and rule. */
  public record Outcome(
      String decision, String reason, String policyId, String policyName, String ruleId) {
    static Outcome of(Decision d) {
      return new Outcome(
          d.effect().jsonName(), d.reason(), d.policyId(), d.policyName(), d.ruleId());
    }

    boolean allowed() {
      return "Allow".equals(decision);
    }
  }

  /** One flipped record shown in the answer. */
  public record Sample(
      String decisionId,
      String subject,
      String resource,
      String action,
      Instant decidedAt,
      Outcome before,
      Outcome after) {}

  /** Flips of one resource and action. */
  public record ResourceActionFlips(
      String resource, String action, long allowToDeny, long denyToAllow) {}

  /**
   * Flips by the policy and rule that decide the record under the draft (those that decided it in
   * the baseline when no draft policy applies); nulls for no policy or a default effect.
   */
  public record PolicyRuleFlips(
      String policyId, String policyName, String ruleId, long allowToDeny, long denyToAllow) {}

  /**
   * The counts so far.
   *
   * @param replayed records decided again
   * @param notReplayable records that could not be, by reason code, in {@link NotReplayable} order
   * @param allowToDeny records the baseline allows and the draft denies
   * @param denyToAllow records the baseline denies and the draft allows
   * @param drifted replayed records whose recorded decision differs from the baseline's (policies
   *     changed since, or time-dependent conditions)
   * @param byResourceAction flips by resource and action, most first, at most {@link #GROUPS_SHOWN}
   * @param byPolicyRule flips by policy and rule, most first, at most {@link #GROUPS_SHOWN}
   * @param groupsLeftOut flips that found no room among the {@link #MAX_GROUPS} groups of a kind
   *     (counted in the totals, in no group)
   * @param samples at most {@link #SAMPLES_PER_DIRECTION} flips each way, newest first
   */
  public record Counts(
      long replayed,
      Map<String, Long> notReplayable,
      long allowToDeny,
      long denyToAllow,
      long drifted,
      List<ResourceActionFlips> byResourceAction,
      List<PolicyRuleFlips> byPolicyRule,
      long groupsLeftOut,
      List<Sample> samples) {
    public long notReplayableTotal() {
      return notReplayable.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Parsed attributes and contexts kept for their text: the records of one token repeat its
   * attributes, so most records are not parsed again (less work and less garbage for the live
   * checks beside a replay). Bounded: {@link #PARSED_ENTRIES} texts of at most {@link
   * #PARSED_MAX_CHARS} characters each.
   */
  static final int PARSED_ENTRIES = 512;

  static final int PARSED_MAX_CHARS = 2048;

  private final Map<String, Map<String, Object>> parsed =
      new LinkedHashMap<>(PARSED_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
          return size() > PARSED_ENTRIES;
        }
      };

  private record RaKey(String resource, String action) {}

  private record PrKey(String policyId, String policyName, String ruleId) {}

  private final PolicyIndex baseline;
  private final PolicyIndex draft;
  private long replayed;
  private final long[] notReplayable = new long[NotReplayable.values().length];
  private long allowToDeny;
  private long denyToAllow;
  private long drifted;
  private long groupsLeftOut;
  private final Map<RaKey, long[]> byResourceAction = new HashMap<>();
  private final Map<PrKey, long[]> byPolicyRule = new HashMap<>();
  private final List<Sample> toDenySamples = new ArrayList<>();
  private final List<Sample> toAllowSamples = new ArrayList<>();

  /**
   * A replay of records against {@code baseline} (the saved policies) and {@code draft} (the
   * policies with the draft applied).
   */
  public ImpactReplay(PolicyIndex baseline, PolicyIndex draft) {
    this.baseline = Objects.requireNonNull(baseline);
    this.draft = Objects.requireNonNull(draft);
  }

  /** Replays one record (or counts why it cannot be). */
  public void accept(DecisionRecord r) {
    NotReplayable why = whyNot(r);
    Map<String, Object> attributes = null;
    Map<String, Object> context = null;
    if (why == null) {
      try {
        attributes = object(r.attributesJson());
        context = r.contextJson() == null ? null : object(r.contextJson());
        if (attributes == null || r.contextJson() != null && context == null) {
          why = NotReplayable.UNREADABLE;
        }
      } catch (RuntimeException e) {
        // Not the text Gatehouse wrote (a row edited by hand): counted, never guessed.
        why = NotReplayable.UNREADABLE;
      }
    }
    if (why != null) {
      notReplayable[why.ordinal()]++;
      return;
    }
    Map<String, Object> inputs = inputs(r, attributes);
    Decision before =
        Engine.decide(baseline.applicable(r.resource(), r.action()), inputs, context, false);
    Decision after =
        Engine.decide(draft.applicable(r.resource(), r.action()), inputs, context, false);
    replayed++;
    if (!before.effect().jsonName().equals(r.decision())) {
      drifted++;
    }
    if (before.allowed() == after.allowed()) {
      return;
    }
    boolean toDeny = before.allowed();
    if (toDeny) {
      allowToDeny++;
    } else {
      denyToAllow++;
    }
    Decision decider = after.policyId() != null ? after : before;
    boolean roomA = count(byResourceAction, new RaKey(r.resource(), r.action()), toDeny);
    boolean roomB =
        count(
            byPolicyRule,
            new PrKey(decider.policyId(), decider.policyName(), decider.ruleId()),
            toDeny);
    if (!roomA || !roomB) {
      groupsLeftOut++;
    }
    List<Sample> samples = toDeny ? toDenySamples : toAllowSamples;
    if (samples.size() < SAMPLES_PER_DIRECTION) {
      samples.add(
          new Sample(
              r.id(),
              r.subject(),
              r.resource(),
              r.action(),
              r.decidedAt(),
              Outcome.of(before),
              Outcome.of(after)));
    }
  }

  /**
   * Why the record cannot be replayed, or null when every input it saw was kept: a refused token,
   * attributes not kept or cut, a context kept as keys or not at all (a record made under {@code
   * gatehouse.audit.context=none} cannot tell a check without a context from one whose context was
   * dropped) or cut.
   */
  static NotReplayable whyNot(DecisionRecord r) {
    if (r.errorCode() != null) {
      return NotReplayable.REFUSED_TOKEN;
    }
    if (r.attributesJson() == null) {
      return NotReplayable.ATTRIBUTES_NOT_KEPT;
    }
    if (r.attributesTruncated()) {
      return NotReplayable.ATTRIBUTES_TRUNCATED;
    }
    if (!"full".equals(r.contextKept())) {
      return NotReplayable.CONTEXT_NOT_KEPT;
    }
    if (r.contextTruncated()) {
      return NotReplayable.CONTEXT_TRUNCATED;
    }
    return null;
  }

  /**
   * What the policies read when the record was decided, as the check built it
   * (docs/api.md#attributes): the token's attributes, then {@code resource}, {@code action}, {@code
   * current_time} and {@code day_of_week} (UTC) of the record's decision time and, when known,
   * {@code ip_address}.
   */
  static Map<String, Object> inputs(DecisionRecord r, Map<String, Object> tokenAttributes) {
    Map<String, Object> a = new HashMap<>(tokenAttributes);
    a.put("resource", r.resource());
    a.put("action", r.action());
    Instant at = r.decidedAt();
    a.put("current_time", at.toString());
    a.put(
        "day_of_week", at.atOffset(ZoneOffset.UTC).getDayOfWeek().name().toLowerCase(Locale.ROOT));
    if (r.ipAddress() != null) {
      a.put("ip_address", r.ipAddress());
    }
    return a;
  }

  /** The JSON object of {@code json} (from the cache when it was read before), or null. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> object(String json) {
    Map<String, Object> m = parsed.get(json);
    if (m != null) {
      return m;
    }
    m = Json.parseToJava(json) instanceof Map<?, ?> o ? (Map<String, Object>) o : null;
    if (m != null && json.length() <= PARSED_MAX_CHARS) {
      parsed.put(json, m);
    }
    return m;
  }

  private static <K> boolean count(Map<K, long[]> groups, K key, boolean toDeny) {
    long[] n = groups.get(key);
    if (n == null) {
      if (groups.size() >= MAX_GROUPS) {
        return false;
      }
      n = new long[2];
      groups.put(key, n);
    }
    n[toDeny ? 0 : 1]++;
    return true;
  }

  /** The counts so far, groups sorted by flips (most first), then by name. */
  public Counts counts() {
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (NotReplayable n : NotReplayable.values()) {
      if (notReplayable[n.ordinal()] > 0) {
        reasons.put(n.code(), notReplayable[n.ordinal()]);
      }
    }
    Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
    List<ResourceActionFlips> ra =
        byResourceAction.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<RaKey, long[]>>comparingLong(
                        e -> -(e.getValue()[0] + e.getValue()[1]))
                    .thenComparing(e -> e.getKey().resource(), nullsFirst)
                    .thenComparing(e -> e.getKey().action(), nullsFirst))
            .limit(GROUPS_SHOWN)
            .map(
                e ->
                    new ResourceActionFlips(
                        e.getKey().resource(),
                        e.getKey().action(),
                        e.getValue()[0],
                        e.getValue()[1]))
            .toList();
    List<PolicyRuleFlips> pr =
        byPolicyRule.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<PrKey, long[]>>comparingLong(
                        e -> -(e.getValue()[0] + e.getValue()[1]))
                    .thenComparing(e -> e.getKey().policyName(), nullsFirst)
                    .thenComparing(e -> e.getKey().policyId(), nullsFirst)
                    .thenComparing(e -> e.getKey().ruleId(), nullsFirst))
            .limit(GROUPS_SHOWN)
            .map(
                e ->
                    new PolicyRuleFlips(
                        e.getKey().policyId(),
                        e.getKey().policyName(),
                        e.getKey().ruleId(),
                        e.getValue()[0],
                        e.getValue()[1]))
            .toList();
    List<Sample> samples = new ArrayList<>(toDenySamples);
    samples.addAll(toAllowSamples);
    return new Counts(
        replayed,
        reasons,
        allowToDeny,
        denyToAllow,
        drifted,
        ra,
        pr,
        groupsLeftOut,
        List.copyOf(samples));
  }
}
