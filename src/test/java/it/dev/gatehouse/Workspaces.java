package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Samples;
import java.util.UUID;

/**
 * Test data on the shared server through the admin API: unique names, workspaces, and a workspace's
 * providers and policies. Shared by the integration tests.
 */
final class Workspaces {
  private Workspaces() {}

  /** A lower-case random suffix for names that must be unique in the shared database. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a workspace and returns its name. */
  static String createWorkspace(Http admin, String prefix) {
    String name = unique(prefix);
    Http.Reply r = admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + name + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return name;
  }

  /** Registers a Clerk provider for the IdP's {@code tenant} in {@code ws}; returns its id. */
  static String clerkProvider(String ws, String tenant, String claimMappingsJson) {
    return clerkProvider(Http.admin(LibertyServer.shared()), ws, tenant, claimMappingsJson);
  }

  /** {@link #clerkProvider(String, String, String)} on the server {@code admin} talks to. */
  static String clerkProvider(Http admin, String ws, String tenant, String claimMappingsJson) {
    Http.Reply p =
        admin.post(
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "{\"name\":\"Clerk "
                + tenant
                + "\",\"providerType\":\"clerk\",\"issuer\":\""
                + ItIdp.shared().issuer(tenant)
                + "\",\"claimMappings\":"
                + claimMappingsJson
                + "}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    return p.data().getString("id");
  }

  /** Writes a policy into {@code ws}; returns its id. */
  static String createPolicy(String ws, String json) {
    return createPolicy(Http.admin(LibertyServer.shared()), ws, json);
  }

  /** {@link #createPolicy(String, String)} on the server {@code admin} talks to. */
  static String createPolicy(Http admin, String ws, String json) {
    Http.Reply r = admin.post("/api/v1/admin/workspaces/" + ws + "/policies", json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.data().getString("id");
  }

  /**
   * A new workspace that trusts the IdP's {@code tenant} (a Clerk provider, no claim mappings) and
   * holds {@link Samples#ORDER_APPROVAL}; returns its name.
   */
  static String orderApprovalWorkspace(Http admin, String prefix, String tenant) {
    String ws = createWorkspace(admin, prefix);
    clerkProvider(admin, ws, tenant, "[]");
    createPolicy(admin, ws, Samples.ORDER_APPROVAL);
    return ws;
  }
}
