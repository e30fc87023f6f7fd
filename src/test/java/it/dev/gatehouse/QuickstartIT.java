package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's quickstart, run exactly as written (only the port differs: the test server's), with
 * bash and curl against the real server with the demo on.
 */
class QuickstartIT {
  @Test
  void theReadmeQuickstartWorksAsWritten() throws IOException, InterruptedException {
    LibertyServer server = LibertyServer.shared();
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("<!-- quickstart:start -->");
    int end = readme.indexOf("<!-- quickstart:end -->");
    assertThat(start).as("quickstart markers in README.md").isPositive();
    String block = readme.substring(start, end);
    String script =
        block
            .substring(block.indexOf("```sh") + 5, block.lastIndexOf("```"))
            .replace("http://localhost:9080", server.baseUrl().replace("127.0.0.1", "localhost"));

    Process p =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the quickstart finishes").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();

    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(out).hasSize(5);
    assertThat(lines.get(0)).endsWith(" 200").contains("\"approvedBy\":\"user_manager\"");
    assertThat(lines.get(1))
        .endsWith(" 403")
        .contains("\"code\":\"forbidden\"")
        .contains("decisionId");
    assertThat(lines.get(2)).endsWith(" 401").contains("\"code\":\"missing_token\"");
    assertThat(lines.get(3)).endsWith(" 200").contains("\"allowed\":true");
    assertThat(lines.get(4))
        .endsWith(" 200")
        .contains("\"allowed\":false")
        .contains("\"reason\":\"default_effect\"");
  }
}
