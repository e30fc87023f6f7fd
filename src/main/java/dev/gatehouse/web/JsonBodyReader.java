package dev.gatehouse.web;

import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads request bodies as strict JSON (duplicate member names and over-long numbers rejected); a
 * body that is not JSON is a 400 {@code validation_failed} that says where it broke, never a stack
 * trace.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonBodyReader implements MessageBodyReader<JsonValue> {
  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonValue.class.isAssignableFrom(type);
  }

  @Override
  public JsonValue readFrom(
      Class<JsonValue> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream) {
    return Json.toJson(readJava(entityStream));
  }

  /**
   * A request body as plain Java values ({@link Json#toJava}'s form), refused exactly as {@link
   * #readFrom} refuses it: the check API's body, read without JSON-P objects
   * (bench/results/profile-2026-12-06.md). A body {@link BodyLimitFilter} holds is decoded at once.
   */
  static Object readJava(InputStream body) {
    try {
      return body instanceof BodyLimitFilter.Body whole
          ? Json.parseUntrustedToJava(whole.text())
          : Json.parseUntrustedToJava(body);
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      throw refused(e);
    }
  }

  /**
   * An optional request body (a rollback's, docs/api.md#versions-and-rollback): null when it is
   * empty or only white space, else read as {@link #readJava} reads it.
   */
  static Object readOptionalJava(InputStream body) {
    String text;
    try {
      // BodyLimitFilter has already refused anything longer with 413.
      text =
          new String(
              body.readNBytes(BodyLimitFilter.MAX_BODY_BYTES + 1),
              java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new ValidationException("", "the request body could not be read");
    }
    if (text.isBlank()) {
      return null;
    }
    try {
      return Json.parseUntrustedToJava(text);
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      throw refused(e);
    }
  }

  /** docs/api.md#errors: a number past the limit is named by its pointer, never a 500. */
  private static ValidationException refused(RuntimeException e) {
    if (e instanceof Json.NumberRefused n) {
      return new ValidationException(
          n.pointer(),
          "a JSON number may be at most "
              + Json.MAX_NUMBER_CHARS
              + " characters long and in range");
    }
    String why = e.getMessage() == null ? "it is empty or truncated" : e.getMessage();
    return new ValidationException("", "the request body is not valid JSON: " + why);
  }
}
