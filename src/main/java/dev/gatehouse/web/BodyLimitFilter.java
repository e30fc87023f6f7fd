package dev.gatehouse.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Refuses request bodies over 1 MiB with 413 {@code payload_too_large}, whether or not the client
 * declared a length: at most 1 MiB + 1 byte is ever read.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 100)
public class BodyLimitFilter implements ContainerRequestFilter {
  /** docs/api.md#limits: request bodies over 1 MiB → 413. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /**
   * Bodies declared up to this long (every check, a token of 16,384 characters included) are read
   * into one array of their declared length; longer ones in chunks as they arrive.
   */
  static final int EXACT_READ_MAX_BYTES = 32 * 1024;

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    if (request.getLength() > MAX_BODY_BYTES) {
      request.abortWith(tooLarge());
      return;
    }
    if (!request.hasEntity()) {
      return;
    }
    InputStream in = request.getEntityStream();
    int declared = request.getLength();
    byte[] body;
    int length;
    if (declared >= 0 && declared <= EXACT_READ_MAX_BYTES) {
      // A declared length: one array of that size, and one more read to see that nothing follows
      // (readNBytes(int) would fill 8 KiB chunks and copy them;
      // bench/results/profile-2026-12-06.md).
      // Only for small bodies: a header alone must not make the server set aside a whole MiB
      // before any byte of the body has come.
      body = new byte[declared];
      length = in.readNBytes(body, 0, declared);
      int next = length == declared ? in.read() : -1;
      if (next >= 0) { // more than declared: the rest counts too, up to the limit
        byte[] rest = in.readNBytes(MAX_BODY_BYTES - declared);
        byte[] all = Arrays.copyOf(body, declared + 1 + rest.length);
        all[declared] = (byte) next;
        System.arraycopy(rest, 0, all, declared + 1, rest.length);
        body = all;
        length = all.length;
      }
    } else {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
      length = body.length;
    }
    if (length > MAX_BODY_BYTES) {
      request.abortWith(tooLarge());
      return;
    }
    request.setEntityStream(new Body(body, length));
  }

  /**
   * A body read whole: JSON readers take its text from here at once ({@link #text()}) rather than
   * through a stream decoder.
   */
  static final class Body extends ByteArrayInputStream {
    Body(byte[] bytes, int length) {
      super(bytes, 0, length);
    }

    /** What is left of the body, decoded from UTF-8 (bad bytes become U+FFFD, as a stream's). */
    synchronized String text() {
      String text = new String(buf, pos, count - pos, StandardCharsets.UTF_8);
      pos = count;
      return text;
    }
  }

  private static jakarta.ws.rs.core.Response tooLarge() {
    return Problems.problem(413, "payload_too_large", "the request body is over the 1 MiB limit")
        .header("Connection", "close")
        .build();
  }
}
