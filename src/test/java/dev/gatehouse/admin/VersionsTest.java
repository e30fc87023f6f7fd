package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionsTest {

  private static final FieldError NOT_AN_ETAG =
      new FieldError("", "If-Match must be an entity tag such as \"3\"");

  @Test
  void usesTheBodyVersionWhenThereIsNoIfMatch() {
    assertThat(Versions.expected(null, 4L)).isEqualTo(4L);
    assertThat(Versions.expected("", 4L)).isEqualTo(4L);
    assertThat(Versions.expected("   ", 4L)).isEqualTo(4L);
  }

  @Test
  void expectsNothingWhenNeitherIsGiven() {
    assertThat(Versions.expected(null, null)).isNull();
    assertThat(Versions.expected("*", null)).isNull();
  }

  @Test
  void treatsTheWildcardAsNoIfMatch() {
    assertThat(Versions.expected("*", 4L)).isEqualTo(4L);
    assertThat(Versions.expected(" * ", 9L)).isEqualTo(9L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "\"3\"", "W/\"3\"", " \"3\" ", "W/3"})
  void readsPlainQuotedAndWeakEntityTags(String ifMatch) {
    assertThat(Versions.expected(ifMatch, null)).isEqualTo(3L);
  }

  @Test
  void acceptsIfMatchThatAgreesWithTheBody() {
    assertThat(Versions.expected("W/\"12\"", 12L)).isEqualTo(12L);
  }

  @Test
  void rejectsIfMatchThatDisagreesWithTheBodyVersion() {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> Versions.expected("\"3\"", 4L));

    assertThat(e.errors())
        .containsExactly(new FieldError("/version", "disagrees with the If-Match header (3 vs 4)"));
    assertThat(e.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "\"abc\"", "\"3\", \"4\"", "W/", "\"\"", "\"", "3.0", "W/\"\""})
  void rejectsIfMatchThatIsNotAVersionTag(String ifMatch) {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> Versions.expected(ifMatch, null));

    assertThat(e).isNotNull();
    assertThat(e.errors()).containsExactly(NOT_AN_ETAG);
    assertThat(e.code()).isEqualTo("validation_failed");
  }

  @Test
  void checkPassesWhenNothingIsExpected() {
    assertThatCode(() -> Versions.check("provider 'x'", null, 7)).doesNotThrowAnyException();
  }

  @Test
  void checkPassesWhenTheExpectedVersionIsCurrent() {
    assertThatCode(() -> Versions.check("provider 'x'", 7L, 7)).doesNotThrowAnyException();
  }

  @Test
  void checkRejectsAStaleVersionWithConflict() {
    ConflictException e =
        catchThrowableOfType(ConflictException.class, () -> Versions.check("provider 'x'", 6L, 7));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("conflict");
    assertThat(e.detail())
        .isEqualTo(
            "provider 'x' was changed by someone else: you sent version 6, the current version"
                + " is 7; read it again and retry");
  }

  @Test
  void checkRejectsAVersionFromTheFuture() {
    ConflictException e =
        catchThrowableOfType(ConflictException.class, () -> Versions.check("policy 'p'", 8L, 7));

    assertThat(e.detail()).startsWith("policy 'p' was changed by someone else: you sent version 8");
  }

  @Test
  void ifMatchVersionFlowsIntoTheCheck() {
    Long expected = Versions.expected("W/\"2\"", null);

    assertThat(
            catchThrowableOfType(ConflictException.class, () -> Versions.check("w", expected, 3)))
        .isNotNull();
  }

  @Test
  void aRollbackWithoutABodyExpectsNothingAndOneWithAVersionExpectsIt() {
    assertThat(Versions.rollbackBody(null)).isNull();
    assertThat(Versions.rollbackBody(java.util.Map.of())).isNull();
    assertThat(Versions.rollbackBody(java.util.Map.of("version", java.math.BigDecimal.valueOf(3))))
        .isEqualTo(3L);
  }

  @Test
  void aRollbackBodyMayHoldOnlyAWholeVersion() {
    assertThat(
            catchThrowableOfType(
                ValidationException.class,
                () -> Versions.rollbackBody(java.util.Map.of("name", "x"))))
        .isNotNull();
    assertThat(
            catchThrowableOfType(
                ValidationException.class,
                () -> Versions.rollbackBody(java.util.Map.of("version", "3"))))
        .isNotNull();
    assertThat(
            catchThrowableOfType(
                ValidationException.class, () -> Versions.rollbackBody(java.util.List.of(1))))
        .isNotNull();
  }
}
