package dev.gatehouse.check;

import dev.gatehouse.audit.DecisionLog;
import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.audit.DecisionRecord.Source;
import dev.gatehouse.catalog.PolicyRegistry;
import dev.gatehouse.catalog.WorkspaceDirectory;
import dev.gatehouse.catalog.WorkspaceNames;
import dev.gatehouse.error.NotFoundException;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Engine;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.IdGenerator;
import dev.gatehouse.token.BearerToken;
import dev.gatehouse.token.TokenTrust;
import dev.gatehouse.token.TokenVerifier;
import dev.gatehouse.token.TrustedProvider;
import dev.gatehouse.token.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one decision path: verify the token, build the attributes, find the applicable policies,
 * decide, and audit. The check API, the batch API, explain and the {@code @ExternalAuthorize}
 * interceptor all come through here.
 *
 * <p>Each decision's instant comes from the injected {@link Clock} and its id from the injected
 * {@link IdGenerator} (both produced by {@link ClockAndIds}), never from a static source.
 */
@ApplicationScoped
public class CheckService {

  @Inject Clock clock;
  @Inject IdGenerator ids;

  @Inject WorkspaceDirectory workspaces;
  @Inject TokenTrust trust;
  @Inject PolicyRegistry policies;
  @Inject DecisionLog audit;
  // Whoever counts checks: dev.gatehouse.metrics.CheckMetrics, always deployed (a missing or
  // second implementation fails the deployment rather than silently counting nothing).
  @Inject CheckEvents metrics;
  // gatehouse.trusted-proxies, read once at start (docs/configuration.md#check-api-and-audit-log).
  @Inject ClientAddressSettings clientAddress;

  /** One decided check. */
  public record Outcome(String decisionId, Decision decision, VerifiedToken token) {}

  /** A check explained: everything read and the full trace; nothing is recorded. */
  public record Explanation(
      TokenVerifier.Inspection inspection, Map<String, Object> attributes, Decision decision) {}

  /**
   * Decides one check and records it.
   *
   * @throws NotFoundException for an unknown workspace
   * @throws dev.gatehouse.token.TokenFailure when the token cannot be trusted (recorded too)
   */
  public Outcome check(String workspace, CheckRequest request, Caller caller, Source source) {
    long started = System.nanoTime();
    try {
      String workspaceId = workspaceId(workspace);
      VerifiedToken token =
          verify(workspaceId, tokenOf(request.token(), caller), request, source, caller);
      return decide(workspaceId, token, request, caller, source);
    } finally {
      metrics.timed(source.wireName(), System.nanoTime() - started);
    }
  }

  /** Decides every check of a batch with one verification of the token; results in order. */
  public List<Outcome> checkBatch(String workspace, CheckRequest.Batch batch, Caller caller) {
    long started = System.nanoTime();
    try {
      String workspaceId = workspaceId(workspace);
      CheckRequest first = batch.checks().get(0);
      VerifiedToken token =
          verify(workspaceId, tokenOf(batch.token(), caller), first, Source.BATCH, caller);
      List<Outcome> out = new ArrayList<>(batch.checks().size());
      for (CheckRequest r : batch.checks()) {
        out.add(decide(workspaceId, token, r, caller, Source.BATCH));
      }
      return out;
    } finally {
      metrics.timed(Source.BATCH.wireName(), System.nanoTime() - started);
    }
  }

  /**
   * Decides a check with the full trace, for the admin's explain endpoint; records nothing. The
   * token comes from the body only: the request's Authorization carries the admin's credentials
   * (docs/api.md#explain).
   */
  public Explanation explain(String workspace, CheckRequest request, Caller caller) {
    String workspaceId = workspaceId(workspace);
    // No token is the verifier's own missing_token.
    TokenVerifier.Inspection i = trust.verifier().inspect(workspaceId, request.token());
    if (!i.valid()) {
      return new Explanation(i, Map.of(), null);
    }
    Map<String, Object> attributes =
        attributes(i.verified(), request, ipOf(request, caller), ClockAndIds.now(clock));
    PolicyIndex index = policies.index(workspaceId);
    Decision d =
        Engine.decide(
            index.applicable(request.resource(), request.action()),
            attributes,
            request.context(),
            true);
    return new Explanation(i, attributes, d);
  }

  /** The id of the named workspace; 404 when there is none. */
  public String workspaceId(String workspace) {
    return workspaces.idOf(workspace).orElseThrow(() -> WorkspaceNames.noSuchWorkspace(workspace));
  }

  private VerifiedToken verify(
      String workspaceId, String token, CheckRequest request, Source source, Caller caller) {
    TokenVerifier.Inspection i = trust.verifier().check(workspaceId, token);
    if (i.valid()) {
      return i.verified();
    }
    TrustedProvider p = i.provider();
    audit.record(
        DecisionRecord.builder(ids.newId(), workspaceId, ClockAndIds.now(clock), source)
            .provider(p == null ? null : p.id(), p == null ? null : p.issuer())
            .asked(request.resource(), request.action())
            .ipAddress(ipOf(request, caller))
            // A refused token keeps no context: an anonymous caller stores nothing of its own
            // (docs/security.md, "The audit log under attack").
            .refused(i.failure().code())
            .build());
    metrics.refused(source.wireName(), i.failure().code());
    throw i.failure();
  }

  private Outcome decide(
      String workspaceId, VerifiedToken token, CheckRequest request, Caller caller, Source source) {
    Instant now = ClockAndIds.now(clock);
    Map<String, Object> attributes = attributes(token, request, ipOf(request, caller), now);
    Decision d =
        Engine.decide(
            policies.index(workspaceId).applicable(request.resource(), request.action()),
            attributes,
            request.context(),
            false);
    String id = ids.newId();
    DecisionLog.StoredContext context = audit.contextFor(request.context());
    // The token's own attributes, not the check's: resource, action, time and address are columns
    // of the record already (docs/api.md#impact-analysis).
    DecisionLog.StoredContext kept = audit.attributesFor(token.attributes());
    audit.record(
        DecisionRecord.builder(id, workspaceId, now, source)
            .provider(token.provider().id(), token.provider().issuer())
            .subject(token.subject())
            .asked(request.resource(), request.action())
            .context(context.json(), context.truncated())
            .replayable(kept.json(), kept.truncated(), audit.contextKept())
            .ipAddress((String) attributes.get("ip_address"))
            .decision(d.effect().jsonName(), d.reason())
            .policy(d.policyId(), d.policyName(), d.ruleId())
            .build());
    metrics.decided(source.wireName(), d.allowed(), d.reason());
    return new Outcome(id, d, token);
  }

  /**
   * What the policies read for one check decided at {@code now} (docs/api.md#attributes): the
   * token's attributes, {@code resource}, {@code action}, {@code current_time} and {@code
   * day_of_week} (UTC) and, when known, {@code ip_address}.
   */
  static Map<String, Object> attributes(
      VerifiedToken token, CheckRequest request, String ip, Instant now) {
    Map<String, Object> a = new HashMap<>(token.attributes());
    a.put("resource", request.resource());
    a.put("action", request.action());
    TimeText time = TimeText.of(now);
    a.put("current_time", time.iso());
    a.put("day_of_week", time.dayOfWeek());
    if (ip != null) {
      a.put("ip_address", ip);
    }
    return a;
  }

  /**
   * An instant's {@code current_time} and {@code day_of_week} text, kept for the last millisecond
   * asked: checks in the same millisecond (decision instants are whole milliseconds, {@link
   * ClockAndIds#now}) share it instead of formatting it again
   * (bench/results/profile-2026-12-06.md).
   */
  record TimeText(Instant instant, String iso, String dayOfWeek) {
    private static volatile TimeText last =
        new TimeText(Instant.EPOCH, Instant.EPOCH.toString(), "thursday");

    static TimeText of(Instant now) {
      TimeText t = last;
      if (!t.instant.equals(now)) {
        t =
            new TimeText(
                now,
                now.toString(),
                now.atOffset(ZoneOffset.UTC).getDayOfWeek().name().toLowerCase(Locale.ROOT));
        last = t;
      }
      return t;
    }
  }

  private String ipOf(CheckRequest request, Caller caller) {
    if (request.ipAddress() != null) {
      return request.ipAddress();
    }
    return caller == null
        ? null
        : ClientAddress.resolve(
            caller.peerAddress(), caller.forwardedFor(), clientAddress.trustedProxies());
  }

  /** The body's token, else the Bearer token of the Authorization header, else null. */
  static String tokenOf(String bodyToken, Caller caller) {
    if (bodyToken != null) {
      return bodyToken;
    }
    return caller == null ? null : BearerToken.of(caller.authorizationHeader());
  }
}
