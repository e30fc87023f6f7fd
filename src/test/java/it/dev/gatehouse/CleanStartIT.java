package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A clean start logs no error (docs/security.md, "Fresh start"): the README's two starts, {@code
 * mvn liberty:run} and the quickstart's {@code GATEHOUSE_DEMO_ENABLED=true mvn liberty:run}, each
 * on a fresh server of its own (the shared server's log also holds the errors other tests provoke
 * on purpose), read right after the server is ready and has served its OpenAPI document.
 */
class CleanStartIT {
  /** Port offset of these servers (one at a time), apart from the other ITs' offsets. */
  private static final int PORT_OFFSET = 40;

  /**
   * A Liberty message whose id ends in E (error), e.g. {@code CWWKO1650E:} or {@code SRVE0777E:},
   * the E and F (fatal) columns of messages.log, and the words other loggers use for errors.
   */
  private static final Pattern ERROR_LINE =
      Pattern.compile(
          "\\b[A-Z]{4,5}\\d{4}E:|^\\[[^\\]]+\\] \\S+ \\S+\\s+[EF] |SEVERE|\\[ERROR|\\bERROR\\b");

  /**
   * Everything LibertyServer adds to the environment for the other ITs, removed, but the database:
   * a fresh one of the server's own (embedded Derby, or PostgreSQL in {@code mvn verify
   * -Ppostgres}, whose clean start is then checked too).
   */
  private static Map<String, String> readmeEnvironment() {
    Map<String, String> env = new HashMap<>();
    for (String key :
        List.of(
            "MP_JWT_VERIFY_ISSUER",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "MP_JWT_VERIFY_AUDIENCES",
            "GATEHOUSE_MP_JWT_TYPE",
            "GATEHOUSE_MP_JWT_CLAIM_MAPPINGS",
            "GATEHOUSE_PROVIDERS_PARTNER_IDP_ISSUER",
            "GATEHOUSE_PROVIDERS_PARTNER_IDP_WORKSPACE",
            "GATEHOUSE_TRUSTED_PROXIES",
            "GATEHOUSE_DEMO_ENABLED",
            "MP_JWT_TOKEN_HEADER",
            "MP_JWT_TOKEN_COOKIE",
            "GATEHOUSE_JWKS_REFRESH_COOLDOWN")) {
      env.put(key, null);
    }
    return env;
  }

  @Test
  void theReadmeStartLogsNoErrorOrSevereMessage() throws IOException {
    assertCleanStart("plain", readmeEnvironment());
  }

  @Test
  void theQuickstartDemoStartLogsNoErrorOrSevereMessage() throws IOException {
    Map<String, String> env = readmeEnvironment();
    env.put("GATEHOUSE_DEMO_ENABLED", "true");
    assertCleanStart("demo", env);
  }

  @Test
  void theErrorPatternCatchesLibertyErrorsAndNotInformation() {
    assertThat(
            List.of(
                "[12/6/26, 2:46:21:123 UTC] 0000002a io.openliberty.microprofile.openapi20.internal"
                    + ".OpenAPIProvider E CWWKO1650E: Validation of the OpenAPI document produced"
                    + " the following error(s):",
                "[12/6/26, 2:46:21:123 UTC] 0000002a com.ibm.ws.webcontainer.servlet            "
                    + "  E SRVE0777E: Exception thrown by application class",
                "[12/6/26, 2:46:21:123 UTC] 0000002a liquibase.changelog                         "
                    + "  E Change failed",
                "[12/6/26, 2:46:21:123 UTC] 0000002a SystemErr                                   "
                    + "  R SEVERE: something"))
        .allMatch(l -> ERROR_LINE.matcher(l).find());
    assertThat(
            List.of(
                "[12/6/26, 2:46:21:123 UTC] 0000002a com.ibm.ws.kernel.feature.internal"
                    + ".FeatureManager            A CWWKF0011I: The gatehouse server is ready to"
                    + " run a smarter planet.",
                "[12/6/26, 2:46:21:123 UTC] 0000002a dev.gatehouse.admin.AdminAccount            "
                    + "  I Gatehouse generated the admin password for user 'admin': x",
                "[12/6/26, 2:46:21:123 UTC] 0000002a com.ibm.ws.logging.internal.impl"
                    + ".IncidentImpl            W FFDC1015I: An FFDC Incident has been created"))
        .noneMatch(l -> ERROR_LINE.matcher(l).find());
    assertThat(
            errors(
                "[12/6/26, 3:06:19:537 UTC] 00000025 com.ibm.ws.kernel.feature.internal.FeatureManager"
                    + " A CWWKF0011I: ready\n"
                    + "[12/6/26, 3:06:19:537 UTC] 00000025 io.openliberty.microprofile.openapi20"
                    + ".internal.ValidationComponent E CWWKO1650E: Validation of the OpenAPI"
                    + " document produced the following error(s):\n"
                    + " - Message: The Security Requirement Object must not be empty\n"
                    + "[12/6/26, 3:06:20:000 UTC] 00000025 dev.gatehouse.Start I started"))
        .singleElement()
        .asString()
        .startsWith("[12/6/26")
        .endsWith("- Message: The Security Requirement Object must not be empty");
  }

  /**
   * The error lines of a messages.log, each with the lines that continue it (those that do not
   * start a new entry with {@code [}: the details of CWWKO1650E, a stack trace), up to 20.
   */
  static List<String> errors(String log) {
    List<String> errors = new ArrayList<>();
    List<String> lines = log.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (ERROR_LINE.matcher(lines.get(i)).find()) {
        StringBuilder entry = new StringBuilder(lines.get(i));
        for (int j = i + 1; j < lines.size() && j <= i + 20 && !lines.get(j).startsWith("["); j++) {
          entry.append('\n').append(lines.get(j));
        }
        errors.add(entry.toString());
      }
    }
    return errors;
  }

  private static void assertCleanStart(String suffix, Map<String, String> env) throws IOException {
    LibertyServer server = LibertyServer.startAnother("clean" + suffix, PORT_OFFSET, env);
    try {
      // The OpenAPI document is built and validated by then; asked for, to be sure.
      Http.Reply openapi = Http.anonymous(server).get("/openapi");
      assertThat(openapi.status()).as(openapi.toString()).isEqualTo(200);
      assertThat(errors(server.messagesLog()))
          .as("ERROR / SEVERE lines in %s's messages.log", suffix)
          .isEmpty();
    } finally {
      server.stopNow();
    }
  }
}
