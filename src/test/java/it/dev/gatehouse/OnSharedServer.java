package it.dev.gatehouse;

import org.junit.jupiter.api.BeforeAll;

/**
 * Integration tests that talk to the one shared server ({@link LibertyServer#shared()}): its admin
 * and anonymous clients and the shared fake IdP, set before the subclass's own {@code @BeforeAll}.
 */
abstract class OnSharedServer {
  static LibertyServer server;
  static Http admin;
  static Http anonymous;
  static ItIdp idp;

  @BeforeAll
  static void connectToSharedServer() {
    server = LibertyServer.shared();
    admin = Http.admin(server);
    anonymous = Http.anonymous(server);
    idp = ItIdp.shared();
  }
}
