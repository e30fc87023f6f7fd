package dev.gatehouse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check API reads its body straight into plain Java values ({@link Json#parseUntrustedToJava});
 * the admin API through a JSON-P tree ({@link Json#parseUntrusted} then {@link Json#toJava}). Both
 * must accept the same text as the same values, and refuse the same text with the same exception
 * and message (docs/api.md#errors).
 */
class JsonToJavaParseTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"token\":\"a.b.c\",\"resource\":\"orders\",\"action\":\"approve\","
            + "\"context\":{\"orderId\":\"o-1\",\"orderAmount\":50000}}",
        "{\"s\":\"x\",\"n\":1.50,\"e\":-1e-7,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,\"two\",[]],"
            + "\"o\":{\"k\":{\"k\":\"v\"}}}",
        "{\"z\":1,\"a\":2,\"m\":3,\"b\":4}",
        "{\"u\":\"Z\\u00fcrich \\ud83d\\ude00 \\ud800 lone\",\"esc\":\"\\\"\\\\\\n\\t\\u0000\"}",
        "{\"big\":123456789012345678901234567890.123456789012345678901}",
        "[]",
        "[1,{\"a\":null}]",
        "\"x\"",
        "42",
        "null",
        "true",
        "  {}  ",
        "{\"a\":{\"a\":1},\"b\":{\"a\":2}}"
      })
  void readsWhatTheTreeReaderReadsAsTheSameValues(String text) {
    Object tree = Json.toJava(Json.parseUntrusted(text));

    assertThat(Json.parseUntrustedToJava(text)).isEqualTo(tree);
    assertThat(Json.parseUntrustedToJava(stream(text))).isEqualTo(tree);
    if (tree instanceof Map<?, ?> map) {
      assertThat(List.copyOf(((Map<?, ?>) Json.parseUntrustedToJava(text)).keySet()))
          .isEqualTo(List.copyOf(map.keySet()));
    }
  }

  static Stream<String> refused() {
    return Stream.of(
        "",
        "   ",
        "{",
        "{bad",
        "{\"name\":}",
        "{\"name\":\"x\",}",
        "{\"name\":\"a\",\"name\":\"b\"}",
        "{\"a\":null,\"a\":1}",
        "{\"o\":{\"k\":1,\"k\":2}}",
        "{\"a\":\"x\",\"a\":1" + "0".repeat(200) + "}",
        "nul",
        "'single'",
        "[1,2",
        "{} {}",
        "{\"a\":1} xyz",
        "{\"n\":1" + "0".repeat(100) + "}",
        "{\"l\":[0,{\"n\":-" + "9".repeat(120) + "}]}",
        "{\"n\":1e99999999999}",
        "{\"ctl\":\"a\u0001b\"}");
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesWhatTheTreeReaderRefusesWithTheSameMessage(String text) {
    Throwable tree = catchThrowable(() -> Json.parseUntrusted(text));
    Throwable direct = catchThrowable(() -> Json.parseUntrustedToJava(text));
    Throwable streamed = catchThrowable(() -> Json.parseUntrustedToJava(stream(text)));

    assertThat(tree).as("the tree reader refuses it").isNotNull();
    for (Throwable t : new Throwable[] {direct, streamed}) {
      assertThat(t).isNotNull().hasSameClassAs(tree).hasMessage(tree.getMessage());
      if (tree instanceof Json.NumberRefused n) {
        assertThat(((Json.NumberRefused) t).pointer()).isEqualTo(n.pointer());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {Json.MAX_DEPTH, Json.MAX_DEPTH + 1, Json.MAX_DEPTH + 2})
  void nestsAsDeepAsTheTreeReaderAndNoDeeper(int depth) {
    String text = "[".repeat(depth + 1) + "]".repeat(depth + 1);
    Throwable tree = catchThrowable(() -> Json.parseUntrusted(text));
    Throwable direct = catchThrowable(() -> Json.parseUntrustedToJava(text));

    if (tree == null) {
      assertThat(direct).isNull();
      assertThat(Json.parseUntrustedToJava(text)).isEqualTo(Json.toJava(Json.parseUntrusted(text)));
    } else {
      assertThat(direct).hasSameClassAs(tree).hasMessage(tree.getMessage());
    }
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
