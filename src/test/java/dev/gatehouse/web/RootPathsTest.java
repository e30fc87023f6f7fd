package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.Path;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * JAX-RS picks one root resource class per request, the one whose path has the most literal
 * characters: a root path ending in a template such as {@code /workspaces/{workspace}} would shadow
 * the class serving {@code /workspaces} and its items (a 404 for GET /workspaces/x).
 */
class RootPathsTest {
  @Test
  void noRootResourcePathEndsInATemplate()
      throws IOException, URISyntaxException, ClassNotFoundException {
    java.nio.file.Path dir =
        Paths.get(
                GatehouseApplication.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            .resolve("dev/gatehouse");
    List<String> roots = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name =
            dir.getParent()
                .getParent()
                .relativize(f)
                .toString()
                .replace('/', '.')
                .replaceAll("\\.class$", "");
        Class<?> c = Class.forName(name, false, getClass().getClassLoader());
        Path p = c.getAnnotation(Path.class);
        if (p != null) {
          roots.add(c.getSimpleName() + " " + p.value());
        }
      }
    }
    assertThat(roots).hasSizeGreaterThan(5);
    assertThat(roots).noneMatch(r -> r.matches(".*\\}/?$"));
  }
}
