package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strict client PublicAnswersIT relies on really is strict: canned responses from a one-shot
 * server on 127.0.0.1, a clean one read, each kind of bad header refused.
 */
class StrictHttpTest {
  private static final String BODY = "{\"code\":\"x\"}";

  /** Serves {@code response} (ISO-8859-1 bytes as written) to one request and answers it. */
  private static StrictHttp.Reply exchange(byte[] response) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = server.accept()) {
                  s.setSoTimeout(5_000);
                  readHead(s.getInputStream());
                  s.getOutputStream().write(response);
                  s.getOutputStream().flush();
                } catch (IOException e) {
                  // The client may hang up mid-answer once it has refused it: what it concluded
                  // is what these tests check.
                }
              });
      try {
        return new StrictHttp("http://127.0.0.1:" + server.getLocalPort())
            .post("/x", "{}", Map.of());
      } finally {
        served.get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    for (int i = 0; i < 65_536 && matched < 4; i++) {
      int c = in.read();
      if (c < 0) {
        return;
      }
      matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
    }
    in.readNBytes(2); // the "{}" body
  }

  private static byte[] response(String headerLine) {
    return ("HTTP/1.1 401 Unauthorized\r\n"
            + headerLine
            + "Content-Type: application/problem+json\r\n"
            + "Content-Length: "
            + BODY.length()
            + "\r\n\r\n"
            + BODY)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsACleanResponseByContentLength() throws Exception {
    StrictHttp.Reply r = exchange(response("WWW-Authenticate: Bearer error=\"invalid_token\"\r\n"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(r.object().getString("code")).isEqualTo("x");
  }

  @Test
  void readsAChunkedBody() throws Exception {
    StrictHttp.Reply r =
        exchange(
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"cod\r\n7\r\ne\":\"x\"}\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(r.object().getString("code")).isEqualTo("x");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "X-A: zero\u00e2\u0080\u008bwidth\r\n", // U+200B as UTF-8 bytes
        "X-A: \u00e9\r\n", // é as ISO-8859-1 obs-text
        "X-A: bare\rcr\r\n",
        "X-A: bare\nlf\r\n",
        "X-A: folded\r\n continued\r\n",
        "X-A: nul\u0000\r\n",
        "Bad Name: x\r\n"
      })
  void refusesABadHeaderLine(String line) {
    assertThrows(AssertionError.class, () -> exchange(response(line)));
  }
}
