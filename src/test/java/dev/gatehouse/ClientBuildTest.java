package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client library's build (client/pom.xml, docs/client.md) against the server's: every file it
 * shares with the WAR exists and imports no other Gatehouse class than the shared ones (the client
 * jar carries nothing else of the server). Its version is checked by the client's own
 * ClientVersionTest.
 */
class ClientBuildTest {
  private static final Pattern SHARED =
      Pattern.compile("<include>(dev/gatehouse/[^<]+\\.java)</include>");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?(dev\\.gatehouse\\.[\\w.]+);");

  static List<String> sharedFiles() throws Exception {
    Matcher m = SHARED.matcher(Files.readString(Path.of("client/pom.xml")));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theSampleApplicationDependsOnThisVersionOfTheClient() throws Exception {
    String root = Files.readString(Path.of("pom.xml"));
    Matcher own =
        Pattern.compile("<artifactId>gatehouse</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(root);
    assertThat(own.find()).isTrue();
    Matcher sample =
        Pattern.compile("<gatehouse.client.version>([^<]+)</gatehouse.client.version>")
            .matcher(Files.readString(Path.of("examples/orders-app/pom.xml")));
    assertThat(sample.find()).as("examples/orders-app/pom.xml names the client's version").isTrue();
    assertThat(sample.group(1)).isEqualTo(own.group(1));
    assertThat(Files.readString(Path.of("examples/orders-app/pom.xml")))
        .contains("<version>${gatehouse.client.version}</version>");
  }

  @Test
  void everySharedFileExistsAndImportsOnlySharedGatehouseClasses() throws Exception {
    List<String> shared = sharedFiles();
    assertThat(shared).contains("dev/gatehouse/authorize/ExternalAuthorize.java");
    List<String> sharedClasses = new ArrayList<>();
    for (String f : shared) {
      sharedClasses.add(f.replace('/', '.').replaceAll("\\.java$", ""));
    }
    for (String f : shared) {
      Path p = Path.of("src/main/java").resolve(f);
      assertThat(p).as("shared file listed in client/pom.xml").exists();
      Matcher m = IMPORT.matcher(Files.readString(p));
      while (m.find()) {
        assertThat(sharedClasses).as("%s imports %s", f, m.group(1)).contains(m.group(1));
      }
    }
  }
}
