package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo token endpoint answers callers on this machine only, judged by the TCP peer's address
 * (docs/security.md "Outbound fetches, the demo, paths and cross-site requests").
 */
class DemoLoopbackTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"127.0.0.1", "127.0.1.1", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "[::1]"})
  void aLoopbackPeerMayMintDemoTokens(String peer) {
    assertThat(DemoIdpResource.isLoopbackPeer(peer)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "10.0.0.1",
        "192.168.1.1",
        "172.17.0.1",
        "169.254.169.254",
        "203.0.113.7",
        "fd00::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "0.0.0.0",
        "::",
        "localhost",
        "127.0.0.1.nip.io",
        "unknown"
      })
  void anyOtherPeerMayNot(String peer) {
    assertThat(DemoIdpResource.isLoopbackPeer(peer)).isFalse();
  }
}
