package dev.gatehouse.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFieldsTest {

  private List<FieldError> errors;

  @BeforeEach
  void setUp() {
    errors = new ArrayList<>();
  }

  private JsonFields fields(String json) {
    return JsonFields.of(Json.toJava(Json.parse(json)), "/provider", errors);
  }

  // ---- the object itself ----

  @Test
  void recordsAnErrorForANonObjectAndReadsItAsEmpty() {
    JsonFields f = JsonFields.of(List.of(), "/claimMappings/3", errors);

    assertThat(errors)
        .containsExactly(new FieldError("/claimMappings/3", "must be a JSON object, not an array"));
    assertThat(f.has("anything")).isFalse();
    assertThat(f.string("name", false, 10)).isNull();
    assertThat(errors).hasSize(1);
  }

  @Test
  void sharesTheCallersErrorList() {
    JsonFields f = fields("{}");

    f.error("x", "bad");

    assertThat(f.errors()).isSameAs(errors);
    assertThat(errors).containsExactly(new FieldError("/provider/x", "bad"));
  }

  @Test
  void errorWithNullNamePointsAtTheObject() {
    fields("{}").error(null, "is odd");

    assertThat(errors).containsExactly(new FieldError("/provider", "is odd"));
  }

  @Test
  void escapesMemberNamesInPointers() {
    JsonFields f = JsonFields.of(Json.toJava(Json.parse("{}")), "", errors);

    assertThat(f.pointer("a/b")).isEqualTo("/a~1b");
    assertThat(f.pointer("m~n")).isEqualTo("/m~0n");
    assertThat(f.pointer("~/")).isEqualTo("/~0~1");
  }

  @Test
  void hasSeesMembersThatAreJsonNull() {
    JsonFields f = fields("{\"a\": null}");

    assertThat(f.has("a")).isTrue();
    assertThat(f.raw("a")).isNull();
    assertThat(f.has("b")).isFalse();
  }

  @Test
  void rejectsEachUnknownMemberInOrder() {
    fields("{\"name\": 1, \"colour\": 2, \"size\": 3}").rejectUnknown(Set.of("name"));

    assertThat(errors)
        .containsExactly(
            new FieldError("/provider/colour", "unknown member 'colour'"),
            new FieldError("/provider/size", "unknown member 'size'"));
  }

  // ---- string ----

  @Test
  void readsAString() {
    assertThat(fields("{\"n\": \"abc\"}").string("n", true, 3)).isEqualTo("abc");
    assertThat(errors).isEmpty();
  }

  @Test
  void missingRequiredStringIsRecorded() {
    assertThat(fields("{\"n\": null}").string("n", true, 3)).isNull();
    assertThat(errors).containsExactly(new FieldError("/provider/n", "is required"));
  }

  @Test
  void missingOptionalStringIsFine() {
    assertThat(fields("{}").string("n", false, 3)).isNull();
    assertThat(errors).isEmpty();
  }

  @Test
  void emptyStringIsRejectedOnlyWhenRequired() {
    assertThat(fields("{\"n\": \"\"}").string("n", false, 3)).isEmpty();
    assertThat(errors).isEmpty();

    assertThat(fields("{\"n\": \"\"}").string("n", true, 3)).isNull();
    assertThat(errors).containsExactly(new FieldError("/provider/n", "must not be empty"));
  }

  @Test
  void tooLongStringIsRecorded() {
    assertThat(fields("{\"n\": \"abcd\"}").string("n", false, 3)).isNull();
    assertThat(errors)
        .containsExactly(new FieldError("/provider/n", "must be at most 3 characters long"));
  }

  @Test
  void nonStringIsRecordedWithItsType() {
    assertThat(fields("{\"n\": {}}").string("n", false, 3)).isNull();
    assertThat(errors)
        .containsExactly(new FieldError("/provider/n", "must be a string, not an object"));
  }

  // ---- strings ----

  @Test
  void absentOrNullStringListIsEmpty() {
    assertThat(fields("{\"a\": null}").strings("a", 5, 5)).isEmpty();
    assertThat(fields("{}").strings("a", 5, 5)).isEmpty();
    assertThat(errors).isEmpty();
  }

  @Test
  void readsStringListInOrder() {
    assertThat(fields("{\"a\": [\"c\", \"a\", \"b\"]}").strings("a", 5, 5))
        .containsExactly("c", "a", "b");
  }

  @Test
  void stringListRecordsEachBadItemAtItsIndexAndKeepsTheGoodOnes() {
    List<String> read =
        fields("{\"a\": [\"ok\", \"\", true, \"toolong\", \"ok\", \"fine\"]}").strings("a", 10, 5);

    assertThat(read).containsExactly("ok", "fine");
    assertThat(errors)
        .containsExactly(
            new FieldError("/provider/a/1", "must not be empty"),
            new FieldError("/provider/a/2", "must be a string, not a boolean"),
            new FieldError("/provider/a/3", "must be at most 5 characters long"),
            new FieldError("/provider/a/4", "repeats 'ok'"));
  }

  @Test
  void stringListOverTheItemLimitIsRecorded() {
    assertThat(fields("{\"a\": [\"a\", \"b\", \"c\"]}").strings("a", 2, 5)).isEmpty();
    assertThat(errors).containsExactly(new FieldError("/provider/a", "must have at most 2 items"));
  }

  @Test
  void nonArrayStringListIsRecorded() {
    assertThat(fields("{\"a\": \"x\"}").strings("a", 2, 5)).isEmpty();
    assertThat(errors)
        .containsExactly(
            new FieldError("/provider/a", "must be an array of strings, not a string"));
  }

  // ---- integer ----

  @Test
  void readsIntegerWithinBounds() {
    JsonFields f = fields("{\"lo\": 0, \"hi\": 300, \"e\": 1E2, \"z\": 5.0}");

    assertThat(f.integer("lo", 0, 300, 5)).isZero();
    assertThat(f.integer("hi", 0, 300, 5)).isEqualTo(300);
    assertThat(f.integer("e", 0, 300, 5)).isEqualTo(100);
    assertThat(f.integer("z", 0, 300, 5)).isEqualTo(5);
    assertThat(errors).isEmpty();
  }

  @Test
  void absentOrNullIntegerIsTheDefault() {
    assertThat(fields("{\"s\": null}").integer("s", 0, 300, 5)).isEqualTo(5);
    assertThat(fields("{}").integer("s", 0, 300, 5)).isEqualTo(5);
    assertThat(errors).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "301", "0.5", "\"7\"", "false", "[]", "99999999999"})
  void badIntegerIsRecordedAndGivesTheDefault(String value) {
    assertThat(fields("{\"s\": " + value + "}").integer("s", 0, 300, 5)).isEqualTo(5);
    assertThat(errors)
        .containsExactly(new FieldError("/provider/s", "must be an integer from 0 to 300"));
  }

  // ---- bool ----

  @Test
  void readsBooleansAndDefaults() {
    JsonFields f = fields("{\"t\": true, \"f\": false, \"n\": null}");

    assertThat(f.bool("t", false)).isTrue();
    assertThat(f.bool("f", true)).isFalse();
    assertThat(f.bool("n", true)).isTrue();
    assertThat(f.bool("absent", false)).isFalse();
    assertThat(errors).isEmpty();
  }

  @Test
  void nonBooleanIsRecordedAndGivesTheDefault() {
    assertThat(fields("{\"b\": \"true\"}").bool("b", false)).isFalse();
    assertThat(errors)
        .containsExactly(new FieldError("/provider/b", "must be true or false, not a string"));
  }

  // ---- optionalLong ----

  @Test
  void readsOptionalLong() {
    JsonFields f = fields("{\"v\": 0, \"big\": 9223372036854775807, \"n\": null}");

    assertThat(f.optionalLong("v")).isZero();
    assertThat(f.optionalLong("big")).isEqualTo(Long.MAX_VALUE);
    assertThat(f.optionalLong("n")).isNull();
    assertThat(f.optionalLong("absent")).isNull();
    assertThat(errors).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5", "9223372036854775808", "\"3\""})
  void badOptionalLongIsRecorded(String value) {
    assertThat(fields("{\"version\": " + value + "}").optionalLong("version")).isNull();
    assertThat(errors)
        .containsExactly(new FieldError("/provider/version", "must be a non-negative integer"));
  }
}
