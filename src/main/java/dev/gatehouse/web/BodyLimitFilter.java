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
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      request.abortWith(tooLarge());
      return;
    }
    request.setEntityStream(new ByteArrayInputStream(body));
  }

  private static jakarta.ws.rs.core.Response tooLarge() {
    return Problems.problem(413, "payload_too_large", "the request body is over the 1 MiB limit")
        .header("Connection", "close")
        .build();
  }
}
