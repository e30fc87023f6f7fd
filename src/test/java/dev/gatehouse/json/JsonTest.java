package dev.gatehouse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  // ---- strict parsing ----

  @Test
  void rejectsDuplicateMemberNames() {
    assertThatThrownBy(() -> Json.parse("{\"effect\": \"Deny\", \"effect\": \"Allow\"}"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("effect");
  }

  @Test
  void rejectsDuplicateMemberNamesInNestedObjects() {
    assertThatThrownBy(() -> Json.parse("{\"rules\": [ {\"a\": 1, \"b\": 2, \"a\": 3} ]}"))
        .isInstanceOf(JsonException.class);
  }

  @Test
  void rejectsDuplicateMemberNamesFromAStream() {
    byte[] body = "{\"a\": 1, \"a\": 1}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Json.parseUntrusted(new ByteArrayInputStream(body)))
        .isInstanceOf(JsonException.class);
  }

  @Test
  void acceptsTheSameNameInDifferentObjects() {
    JsonValue v = Json.parse("{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}");

    assertThat(v.asJsonObject().getJsonObject("b").getInt("a")).isEqualTo(2);
  }

  @Test
  void parsesUtf8FromAStream() {
    byte[] body = "{\"name\": \"Zürich 密\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(Json.parseUntrusted(new ByteArrayInputStream(body)).asJsonObject().getString("name"))
        .isEqualTo("Zürich 密");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"a\": }", "[1,]", "{'a': 1}", "nul"})
  void rejectsMalformedText(String text) {
    assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonParsingException.class);
  }

  @Test
  void rejectsTrailingContent() {
    assertThatThrownBy(() -> Json.parse("{} {}")).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> Json.parse("{\"a\": 1} xyz")).isInstanceOf(JsonException.class);
  }

  @Test
  void parsesScalarsAtTheTop() {
    assertThat(Json.parse("\"x\"")).isEqualTo(Json.provider().createValue("x"));
    assertThat(Json.parse("null")).isEqualTo(JsonValue.NULL);
    assertThat(Json.parse("true")).isEqualTo(JsonValue.TRUE);
  }

  // ---- toJava ----

  @Test
  void toJavaMapsEveryJsonType() {
    Object java =
        Json.toJava(
            Json.parse(
                "{\"s\": \"x\", \"n\": 1.5, \"t\": true, \"f\": false, \"z\": null,"
                    + " \"a\": [1, \"two\"], \"o\": {\"k\": \"v\"}}"));

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "x");
    expected.put("n", new BigDecimal("1.5"));
    expected.put("t", Boolean.TRUE);
    expected.put("f", Boolean.FALSE);
    expected.put("z", null);
    expected.put("a", List.of(new BigDecimal("1"), "two"));
    expected.put("o", Map.of("k", "v"));
    assertThat(java).isEqualTo(expected);
  }

  @Test
  void toJavaKeepsMemberOrder() {
    @SuppressWarnings("unchecked")
    Map<String, Object> map =
        (Map<String, Object>) Json.toJava(Json.parse("{\"z\": 1, \"a\": 2, \"m\": 3, \"b\": 4}"));

    assertThat(map.keySet()).containsExactly("z", "a", "m", "b");
  }

  @Test
  void toJavaKeepsNumberPrecisionAndScale() {
    Object big = Json.toJava(Json.parse("123456789012345678901234567890.123456789012345678901"));
    Object scaled = Json.toJava(Json.parse("2.50"));

    assertThat(big)
        .isInstanceOf(BigDecimal.class)
        .hasToString("123456789012345678901234567890.123456789012345678901");
    assertThat(((BigDecimal) scaled).scale()).isEqualTo(2);
    assertThat(scaled).hasToString("2.50");
  }

  @Test
  void toJavaOfNullIsNull() {
    assertThat(Json.toJava(null)).isNull();
    assertThat(Json.toJava(JsonValue.NULL)).isNull();
  }

  @Test
  void toJavaGivesMutableContainers() {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) Json.toJava(Json.parse("{\"a\": [1]}"));

    map.put("b", "x");
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) map.get("a");
    list.add("y");

    assertThat(map).containsKeys("a", "b");
    assertThat(list).hasSize(2);
  }

  // ---- toJson and the round trip ----

  @Test
  void roundTripKeepsMemberOrderAndNumberPrecision() {
    String text =
        "{\"zeta\":1,\"alpha\":[2.50,12345678901234567890123,-0.000001,1E+400],"
            + "\"mid\":{\"y\":null,\"x\":true,\"w\":\"s\\\"q\"}}";

    assertThat(Json.toJson(Json.toJava(Json.parse(text))).toString()).isEqualTo(text);
  }

  @Test
  void toJsonConvertsJavaScalars() {
    assertThat(Json.toJson(null)).isEqualTo(JsonValue.NULL);
    assertThat(Json.toJson(true)).isEqualTo(JsonValue.TRUE);
    assertThat(Json.toJson(false)).isEqualTo(JsonValue.FALSE);
    assertThat(Json.toJson("x")).isEqualTo(Json.provider().createValue("x"));
    assertThat(((JsonNumber) Json.toJson(42)).longValueExact()).isEqualTo(42L);
    assertThat(((JsonNumber) Json.toJson(Long.MAX_VALUE)).longValueExact())
        .isEqualTo(Long.MAX_VALUE);
    assertThat(((JsonNumber) Json.toJson(new BigInteger("123456789012345678901234567890"))))
        .hasToString("123456789012345678901234567890");
    assertThat(Json.toJson(1.5d)).hasToString("1.5");
    assertThat(Json.toJson(new BigDecimal("1.50"))).hasToString("1.50");
  }

  @Test
  void toJsonPassesJsonValuesThrough() {
    JsonValue v = Json.parse("{\"a\":1}");

    assertThat(Json.toJson(v)).isSameAs(v);
  }

  @Test
  void toJsonConvertsMapsAndCollectionsKeepingOrderAndNulls() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", Arrays.asList(1, null, "x"));
    map.put("a", null);

    JsonValue json = Json.toJson(map);

    assertThat(json)
        .isInstanceOf(JsonObject.class)
        .hasToString("{\"b\":[1,null,\"x\"],\"a\":null}");
  }

  @Test
  void toJsonWritesOtherObjectsAsTheirString() {
    assertThat(Json.toJson(java.time.Instant.parse("2025-01-02T03:04:05Z")))
        .hasToString("\"2025-01-02T03:04:05Z\"");
  }

  // ---- small helpers ----

  @Test
  void stringsMakesAnArrayInOrder() {
    JsonArray array = Json.strings(List.of("b", "a"));

    assertThat(array).hasToString("[\"b\",\"a\"]");
  }

  @Test
  void stringOrNullMapsNullToJsonNull() {
    assertThat(Json.stringOrNull(null)).isEqualTo(JsonValue.NULL);
    assertThat(Json.stringOrNull("x")).hasToString("\"x\"");
  }

  @Test
  void typeNameNamesEveryJsonType() {
    assertThat(Json.typeName(null)).isEqualTo("null");
    assertThat(Json.typeName("s")).isEqualTo("a string");
    assertThat(Json.typeName(BigDecimal.ONE)).isEqualTo("a number");
    assertThat(Json.typeName(true)).isEqualTo("a boolean");
    assertThat(Json.typeName(Map.of())).isEqualTo("an object");
    assertThat(Json.typeName(List.of())).isEqualTo("an array");
    assertThat(Json.typeName(7)).isEqualTo("Integer");
  }

  // ---- numbers from outside (docs/security.md, "The audit log under attack") ----

  @Test
  void untrustedInputAcceptsNumbersUpToTheLimit() {
    String n = "-" + "9".repeat(Json.MAX_NUMBER_CHARS - 1);
    JsonObject o = Json.parseUntrusted("{\"n\":" + n + "}").asJsonObject();
    assertThat(o.getJsonNumber("n").bigDecimalValue()).isEqualTo(new BigDecimal(n));
  }

  @ParameterizedTest
  @ValueSource(ints = {101, 1100, 1101, 2000, 100_000})
  void untrustedInputRefusesALongerNumberAndSaysWhere(int digits) {
    String text = "{\"context\":{\"a/b\":[1," + "7".repeat(digits) + "]}}";
    assertThatThrownBy(() -> Json.parseUntrusted(text))
        .isInstanceOf(Json.NumberRefused.class)
        .isInstanceOf(JsonException.class)
        .satisfies(
            e -> assertThat(((Json.NumberRefused) e).pointer()).isEqualTo("/context/a~1b/1"));
    assertThatThrownBy(
            () ->
                Json.parseUntrusted(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(Json.NumberRefused.class);
  }

  @Test
  void anExponentBeyondRangeIsARefusedNumberNotANumberFormatException() {
    assertThatThrownBy(() -> Json.parseUntrusted("[1e99999999999]"))
        .isInstanceOf(Json.NumberRefused.class)
        .satisfies(e -> assertThat(((Json.NumberRefused) e).pointer()).isEqualTo("/0"));
    assertThatThrownBy(() -> Json.parse("{\"n\":1e99999999999}")).isInstanceOf(JsonException.class);
  }

  @Test
  void storedTextWithTheLongNumbersOlderVersionsWroteIsReadBack() {
    // Parsson took 1,100 characters and BigDecimal wrote them back as 1,104 (1.000…E+1099).
    String stored = new BigDecimal("1" + "0".repeat(1096) + "e3").toString();
    assertThat(stored.length()).isGreaterThan(1100);
    JsonValue v = Json.parse("{\"n\":" + stored + "}");
    assertThat(v.asJsonObject().getJsonNumber("n").bigDecimalValue())
        .isEqualTo(new BigDecimal(stored));
  }

  @Test
  void whatTheLimitLetsInIsReadBackAfterItIsWritten() {
    // The longest growth: a 100-character number that BigDecimal writes in exponent form.
    String n = "1" + "0".repeat(Json.MAX_NUMBER_CHARS - 4) + "e10";
    Object java = Json.toJava(Json.parseUntrusted("[" + n + "]"));
    String written = JsonText.of(java);
    assertThat(Json.toJava(Json.parse(written))).isEqualTo(java);
  }
}
