package dev.gatehouse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The YAML of workspace documents (docs/security.md#export-and-import): plain values only, every
 * hostile construct a 400 with where it is, and what {@link YamlText#write} writes reads back
 * equal.
 */
class YamlTextTest {
  private static final int LIMIT = 1 << 20;

  private static Object read(String yaml) {
    return YamlText.parseUntrusted(yaml.getBytes(StandardCharsets.UTF_8), LIMIT);
  }

  private static ValidationException refused(String yaml) {
    try {
      read(yaml);
    } catch (ValidationException e) {
      return e;
    }
    throw new AssertionError("accepted: " + yaml);
  }

  private static String message(ValidationException e) {
    return e.errors().stream().map(FieldError::message).reduce("", String::concat);
  }

  @Test
  void readsPlainMapsListsStringsNumbersBooleansAndNull() {
    Object v =
        read(
            """
            name: orders
            count: 42
            ratio: -1.5e3
            on: yes
            flag: true
            nothing: null
            empty:
            date: 2024-01-01
            octal: 0755
            hex: 0x1F
            time: 12:30:00
            quoted: "true"
            list: [a, 1, false]
            """);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("name", "orders");
    expected.put("count", new BigDecimal("42"));
    expected.put("ratio", new BigDecimal("-1.5e3"));
    expected.put("on", "yes"); // no YAML 1.1 booleans: a policy value "yes" stays a string
    expected.put("flag", true);
    expected.put("nothing", null);
    expected.put("empty", null);
    expected.put("date", "2024-01-01"); // a string, never a Date
    expected.put("octal", "0755"); // never 493
    expected.put("hex", "0x1F");
    expected.put("time", "12:30:00"); // never sexagesimal 45000
    expected.put("quoted", "true");
    expected.put("list", List.of("a", new BigDecimal("1"), false));
    assertThat(v).isEqualTo(expected);
  }

  @Test
  void refusesABillionLaughsAlias() {
    ValidationException e =
        refused(
            """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            """);
    assertThat(e.code()).isEqualTo("validation_failed");
    assertThat(message(e)).containsAnyOf("alias", "Alias");
  }

  @Test
  void refusesEvenOneAliasOfAScalar() {
    ValidationException e = refused("a: &x hello\nb: *x\n");
    assertThat(message(e)).contains("aliases (*name) are not accepted").contains("line 1");
    assertThat(e.errors().get(0).pointer()).isEqualTo("/b");
  }

  @Test
  void refusesARecursiveAlias() {
    assertThat(message(refused("a: &x\n  b: *x\n"))).contains("refused");
  }

  @Test
  void refusesTagsLocalAndGlobal() {
    assertThat(message(refused("a: !!python/object:os.system ls\n"))).contains("tag");
    assertThat(message(refused("a: !custom value\n"))).contains("tags");
    assertThat(message(refused("a: !!binary aGVsbG8=\n"))).contains("tags");
    assertThat(message(refused("a: !!timestamp 2024-01-01\n"))).contains("tags");
    assertThat(
            message(
                refused(
                    "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                        + " [\"http://127.0.0.1/\"]]]]\n")))
        .contains("tag");
  }

  @Test
  void refusesDuplicateKeysWithTheirLine() {
    ValidationException e = refused("name: a\nother: b\nname: c\n");
    assertThat(message(e)).contains("duplicate key 'name'").contains("line 3");
  }

  @Test
  void refusesAMergeKeyThatWouldCopyAMap() {
    // "<<" is a plain key here, and the alias it needs is refused.
    assertThat(message(refused("base: &b {x: 1}\nitem:\n  <<: *b\n"))).contains("aliases");
  }

  @Test
  void refusesDeepNesting() {
    String deep = "[".repeat(200) + "]".repeat(200);
    ValidationException e = refused(deep);
    assertThat(e.code()).isEqualTo("validation_failed");
  }

  @Test
  void refusesHugeNumbersWithTheirPointer() {
    ValidationException e = refused("policies:\n  - value: " + "9".repeat(500) + "\n");
    assertThat(e.errors().get(0).pointer()).isEqualTo("/policies/0/value");
    assertThat(message(e)).contains("at most 100 characters");
  }

  @Test
  void keepsAnExponentBeyondAnyIntAsRefusedNeverA500() {
    ValidationException e = refused("value: 1e99999999999\n");
    assertThat(e.errors().get(0).pointer()).isEqualTo("/value");
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] latin1 = "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> YamlText.parseUntrusted(latin1, LIMIT))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void refusesMoreCodePointsThanTheLimit() {
    byte[] big = ("a: " + "x".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> YamlText.parseUntrusted(big, 1000))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void refusesSeveralDocumentsAndAnEmptyOne() {
    assertThat(message(refused("a: 1\n---\nb: 2\n"))).contains("only one YAML document");
    assertThat(message(refused("# nothing\n"))).contains("empty");
  }

  @Test
  void refusesASyntaxErrorWithLineAndColumn() {
    ValidationException e = refused("a: [1, 2\nb: 3\n");
    assertThat(message(e)).contains("line ").contains("column ");
  }

  @Test
  void readsCrLfLineBreaksAsLf() {
    assertThat(read("a: 1\r\nb:\r\n  - x\r\n")).isEqualTo(read("a: 1\nb:\n  - x\n"));
  }

  @Test
  void writesWhatItReadsBackEqualWithTrickyStrings() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("yes", "yes");
    doc.put("true", "true");
    doc.put("number", "123");
    doc.put("date", "2024-01-01");
    doc.put("null", "null");
    doc.put("empty", "");
    doc.put("colon", "a: b");
    doc.put("hash", "# not a comment");
    doc.put("control", "tab\there\u0007bell\nline");
    doc.put("unicode", "caf\u00e9 \u2603");
    doc.put("anchor", "&a *b !tag");
    doc.put("int", new BigDecimal("10000"));
    doc.put("decimal", new BigDecimal("1.25"));
    doc.put("big", new BigDecimal("1e400"));
    doc.put("bool", false);
    doc.put("nil", null);
    List<Object> shared = List.of("same", "list");
    doc.put("one", shared);
    doc.put("two", shared); // the same instance twice: written out twice, never as an alias
    doc.put("nested", Map.of("k", List.of(Map.of("x", "y"))));
    String yaml = YamlText.write(doc);
    assertThat(yaml).doesNotContain("&id").doesNotContain("*id").doesNotContain("!!");
    Object back = read(yaml);
    assertThat(Json.toJson(back)).isEqualTo(Json.toJson(doc));
  }

  @Test
  void writesTheSameTextForTheSameValue() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("b", List.of("x", "y"));
    doc.put("a", Map.of("only", new BigDecimal("1")));
    assertThat(YamlText.write(doc)).isEqualTo(YamlText.write(doc));
    assertThat(YamlText.write(doc)).startsWith("b:\n");
  }
}
