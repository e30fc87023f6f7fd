package dev.gatehouse;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.token.FetchThreads;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of README.md ("Project layout") as rules: which package may depend on which, and
 * that threads belong to the container (docs/operations.md#stopping). A wrong arrow fails the build
 * here instead of waiting for a review. Only main classes are imported; tests may do as they
 * please.
 */
class ArchitectureTest {
  private static final String MAP = "README.md#project-layout: ";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.gatehouse");
  }

  @Test
  void importsTheMainClassesOfEveryPackage() {
    // A rule over no classes passes whatever it says: make sure the import found the code.
    assertThat(main.stream().map(c -> c.getPackageName()).distinct())
        .contains(
            "dev.gatehouse.admin",
            "dev.gatehouse.audit",
            "dev.gatehouse.authorize",
            "dev.gatehouse.catalog",
            "dev.gatehouse.check",
            "dev.gatehouse.cluster",
            "dev.gatehouse.demo",
            "dev.gatehouse.error",
            "dev.gatehouse.health",
            "dev.gatehouse.json",
            "dev.gatehouse.metrics",
            "dev.gatehouse.policy",
            "dev.gatehouse.store",
            "dev.gatehouse.token",
            "dev.gatehouse.web");
    assertThat(main.stream().map(c -> c.getName()))
        .contains("dev.gatehouse.policy.Engine")
        .doesNotContain("dev.gatehouse.ArchitectureTest");
  }

  @Test
  void policyDependsOnTheJdkOnly() {
    rule(classes()
            .that()
            .resideInAPackage("dev.gatehouse.policy..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.gatehouse.policy..")
            .because(
                MAP
                    + "policy/ is the engine, java.* only: it is tested in milliseconds and"
                    + " knows nothing of storage, HTTP or the rest of Gatehouse"))
        .check(main);
  }

  @Test
  void tokenImportsNeitherJaxRsNorJpa() {
    rule(noClasses()
            .that()
            .resideInAPackage("dev.gatehouse.token..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.ws.rs..", "jakarta.persistence..")
            .because(
                MAP
                    + "token/ is token trust, with no JAX-RS and no JPA: the check API, the"
                    + " interceptor and the playground adapt it to HTTP"))
        .check(main);
  }

  @Test
  void onlyStoreImportsJpa() {
    rule(noClasses()
            .that()
            .resideOutsideOfPackage("dev.gatehouse.store..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("jakarta.persistence..")
            .because(
                MAP
                    + "store/ is the only JPA code; the others see entities through its"
                    + " stores and its typed exceptions"))
        .check(main);
  }

  @Test
  void onlyStoreAndAdminReferToEntities() {
    rule(noClasses()
            .that()
            .resideOutsideOfPackages("dev.gatehouse.store..", "dev.gatehouse.admin..")
            .should()
            .dependOnClassesThat()
            .areAnnotatedWith(Entity.class)
            .orShould()
            .dependOnClassesThat()
            .areAnnotatedWith(Embeddable.class)
            .because(
                MAP
                    + "entities stay on the write side: store/ maps them and admin/ changes"
                    + " them inside its transactions; everything else reads records"
                    + " (store.StoredPolicy, store.StoredProvider, the admin views)"))
        .check(main);
  }

  @Test
  void theEntityRuleSeesTheEntitiesAdminUses() {
    // The rule above is only as good as its predicate: admin/ does use entities, so the same
    // predicate over admin/ must find them.
    assertThat(
            noClasses()
                .that()
                .resideInAPackage("dev.gatehouse.admin..")
                .should()
                .dependOnClassesThat()
                .areAnnotatedWith(Entity.class)
                .evaluate(main)
                .getFailureReport()
                .getDetails())
        .anyMatch(line -> line.contains("PolicyEntity"));
  }

  @Test
  void checkImportsNeitherWebNorAdminNorMetrics() {
    rule(noClasses()
            .that()
            .resideInAPackage("dev.gatehouse.check..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.gatehouse.web..", "dev.gatehouse.admin..", "dev.gatehouse.metrics..")
            .because(
                MAP
                    + "check/ is the one decision path: it reads runtime state from catalog/,"
                    + " never from the admin services or the HTTP layer, and reports what it"
                    + " does through CheckEvents, which metrics/ implements"))
        .check(main);
  }

  @Test
  void catalogImportsNeitherWebNorAdmin() {
    rule(noClasses()
            .that()
            .resideInAPackage("dev.gatehouse.catalog..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.gatehouse.web..", "dev.gatehouse.admin..")
            .because(
                MAP
                    + "catalog/ owns the runtime state the decision path reads; admin/ only"
                    + " writes and announces changes"))
        .check(main);
  }

  @Test
  void onlyWebAndTheDemoImportJaxRs() {
    rule(noClasses()
            .that()
            .resideOutsideOfPackages("dev.gatehouse.web..", "dev.gatehouse.demo..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("jakarta.ws.rs..")
            .because(
                MAP
                    + "web/ is the HTTP edge (resources, filters, the one problem+json"
                    + " mapping); demo/ has its own sample endpoints; the rest is HTTP-free"))
        .check(main);
  }

  @Test
  void packagesFormNoCycle() {
    rule(slices()
            .matching("dev.gatehouse.(*)..")
            .should()
            .beFreeOfCycles()
            .because(
                MAP
                    + "dependencies point one way, from web/ down to store/; a cycle ties"
                    + " packages together so neither can change or be tested alone"))
        .check(main);
  }

  @Test
  void everyDependencyPointsDownTheReadmesPackageMap() throws IOException {
    // The order is read from the README itself, so the map and the code cannot drift apart.
    List<String> map = packageMap(Files.readString(Path.of("README.md")));
    assertThat(map)
        .as("the packages README.md#project-layout lists, from the HTTP edge down")
        .containsExactlyInAnyOrderElementsOf(
            main.stream()
                .map(c -> c.getPackageName())
                .filter(p -> p.startsWith("dev.gatehouse."))
                .map(p -> p.substring("dev.gatehouse.".length()).split("\\.")[0])
                .distinct()
                .toList());
    for (int i = 1; i < map.size(); i++) {
      String[] above =
          map.subList(0, i).stream().map(p -> "dev.gatehouse." + p + "..").toArray(String[]::new);
      rule(noClasses()
              .that()
              .resideInAPackage("dev.gatehouse." + map.get(i) + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(above)
              .because(
                  MAP
                      + map.get(i)
                      + "/ sits below "
                      + String.join(", ", map.subList(0, i))
                      + " in the package map: every dependency points down the list"))
          .check(main);
    }
  }

  /** The package names of README.md's "Project layout" block, in their order. */
  static List<String> packageMap(String readme) {
    String layout = readme.substring(readme.indexOf("## Project layout"));
    layout = layout.substring(0, layout.indexOf("```", layout.indexOf("```") + 3));
    List<String> packages = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  ([a-z]+)/ ").matcher(layout);
    while (m.find()) {
      packages.add(m.group(1));
    }
    return packages;
  }

  @Test
  void onlyClockAndIdsReadsTheSystemClock() {
    rule(noWallClock()).check(main);
  }

  @Test
  void theClockRuleCatchesACallAndAMethodReferenceButNotAnInjectedClock() {
    JavaClasses fixtures =
        new ClassFileImporter()
            .importClasses(CallsInstantNow.class, ReferencesSystemUtc.class, UsesAGivenClock.class);
    assertThat(noWallClock().evaluate(fixtures).getFailureReport().getDetails())
        .anyMatch(line -> line.contains(CallsInstantNow.class.getName()) && line.contains("now"))
        .anyMatch(
            line ->
                line.contains(ReferencesSystemUtc.class.getName()) && line.contains("systemUTC"))
        .noneMatch(line -> line.contains(UsesAGivenClock.class.getName()));
  }

  private static ArchRule noWallClock() {
    return noClasses()
        .that()
        .doNotBelongToAnyOf(ClockAndIds.class)
        .should()
        .accessTargetWhere(
            describe(
                "a call of, or a reference to, what reads the wall clock (Instant.now,"
                    + " Clock.system*, any java.time now(), System.currentTimeMillis, new Date())",
                (JavaAccess<?> access) -> readsTheWallClock(access)))
        .because(
            "one clock, injected (store.ClockAndIds produces it): a test can fix the time of"
                + " any decision, write or poll");
  }

  private static boolean readsTheWallClock(JavaAccess<?> access) {
    JavaClass owner = access.getTargetOwner();
    String name = access.getName();
    return (owner.getPackageName().equals("java.time")
            && (name.equals("now") || name.startsWith("system")))
        || (owner.isEquivalentTo(System.class) && name.equals("currentTimeMillis"))
        || (owner.isEquivalentTo(java.util.Date.class)
            && name.equals("<init>")
            && access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget t
            && t.getRawParameterTypes().isEmpty());
  }

  /** Fixture: reads the wall clock with a call. */
  static final class CallsInstantNow {
    Instant when() {
      return Instant.now();
    }
  }

  /** Fixture: reads the wall clock through a method reference. */
  static final class ReferencesSystemUtc {
    Supplier<Clock> clock() {
      return Clock::systemUTC;
    }
  }

  /** Fixture: asks the clock it is given (as every bean does with the injected one). */
  static final class UsesAGivenClock {
    Instant when(Clock clock) {
      return clock.instant();
    }
  }

  @Test
  void mainCodeStartsNoThreadOrPool() {
    rule(noThreadOrPool()).check(main);
  }

  @Test
  void theThreadRuleCatchesAThreadAndAPoolButNotAManagedExecutor() {
    // The rule's own predicates, proven on classes made for it (a rule that cannot fail proves
    // nothing about the code it passes).
    JavaClasses fixtures =
        new ClassFileImporter()
            .importClasses(StartsAThread.class, StartsAPool.class, UsesAGivenExecutor.class);
    assertThat(noThreadOrPool().evaluate(fixtures).getFailureReport().getDetails())
        .anyMatch(line -> line.contains(StartsAThread.class.getName()) && line.contains("Thread"))
        .anyMatch(
            line ->
                line.contains(StartsAPool.class.getName())
                    && line.contains("Executors.newFixedThreadPool"))
        .noneMatch(line -> line.contains(UsesAGivenExecutor.class.getName()));
  }

  private static ArchRule noThreadOrPool() {
    return noClasses()
        .should()
        .callConstructorWhere(
            describe(
                "a constructor of Thread, ThreadPoolExecutor, ForkJoinPool or Timer",
                (JavaCall<?> call) ->
                    call.getTargetOwner().isAssignableTo(Thread.class)
                        || call.getTargetOwner().isAssignableTo(ThreadPoolExecutor.class)
                        || call.getTargetOwner().isAssignableTo(ForkJoinPool.class)
                        || call.getTargetOwner().isAssignableTo(Timer.class)))
        .orShould()
        .callMethodWhere(
            describe(
                "a method Executors.new*",
                (JavaCall<?> call) ->
                    call.getTargetOwner().isEquivalentTo(Executors.class)
                        && call.getName().startsWith("new")
                        // The one pool of its own: its threads come from the container's
                        // ManagedThreadFactory and it is shut down at @PreDestroy (a check waits
                        // for a key fetch, so fetches cannot share the request threads' pool).
                        && !call.getOriginOwner().isEquivalentTo(FetchThreads.class)))
        .because(
            MAP
                + "threads belong to the container: Liberty's managed executors (as cluster/"
                + " does) or none, so that a stop leaves no Gatehouse thread running"
                + " (docs/operations.md#stopping)");
  }

  /** Fixture: starts a thread of its own. */
  static final class StartsAThread {
    void run() {
      new Thread(() -> {}, "own").start();
    }
  }

  /** Fixture: makes a pool of its own. */
  static final class StartsAPool {
    ExecutorService pool() {
      return Executors.newFixedThreadPool(2);
    }
  }

  /** Fixture: runs work on an executor it is given (as with a managed executor). */
  static final class UsesAGivenExecutor {
    void run(ExecutorService managed) {
      managed.execute(() -> {});
    }
  }

  /** Every rule here must see classes: an empty selection is a mistake, not a pass. */
  private static ArchRule rule(ArchRule rule) {
    return rule.allowEmptyShould(false);
  }
}
