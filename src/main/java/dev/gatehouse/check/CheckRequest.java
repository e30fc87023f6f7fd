package dev.gatehouse.check;

import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonFields;
import dev.gatehouse.policy.Cidr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One check as a caller asks it (docs/api.md#check): what to decide and about whom.
 *
 * @param token the JWT from the body, or null (then the Authorization header's is used)
 * @param resource the resource
 * @param action the action
 * @param context what the policies read as {@code request_metadata}; may be empty
 * @param ipAddress the end user's address as the caller saw it, or null
 * @param include what the answer adds to the decision (the body's {@code include}); may be empty
 * @param source what the audit record names as the check's origin: {@code check}, or {@code client}
 *     when the body says it comes from the client library's {@code @ExternalAuthorize}
 *     (docs/api.md#check); null means {@code check}
 */
public record CheckRequest(
    String token,
    String resource,
    String action,
    Map<String, Object> context,
    String ipAddress,
    Set<Include> include,
    DecisionRecord.Source source) {

  private static final Set<String> MEMBERS =
      Set.of("token", "resource", "action", "context", "ipAddress", "include", "source");

  /** The origins a check body may name in {@code source}. */
  private static final List<DecisionRecord.Source> CLAIMABLE_SOURCES =
      List.of(DecisionRecord.Source.CHECK, DecisionRecord.Source.CLIENT);

  private static final Set<String> ITEM_MEMBERS = Set.of("resource", "action", "context");

  /**
   * What a caller may ask the answer to add to the decision (docs/api.md#check, {@code include}).
   */
  public enum Include {
    /** The verified principal: subject, issuer, provider, expiry, claims and attributes. */
    PRINCIPAL;

    /** The name in a request body. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static final String KNOWN =
        Arrays.stream(values()).map(Include::wireName).collect(Collectors.joining(", "));
  }

  public CheckRequest {
    include = include == null || include.isEmpty() ? Set.of() : Set.copyOf(include);
    source = source == null ? DecisionRecord.Source.CHECK : source;
  }

  /** A check that asks for nothing beyond the decision (the {@code @ExternalAuthorize} path). */
  public CheckRequest(
      String token, String resource, String action, Map<String, Object> context, String ipAddress) {
    this(token, resource, action, context, ipAddress, Set.of(), null);
  }

  /** True when the caller asked the answer to add {@code what}. */
  public boolean includes(Include what) {
    return include.contains(what);
  }

  /**
   * At most this many items in {@code include} (repeats allowed): a 1 MiB body of unknown names
   * would otherwise be answered with an error for each.
   */
  public static final int MAX_INCLUDE = 10;

  /** At most this many checks in one batch. */
  public static final int MAX_BATCH = 100;

  /** Reads and validates a check body (every error with its pointer). */
  public static CheckRequest read(Object body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = JsonFields.of(body, "", errors);
    f.rejectUnknown(MEMBERS);
    CheckRequest r =
        new CheckRequest(
            token(f),
            f.string("resource", true, 255),
            f.string("action", true, 255),
            context(f),
            ip(f),
            include(f),
            source(f));
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return r;
  }

  /**
   * A batch: the token, address and {@code include} once, and each check's resource, action and
   * context.
   */
  public record Batch(
      String token, String ipAddress, List<CheckRequest> checks, Set<Include> include) {
    public Batch {
      include = include == null || include.isEmpty() ? Set.of() : Set.copyOf(include);
    }

    /** True when the caller asked the answer to add {@code what} (once, for the whole batch). */
    public boolean includes(Include what) {
      return include.contains(what);
    }
  }

  /** Reads and validates a batch body: at most {@value #MAX_BATCH} checks. */
  public static Batch readBatch(Object body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = JsonFields.of(body, "", errors);
    f.rejectUnknown(Set.of("token", "ipAddress", "checks", "include"));
    String token = token(f);
    String ip = ip(f);
    Set<Include> include = include(f);
    List<CheckRequest> checks = new ArrayList<>();
    Object raw = f.raw("checks");
    if (raw == null) {
      f.error("checks", "is required");
    } else if (!(raw instanceof List<?> list)) {
      f.error("checks", "must be an array of checks, not " + Json.typeName(raw));
    } else if (list.isEmpty()) {
      f.error("checks", "must have at least one check");
    } else if (list.size() > MAX_BATCH) {
      f.error("checks", "must have at most " + MAX_BATCH + " checks, not " + list.size());
    } else {
      for (int i = 0; i < list.size(); i++) {
        JsonFields c = JsonFields.of(list.get(i), f.pointer("checks") + "/" + i, errors);
        c.rejectUnknown(ITEM_MEMBERS);
        checks.add(
            new CheckRequest(
                token,
                c.string("resource", true, 255),
                c.string("action", true, 255),
                context(c),
                ip));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Batch(token, ip, checks, include);
  }

  /**
   * {@code include}: absent or null is nothing; else an array of at most {@value #MAX_INCLUDE}
   * known names (repeats allowed). Each unknown item is an error at its own pointer ({@code
   * /include/0: must be one of: principal}).
   */
  private static Set<Include> include(JsonFields f) {
    Object raw = f.raw("include");
    if (raw == null) {
      return Set.of();
    }
    if (!(raw instanceof List<?> list)) {
      f.error(
          "include",
          "must be an array of strings (one of: " + Include.KNOWN + "), not " + Json.typeName(raw));
      return Set.of();
    }
    if (list.size() > MAX_INCLUDE) {
      f.error("include", "must have at most " + MAX_INCLUDE + " items, not " + list.size());
      return Set.of();
    }
    Set<Include> out = EnumSet.noneOf(Include.class);
    for (int i = 0; i < list.size(); i++) {
      Include known = null;
      if (list.get(i) instanceof String s) {
        for (Include c : Include.values()) {
          if (c.wireName().equals(s)) {
            known = c;
          }
        }
      }
      if (known == null) {
        f.errors()
            .add(
                new FieldError(f.pointer("include") + "/" + i, "must be one of: " + Include.KNOWN));
      } else {
        out.add(known);
      }
    }
    return out;
  }

  /**
   * {@code source}: absent or null is {@code check}; else {@code "check"} or {@code "client"}
   * (docs/api.md#check). The caller's own word, like {@code ipAddress}: it only labels the record.
   */
  private static DecisionRecord.Source source(JsonFields f) {
    Object raw = f.raw("source");
    if (raw == null) {
      return DecisionRecord.Source.CHECK;
    }
    for (DecisionRecord.Source s : CLAIMABLE_SOURCES) {
      if (s.wireName().equals(raw)) {
        return s;
      }
    }
    f.error(
        "source",
        "must be one of: "
            + CLAIMABLE_SOURCES.stream()
                .map(DecisionRecord.Source::wireName)
                .collect(Collectors.joining(", ")));
    return DecisionRecord.Source.CHECK;
  }

  private static String token(JsonFields f) {
    Object t = f.raw("token");
    if (t != null && !(t instanceof String)) {
      f.error("token", "must be a string (the JWT)");
      return null;
    }
    return (String) t;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(JsonFields f) {
    Object c = f.raw("context");
    if (c == null) {
      return Map.of();
    }
    if (!(c instanceof Map<?, ?>)) {
      f.error("context", "must be a JSON object, not " + Json.typeName(c));
      return Map.of();
    }
    return (Map<String, Object>) c;
  }

  private static String ip(JsonFields f) {
    String ip = f.string("ipAddress", false, 64);
    if (ip != null && Cidr.parseAddress(ip) == null) {
      f.error("ipAddress", "must be an IPv4 or IPv6 address, not '" + ip + "'");
      return null;
    }
    return ip;
  }
}
