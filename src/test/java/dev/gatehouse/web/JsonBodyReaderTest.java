package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check API's body is read by {@link JsonBodyReader#readJava}: from the bytes {@link
 * BodyLimitFilter} holds, decoded at once, or from any other stream. Either way it gives what the
 * admin API's reader gives, and refuses with the same field errors (docs/api.md#errors).
 */
class JsonBodyReaderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"token\":\"t\",\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"n\":1}}",
        "{\"name\":\"Zürich 密 \uD83D\uDE00\"}",
        "[1,\"x\",null]",
        "null"
      })
  void readsTheSameValuesFromHeldBytesAndFromAStream(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Object expected =
        Json.toJava(new JsonBodyReader().readFrom(null, null, null, null, null, in(bytes)));

    assertThat(JsonBodyReader.readJava(held(bytes))).isEqualTo(expected);
    assertThat(JsonBodyReader.readJava(in(bytes))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"C3", "FF", "ED A0 80", "E2 82"})
  void decodesBadUtf8TheWayTheStreamDecoderDoes(String hex) {
    byte[] bad = bytes(hex);
    byte[] body = new byte[bad.length + 10];
    System.arraycopy("{\"a\":\"".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 6);
    System.arraycopy(bad, 0, body, 6, bad.length);
    System.arraycopy("x\"}".getBytes(StandardCharsets.US_ASCII), 0, body, 6 + bad.length, 3);
    byte[] trimmed = java.util.Arrays.copyOf(body, 6 + bad.length + 3);

    assertThat(JsonBodyReader.readJava(held(trimmed)))
        .isEqualTo(JsonBodyReader.readJava(in(trimmed)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1} 42",
        "{\"context\":{\"n\":1"
            + "0000000000"
            + "0000000000"
            + "0000000000"
            + "0000000000"
            + "0000000000"
            + "0000000000"
            + "0000000000"
            + "0000000000"
            + "0000000000"
            + "0000000000"
            + "0}}"
      })
  void refusesWithTheAdminReadersFieldErrors(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<FieldError> expected =
        catchThrowableOfType(
                () -> new JsonBodyReader().readFrom(null, null, null, null, null, in(bytes)),
                ValidationException.class)
            .errors();

    for (InputStream body : List.of(held(bytes), in(bytes))) {
      assertThat(
              catchThrowableOfType(() -> JsonBodyReader.readJava(body), ValidationException.class)
                  .errors())
          .isEqualTo(expected);
    }
  }

  private static InputStream held(byte[] bytes) {
    return new BodyLimitFilter.Body(bytes, bytes.length);
  }

  private static InputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static byte[] bytes(String hex) {
    String[] parts = hex.split(" ");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }
}
