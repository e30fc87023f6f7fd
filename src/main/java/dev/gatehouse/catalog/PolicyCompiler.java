package dev.gatehouse.catalog;

import dev.gatehouse.json.Json;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.policy.SpecificationError;
import dev.gatehouse.policy.SpecificationParser;
import dev.gatehouse.store.StoredPolicy;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles stored policies (validated when written) into their evaluable form. Takes {@link
 * StoredPolicy} records, never entities: the registry and the admin services hand it what the store
 * read.
 */
public final class PolicyCompiler {
  /** At most this many characters of a problem are kept (a hand-edited row may be huge). */
  static final int MAX_PROBLEM = 2000;

  private PolicyCompiler() {}

  /**
   * Compiles one stored policy.
   *
   * @throws IllegalStateException when the stored specification no longer validates (it was
   *     validated on write, so this means the database was edited by hand, or another Gatehouse
   *     version wrote it)
   */
  public static CompiledPolicy compile(StoredPolicy p) {
    SpecificationParser.ParseResult parsed = parse(p);
    if (!parsed.errors().isEmpty()) {
      throw new IllegalStateException(
          "stored policy " + p.id() + " does not validate: " + describe(parsed));
    }
    return compiled(p, parsed);
  }

  private static CompiledPolicy compiled(StoredPolicy p, SpecificationParser.ParseResult parsed) {
    return new CompiledPolicy(
        p.id(), p.name(), p.resources(), p.actions(), parsed.specification(), p.version());
  }

  /**
   * Compiles one stored policy, or makes a broken entry of it that denies what it covers
   * (docs/security.md, "Readiness and failing closed"). Never throws for a bad row: a stored policy
   * that cannot be compiled is never treated as absent. When even its resources and actions cannot
   * be read, the entry covers every resource and action of the workspace.
   */
  public static CompiledPolicy compileOrBroken(StoredPolicy p) {
    try {
      SpecificationParser.ParseResult parsed = parse(p);
      return parsed.errors().isEmpty() ? compiled(p, parsed) : broken(p, notValid(parsed));
    } catch (RuntimeException e) {
      return broken(p, problemOf(e));
    }
  }

  /** A broken entry for {@code p}, covering what can be read of its resources and actions. */
  static CompiledPolicy broken(StoredPolicy p, String problem) {
    Set<String> resources = Set.of(PolicyIndex.ANY);
    Set<String> actions = Set.of(PolicyIndex.ANY);
    try {
      if (!p.resources().contains(null) && !p.actions().contains(null)) {
        resources = Set.copyOf(p.resources());
        actions = Set.copyOf(p.actions());
      }
    } catch (RuntimeException e) {
      // Unreadable coverage: the whole workspace fails closed (the wildcards above).
    }
    String name = p.name() == null ? p.id() : p.name();
    return CompiledPolicy.broken(p.id(), name, resources, actions, p.version(), problem);
  }

  /**
   * Why this stored policy cannot be compiled, for admins (the admin API, the server log), or empty
   * when it compiles.
   */
  public static Optional<String> problem(StoredPolicy p) {
    try {
      SpecificationParser.ParseResult parsed = parse(p);
      if (!parsed.errors().isEmpty()) {
        return Optional.of(notValid(parsed));
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(problemOf(e));
    }
  }

  private static SpecificationParser.ParseResult parse(StoredPolicy p) {
    return SpecificationParser.parse(
        Json.toJava(Json.parse(p.specificationJson())), "/specification");
  }

  private static String notValid(SpecificationParser.ParseResult parsed) {
    return cap("the stored specification does not validate: " + describe(parsed));
  }

  private static String describe(SpecificationParser.ParseResult parsed) {
    return parsed.errors().stream()
        .map((SpecificationError e) -> e.pointer() + ": " + e.message())
        .collect(Collectors.joining("; "));
  }

  private static String problemOf(RuntimeException e) {
    if (e instanceof jakarta.json.JsonException) {
      return "the stored specification is not valid JSON";
    }
    return cap("the stored policy cannot be read (" + e.getClass().getSimpleName() + ")");
  }

  private static String cap(String s) {
    return s.length() <= MAX_PROBLEM ? s : s.substring(0, MAX_PROBLEM) + "…";
  }
}
