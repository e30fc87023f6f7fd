package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No JPA type leaves the write side: only {@code store/} (which maps) and {@code admin/} (which
 * writes, inside its transactions) may refer to {@code jakarta.persistence} or to the entity
 * classes; everything else reads records ({@link StoredPolicy}, {@link StoredProvider}, the admin
 * views). Read from the compiled classes, so a lambda or a {@code var} cannot hide a reference.
 */
class PersistenceBoundaryTest {
  /** The classes' names as the JVM writes them in a class file's constant pool. */
  private static final Pattern JPA =
      Pattern.compile(
          "jakarta/persistence/[A-Za-z]+|dev/gatehouse/store/([A-Za-z]+Entity|ClaimMappingEmbeddable)");

  private static final List<String> ALLOWED =
      List.of("dev/gatehouse/store/", "dev/gatehouse/admin/");

  private static Path classes() {
    try {
      return Path.of(
          PolicyEntity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JPA names a compiled class refers to. */
  static List<String> jpaReferences(Path classFile) {
    try {
      String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
      Matcher m = JPA.matcher(text);
      return m.results().map(r -> r.group()).distinct().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theScanSeesAnEntityReferenceWhereThereIsOne() {
    Path service = classes().resolve("dev/gatehouse/admin/PolicyService.class");
    assertThat(jpaReferences(service)).contains("dev/gatehouse/store/PolicyEntity");
    Path store = classes().resolve("dev/gatehouse/store/JpaWrites.class");
    assertThat(jpaReferences(store)).contains("jakarta/persistence/PersistenceException");
  }

  @Test
  void noClassOutsideStoreAndAdminRefersToJpaOrAnEntity() throws IOException {
    Path root = classes();
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".class"))
              .filter(
                  f -> {
                    String name = root.relativize(f).toString().replace('\\', '/');
                    return ALLOWED.stream().noneMatch(name::startsWith);
                  })
              .filter(f -> !jpaReferences(f).isEmpty())
              .map(f -> root.relativize(f) + " " + jpaReferences(f))
              .toList();
    }
    assertThat(offenders).isEmpty();
  }
}
