package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client's version is Gatehouse's (client/pom.xml says so): a sample application names one
 * version for both, and the root build installs this jar under it.
 */
class ClientVersionTest {
  /** The project's own version: the first {@code <version>} after its {@code <artifactId>}. */
  private static final Pattern PROJECT_VERSION =
      Pattern.compile(
          "<modelVersion>[^<]*</modelVersion>\\s*(?:<!--.*?-->\\s*)*<groupId>dev\\.gatehouse</groupId>"
              + "\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>",
          Pattern.DOTALL);

  @Test
  void theClientsVersionIsGatehouses() throws IOException {
    String client = version(Path.of("pom.xml"), "gatehouse-client");
    String server = version(Path.of("..", "pom.xml"), "gatehouse");
    assertThat(client).isEqualTo(server);
  }

  private static String version(Path pom, String artifactId) throws IOException {
    Matcher m = PROJECT_VERSION.matcher(Files.readString(pom));
    assertThat(m.find()).as("%s names its groupId, artifactId and version", pom).isTrue();
    assertThat(m.group(1)).isEqualTo(artifactId);
    return m.group(2);
  }
}
