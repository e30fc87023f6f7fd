package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;

/** The check API from a test: request bodies, raw replies, decisions and their assertion. */
final class Checks {
  private Checks() {}

  /** A check body; {@code contextJson} and {@code ipAddress} may be null. */
  static String checkBody(
      String token, String resource, String action, String contextJson, String ipAddress) {
    StringBuilder b = new StringBuilder("{");
    if (token != null) {
      b.append("\"token\":\"").append(token).append("\",");
    }
    b.append("\"resource\":\"").append(resource).append("\",\"action\":\"").append(action);
    b.append('"');
    if (contextJson != null) {
      b.append(",\"context\":").append(contextJson);
    }
    if (ipAddress != null) {
      b.append(",\"ipAddress\":\"").append(ipAddress).append('"');
    }
    return b.append('}').toString();
  }

  /** POSTs a check with this client (headers included) and returns the reply as it is. */
  static Http.Reply checkReply(Http client, String ws, String body) {
    return client.post("/api/v1/workspaces/" + ws + "/authorization/check", body);
  }

  /** A check that must be answered 200; returns its {@code data}. */
  static JsonObject decide(
      String ws, String token, String resource, String action, String contextJson) {
    Http.Reply r =
        checkReply(
            Http.anonymous(LibertyServer.shared()),
            ws,
            checkBody(token, resource, action, contextJson, null));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  /** Asserts a decision's effect, reason, policy and rule (null for none). */
  static void assertDecision(
      JsonObject d, boolean allowed, String reason, String policy, String ruleId) {
    assertThat(d.getBoolean("allowed")).as(d.toString()).isEqualTo(allowed);
    assertThat(d.getString("decision")).as(d.toString()).isEqualTo(allowed ? "Allow" : "Deny");
    assertThat(d.getString("reason")).as(d.toString()).isEqualTo(reason);
    if (policy == null) {
      assertThat(d.isNull("policy")).as(d.toString()).isTrue();
    } else {
      assertThat(d.getString("policy")).as(d.toString()).isEqualTo(policy);
    }
    if (ruleId == null) {
      assertThat(d.isNull("ruleId")).as(d.toString()).isTrue();
    } else {
      assertThat(d.getString("ruleId")).as(d.toString()).isEqualTo(ruleId);
    }
    assertThat(d.getString("decisionId")).as(d.toString()).hasSize(36);
  }
}
