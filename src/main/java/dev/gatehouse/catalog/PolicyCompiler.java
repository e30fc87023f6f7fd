package dev.gatehouse.catalog;

import dev.gatehouse.json.Json;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.policy.SpecificationError;
import dev.gatehouse.policy.SpecificationParser;
import dev.gatehouse.store.PolicyEntity;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Compiles stored policies (validated when written) into their evaluable form. */
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
  public static CompiledPolicy compile(PolicyEntity p) {
    SpecificationParser.ParseResult parsed = parse(p);
    if (!parsed.errors().isEmpty()) {
      throw new IllegalStateException(
          "stored policy " + p.getId() + " does not validate: " + describe(parsed));
    }
    return compiled(p, parsed);
  }

  private static CompiledPolicy compiled(PolicyEntity p, SpecificationParser.ParseResult parsed) {
    return new CompiledPolicy(
        p.getId(),
        p.getName(),
        p.getResources(),
        p.getActions(),
        parsed.specification(),
        p.getVersion());
  }

  /**
   * Compiles one stored policy, or makes a broken entry of it that denies what it covers
   * (docs/security.md, "Readiness and failing closed"). Never throws for a bad row: a stored policy
   * that cannot be compiled is never treated as absent. When even its resources and actions cannot
   * be read, the entry covers every resource and action of the workspace.
   */
  static CompiledPolicy compileOrBroken(PolicyEntity p) {
    try {
      SpecificationParser.ParseResult parsed = parse(p);
      return parsed.errors().isEmpty() ? compiled(p, parsed) : broken(p, notValid(parsed));
    } catch (RuntimeException e) {
      return broken(p, problemOf(e));
    }
  }

  /** A broken entry for {@code p}, covering what can be read of its resources and actions. */
  static CompiledPolicy broken(PolicyEntity p, String problem) {
    Set<String> resources = Set.of(PolicyIndex.ANY);
    Set<String> actions = Set.of(PolicyIndex.ANY);
    try {
      if (!p.getResources().contains(null) && !p.getActions().contains(null)) {
        resources = Set.copyOf(p.getResources());
        actions = Set.copyOf(p.getActions());
      }
    } catch (RuntimeException e) {
      // Unreadable coverage: the whole workspace fails closed (the wildcards above).
    }
    String name = p.getName() == null ? p.getId() : p.getName();
    return CompiledPolicy.broken(p.getId(), name, resources, actions, p.getVersion(), problem);
  }

  /**
   * Why this stored policy cannot be compiled, for admins (the admin API, the server log), or empty
   * when it compiles.
   */
  public static Optional<String> problem(PolicyEntity p) {
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

  private static SpecificationParser.ParseResult parse(PolicyEntity p) {
    return SpecificationParser.parse(
        Json.toJava(Json.parse(p.getSpecificationJson())), "/specification");
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
