package it.dev.gatehouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, for request targets that an HTTP client would
 * normalise or refuse ({@code //}, {@code %2F}, {@code ;}, {@code ..}): the bytes go out as
 * written.
 */
final class RawHttp {
  private RawHttp() {}

  /** What came back: the status code and the whole response text (headers and body). */
  record Answer(int status, String text) {
    @Override
    public String toString() {
      return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
  }

  /**
   * Sends {@code method target HTTP/1.1} with {@code headers} (each "Name: value") and an optional
   * body, and reads the answer until the server closes the connection (at most 64 KiB, 10 s).
   */
  static Answer send(
      LibertyServer server, String method, String target, String body, String... headers)
      throws IOException {
    int port = URI.create(server.baseUrl()).getPort();
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    head.append("Connection: close\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while (got.size() < 65536 && (n = in.read(buf)) > 0) {
        got.write(buf, 0, n);
      }
      String text = got.toString(StandardCharsets.UTF_8);
      if (!text.startsWith("HTTP/1.1 ")) {
        throw new IOException("not an HTTP answer: " + text);
      }
      return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }
  }
}
