package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

  private static final FieldError BAD_LIMIT =
      new FieldError("", "query parameter 'limit' must be an integer from 1 to 500");
  private static final FieldError BAD_CURSOR =
      new FieldError("", "query parameter 'cursor' is not a cursor this server gave out");

  private static String cursorOf(String text) {
    return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ValidationException failure(String cursor, String limit) {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> PageRequest.of(cursor, limit));
    assertThat(e).as("expected a ValidationException").isNotNull();
    assertThat(e.status()).isEqualTo(400);
    return e;
  }

  @Test
  void defaultsToTheFirstPageOf50() {
    assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(null, 50));
    assertThat(PageRequest.of("", "")).isEqualTo(new PageRequest(null, 50));
    assertThat(PageRequest.DEFAULT_LIMIT).isEqualTo(50);
    assertThat(PageRequest.MAX_LIMIT).isEqualTo(500);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "50", "499", "500"})
  void acceptsLimitsFrom1To500(String limit) {
    assertThat(PageRequest.of(null, limit).limit()).isEqualTo(Integer.parseInt(limit));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "501", "-1", "abc", "1.5", " 5", "99999999999", "0x10"})
  void rejectsLimitsOutside1To500OrNotIntegers(String limit) {
    assertThat(failure(null, limit).errors()).containsExactly(BAD_LIMIT);
  }

  @Test
  void decodesACursorMadeFromAnId() {
    String id = Ids.newId();

    PageRequest page = PageRequest.of(cursorOf(id), "10");

    assertThat(page.afterId()).isEqualTo(id);
    assertThat(page.limit()).isEqualTo(10);
  }

  @Test
  void acceptsAnUnpaddedCursor() {
    String id = "0190b3c4-5d6e-7f00-8123-456789abcdef";
    String unpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes());

    assertThat(PageRequest.of(unpadded, null).afterId()).isEqualTo(id);
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
}
