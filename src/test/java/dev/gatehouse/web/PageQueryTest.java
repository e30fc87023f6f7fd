package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.store.Ids;
import dev.gatehouse.store.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin lists' {@code ?cursor=} and {@code ?limit=} (docs/api.md#paging). */
class PageQueryTest {

  private static final FieldError BAD_LIMIT =
      new FieldError("", "query parameter 'limit' must be an integer from 1 to 500");
  private static final FieldError BAD_CURSOR =
      new FieldError("", "query parameter 'cursor' is not a cursor this server gave out");

  private static String cursorOf(String text) {
    return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ValidationException failure(String cursor, String limit) {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> PageQuery.parse(cursor, limit));
    assertThat(e).as("expected a ValidationException").isNotNull();
    assertThat(e.status()).isEqualTo(400);
    return e;
  }

  @Test
  void defaultsToTheFirstPageOf50() {
    assertThat(PageQuery.parse(null, null)).isEqualTo(new PageRequest(null, 50));
    assertThat(PageQuery.parse("", "")).isEqualTo(new PageRequest(null, 50));
    assertThat(PageQuery.DEFAULT_LIMIT).isEqualTo(50);
    assertThat(PageQuery.MAX_LIMIT).isEqualTo(500);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "50", "499", "500"})
  void acceptsLimitsFrom1To500(String limit) {
    assertThat(PageQuery.parse(null, limit).limit()).isEqualTo(Integer.parseInt(limit));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "501", "-1", "abc", "1.5", " 5", "99999999999", "0x10"})
  void rejectsLimitsOutside1To500OrNotIntegers(String limit) {
    assertThat(failure(null, limit).errors()).containsExactly(BAD_LIMIT);
  }

  @Test
  void decodesACursorMadeFromAnId() {
    String id = Ids.newId(System.currentTimeMillis());

    PageRequest page = PageQuery.parse(cursorOf(id), "10");

    assertThat(page.afterId()).isEqualTo(id);
    assertThat(page.limit()).isEqualTo(10);
  }

  @Test
  void acceptsAnUnpaddedCursor() {
    String id = "0190b3c4-5d6e-7f00-8123-456789abcdef";
    String unpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes());

    assertThat(PageQuery.parse(unpadded, null).afterId()).isEqualTo(id);
  }

  @Test
  void rejectsACursorThatIsNotBase64Url() {
    assertThat(failure("not base64!", null).errors()).containsExactly(BAD_CURSOR);
    assertThat(failure("ab+/cd==", null).errors()).containsExactly(BAD_CURSOR);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello",
        "0190b3c4-5d6e-7f00-8123-456789abcde", // 35 characters
        "0190b3c4-5d6e-7f00-8123-456789abcdef0", // 37 characters
        "0190B3C4-5D6E-7F00-8123-456789ABCDEF", // upper case: not how ids are written
        "0190b3c4-5d6e-7f00-8123-456789abcdeg",
        "0190b3c4-5d6e-7f00-8123-456789abcde'"
      })
  void rejectsACursorThatIsNotBase64UrlOfAnId(String decoded) {
    assertThat(failure(cursorOf(decoded), null).errors()).containsExactly(BAD_CURSOR);
  }

  @Test
  void checksTheLimitBeforeTheCursor() {
    assertThat(failure("???", "0").errors()).containsExactly(BAD_LIMIT);
  }

  @Test
  void acceptsTheCursorAfterAConfiguredProvider() {
    assertThat(PageQuery.parse(cursorOf("cfg-acme-clerk"), null).afterId())
        .isEqualTo("cfg-acme-clerk");
  }

  @Test
  void rejectsACursorOfAnIdWithAnotherPrefix() {
    assertThat(failure(cursorOf("xyz-acme-clerk"), null).errors()).containsExactly(BAD_CURSOR);
    assertThat(failure(cursorOf("cfg-"), null).errors()).containsExactly(BAD_CURSOR);
  }

  @Test
  void aCursorMadeHereIsReadBackAsTheSameId() {
    String id = Ids.newId(System.currentTimeMillis());

    String cursor = PageQuery.cursorAfter(id);

    assertThat(cursor).doesNotContain("=");
    assertThat(PageQuery.parse(cursor, null).afterId()).isEqualTo(id);
  }

  @Test
  void theLastPageHasNoNextCursor() {
    assertThat(PageQuery.cursorAfter(null)).isNull();
  }

  @Test
  void aVersionListCursorRoundTripsAVersionNumber() {
    PageRequest page = PageQuery.parseVersions(PageQuery.cursorAfter("42"), "2");

    assertThat(page.afterId()).isEqualTo("42");
    assertThat(page.limit()).isEqualTo(2);
    assertThat(PageQuery.parseVersions(null, null)).isEqualTo(PageRequest.first(50));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1e3", "abc", "9999999999999999999", "", " 1"})
  void aVersionListRefusesACursorThatIsNotAVersionNumber(String text) {
    String cursor = text.isEmpty() ? "@@" : cursorOf(text);
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> PageQuery.parseVersions(cursor, null));

    assertThat(e.errors()).containsExactly(BAD_CURSOR);
  }

  @Test
  void aVersionListRefusesAnItemIdAsCursorAndABadLimit() {
    String id = Ids.newId(System.currentTimeMillis());

    assertThat(
            catchThrowableOfType(
                    ValidationException.class, () -> PageQuery.parseVersions(cursorOf(id), null))
                .errors())
        .containsExactly(BAD_CURSOR);
    assertThat(
            catchThrowableOfType(
                    ValidationException.class, () -> PageQuery.parseVersions(null, "501"))
                .errors())
        .containsExactly(BAD_LIMIT);
  }
}
