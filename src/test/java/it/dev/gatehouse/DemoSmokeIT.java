package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Temporary smoke check of the demo and the interceptor. */
class DemoSmokeIT {
  @Test
  void smoke() {
    LibertyServer server = LibertyServer.shared();
    Http anon = Http.anonymous(server);
    Http.Reply t =
        anon.post("/demo/idp/token", "{\"sub\":\"user_manager\",\"org_role\":\"manager\"}");
    assertThat(t.status()).as(t.toString()).isEqualTo(200);
    String token = t.data().getString("token");
    Http.Reply ok =
        anon.header("Authorization", "Bearer " + token)
            .post("/demo/orders/o-1/approve", "{\"orderAmount\":50000}");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    String member =
        anon.post("/demo/idp/token", "{\"sub\":\"user_member\",\"org_role\":\"member\"}")
            .data()
            .getString("token");
    Http.Reply no =
        anon.header("Authorization", "Bearer " + member)
            .post("/demo/orders/o-1/approve", "{\"orderAmount\":50000}");
    assertThat(no.status()).as(no.toString()).isEqualTo(403);
    Http.Reply none = anon.post("/demo/orders/o-1/approve", "{\"orderAmount\":50000}");
    assertThat(none.status()).as(none.toString()).isEqualTo(401);
    Http.Reply me = anon.get("/demo/me");
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
  }
}
