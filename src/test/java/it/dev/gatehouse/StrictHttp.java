package it.dev.gatehouse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately strict HTTP/1.1 client on a raw socket, as strict as Node's fetch (llhttp): it
 * fails on any header byte outside VCHAR / SP / HTAB (obs-text included), on a bare CR or LF, on
 * obs-fold and on a malformed status line, then reads the body by Content-Length or chunked.
 */
final class StrictHttp {
  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final String host;
  private final int port;
  private final String localAddress;

  StrictHttp(String baseUrl) {
    this(baseUrl, null);
  }

  /**
   * A client whose socket is bound to {@code localAddress} (a loopback address other than
   * 127.0.0.1, so that the server sees another client: Java's HttpClient cannot choose its source
   * address); null for any.
   */
  StrictHttp(String baseUrl, String localAddress) {
    URI u = URI.create(baseUrl);
    this.host = u.getHost();
    this.port = u.getPort();
    this.localAddress = localAddress;
  }

  /** A response that passed every strictness check; header names are lower-cased. */
  record Reply(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.get(0);
    }

    List<String> all(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    JsonObject object() {
      try (var r = Json.createReader(new StringReader(body))) {
        return r.readObject();
      } catch (RuntimeException e) {
        throw new AssertionError("body is not a JSON object (" + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  /**
   * POSTs {@code json} with the extra {@code headers} (ASCII only) and reads the answer strictly.
   */
  Reply post(String path, String json, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/json");
    all.put("Accept", "application/json, application/problem+json");
    all.putAll(headers);
    return send("POST", path, json, all);
  }

  /**
   * Sends {@code method target HTTP/1.1} byte for byte (a target an HTTP client would normalise or
   * refuse, {@code //}, {@code %2F}, {@code ;}, {@code ..}, goes out as written) with {@code
   * headers} and an optional body, and reads the answer strictly.
   */
  Reply send(String method, String target, String body, Map<String, String> headers) {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append(':').append(port).append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket()) {
      if (localAddress != null) {
        s.bind(new InetSocketAddress(localAddress, 0));
      }
      s.connect(new InetSocketAddress(host, port), 5_000);
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      return read(s.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target + " failed", e);
    }
  }

  private static Reply read(InputStream in) throws IOException {
    int[] budget = {MAX_HEAD_BYTES};
    String statusLine = line(in, budget);
    if (!statusLine.matches("HTTP/1\\.1 [1-5][0-9]{2} [\\x20-\\x7e\\t]*")) {
      throw new AssertionError("malformed status line: " + visible(statusLine));
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String l = line(in, budget); !l.isEmpty(); l = line(in, budget)) {
      if (l.charAt(0) == ' ' || l.charAt(0) == '\t') {
        throw new AssertionError(
            "obs-fold (a header line starting with whitespace): " + visible(l));
      }
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw new AssertionError("header line without a name: " + visible(l));
      }
      String name = l.substring(0, colon);
      if (!name.matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")) {
        throw new AssertionError("header name is not a token: " + visible(name));
      }
      for (int i = colon + 1; i < l.length(); i++) {
        char c = l.charAt(i);
        if (!(c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7e))) {
          throw new AssertionError(
              "header " + name + " holds byte 0x" + Integer.toHexString(c) + ": " + visible(l));
        }
      }
      headers
          .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(l.substring(colon + 1).strip());
    }
    List<String> te = headers.get("transfer-encoding");
    List<String> cl = headers.get("content-length");
    byte[] body;
    if (te != null) {
      if (cl != null) {
        throw new AssertionError("both Transfer-Encoding and Content-Length: " + headers);
      }
      if (!te.equals(List.of("chunked"))) {
        throw new AssertionError("unexpected Transfer-Encoding " + te);
      }
      body = chunked(in);
    } else if (cl != null) {
      if (cl.size() != 1 || !cl.get(0).matches("[0-9]{1,7}")) {
        throw new AssertionError("bad Content-Length " + cl);
      }
      body = in.readNBytes(Integer.parseInt(cl.get(0)));
      if (body.length != Integer.parseInt(cl.get(0))) {
        throw new AssertionError("body shorter than its Content-Length " + cl);
      }
    } else {
      body = in.readNBytes(MAX_BODY_BYTES);
    }
    return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] budget = {MAX_HEAD_BYTES};
    while (true) {
      String size = line(in, budget);
      int semi = size.indexOf(';');
      String hex = semi < 0 ? size : size.substring(0, semi);
      if (!hex.matches("[0-9A-Fa-f]{1,6}")) {
        throw new AssertionError("bad chunk size line: " + visible(size));
      }
      int n = Integer.parseInt(hex, 16);
      if (n == 0) {
        for (String t = line(in, budget); !t.isEmpty(); t = line(in, budget)) {
          // trailers: read and ignored
        }
        return out.toByteArray();
      }
      if (out.size() + n > MAX_BODY_BYTES) {
        throw new AssertionError("body over " + MAX_BODY_BYTES + " bytes");
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length != n) {
        throw new AssertionError("chunk cut short");
      }
      out.write(chunk);
      if (!line(in, budget).isEmpty()) {
        throw new AssertionError("chunk not followed by CRLF");
      }
    }
  }

  /** One CRLF-terminated line; a bare CR or a bare LF fails. Bytes are kept as ISO-8859-1. */
  private static String line(InputStream in, int[] budget) throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new AssertionError("connection closed inside the head after: " + visible(b));
      }
      if (--budget[0] < 0) {
        throw new AssertionError("head over " + MAX_HEAD_BYTES + " bytes");
      }
      if (c == '\n') {
        throw new AssertionError("bare LF after: " + visible(b));
      }
      if (c == '\r') {
        int next = in.read();
        if (next != '\n') {
          throw new AssertionError("bare CR after: " + visible(b));
        }
        return b.toString();
      }
      b.append((char) c);
    }
  }

  private static String visible(CharSequence s) {
    StringBuilder b = new StringBuilder();
    s.chars()
        .forEach(
            c ->
                b.append(
                    c >= 0x20 && c < 0x7f
                        ? String.valueOf((char) c)
                        : String.format("\\x%02x", c)));
    return b.toString();
  }
}
