package dev.gatehouse.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void writesWhatJsonPWritesForEveryKindOfValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "plain");
    m.put(
        "esc",
        "quote \" backslash \\ slash / nl \n cr \r tab \t bs \b ff \f nul \u0000 x1f \u001f");
    m.put("unicode", "é 中 \uD83D\uDE00 \u2028");
    m.put("t", true);
    m.put("f", false);
    m.put("n", null);
    m.put("dec", new BigDecimal("50000.25"));
    m.put("exp", new BigDecimal("1E+400"));
    m.put("neg", new BigDecimal("-0.000001"));
    m.put("int", 42);
    m.put("long", Long.MIN_VALUE);
    m.put("big", new BigInteger("123456789012345678901234567890"));
    m.put("list", List.of(1, "two", List.of(), Map.of()));
    m.put("nested", Map.of("k \"q\"", List.of(Map.of("deep", new BigDecimal("3")))));
    assertThat(JsonText.of(m)).isEqualTo(Json.toJson(m).toString());
    assertThat(JsonText.of(List.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
    assertThat(JsonText.of(null)).isEqualTo("null");
  }

  @Test
  void randomStringsRoundTripThroughTheStrictParser() {
    Random r = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder s = new StringBuilder();
      int len = r.nextInt(20);
      for (int j = 0; j < len; j++) {
        s.append((char) (r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(0xD800)));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(s.toString(), new ArrayList<>(List.of(s.toString(), BigDecimal.valueOf(r.nextLong()))));
      String text = JsonText.of(m);
      assertThat(Json.toJava(Json.parse(text))).isEqualTo(m);
      assertThat(text).isEqualTo(Json.toJson(m).toString());
    }
  }

  @Test
  void boundedKeepsWholeMembersInOrderAndAlwaysValidJson() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("a", 1);
    m.put("b", List.of("x", Map.of("deep", "y".repeat(50))));
    m.put("c", true);
    JsonText.Bounded whole = JsonText.bounded(m, 1000);
    assertThat(whole.truncated()).isFalse();
    assertThat(whole.text()).isEqualTo(JsonText.of(m));
    for (int max = 2; max < whole.text().length(); max++) {
      JsonText.Bounded cut = JsonText.bounded(m, max);
      assertThat(cut.truncated()).as("limit %d", max).isTrue();
      assertThat(cut.text().length()).as("limit %d", max).isLessThanOrEqualTo(max);
      // Whatever is kept parses, and is a prefix of the members.
      Object back = Json.toJava(Json.parse(cut.text()));
      assertThat(JsonText.of(m)).startsWith(cut.text().substring(0, cut.text().length() - 1));
      assertThat(back).isInstanceOf(Map.class);
    }
    JsonText.Bounded keys = JsonText.bounded(m.keySet(), 9);
    assertThat(keys).isEqualTo(new JsonText.Bounded("[\"a\",\"b\"]", true));
  }

  @Test
  void writesALoneSurrogateAsAnEscapeAndAPairAsItIs() {
    assertThat(JsonText.of("\udc00\"\n\ud800")).isEqualTo("\"\\udc00\\\"\\n\\ud800\"");
    assertThat(JsonText.of("a\ud83d\udc34b")).isEqualTo("\"a\ud83d\udc34b\"");
    assertThat(JsonText.of("\ud83d")).isEqualTo("\"\\ud83d\"");
    assertThat(JsonText.of("\u001f")).isEqualTo("\"\\u001f\"");
  }
}
