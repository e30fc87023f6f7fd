package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The from/to query parameters of the audit log, the change log and an impact analysis. */
class QueryInstantsTest {
  @Test
  void readsOffsetsAndAPlusThatArrivedAsASpace() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(QueryInstants.parse("from", "2026-11-23T10:00:00Z", errors))
        .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(QueryInstants.parse("from", "2026-11-23T12:00:00.5 02:00", errors))
        .isEqualTo(Instant.parse("2026-11-23T10:00:00.5Z"));
    assertThat(QueryInstants.parse("to", "", errors)).isNull();
    assertThat(QueryInstants.parse("to", null, errors)).isNull();
    assertThat(errors).isEmpty();
  }

  @Test
  void anyYearForTheLogsThatClampARangeToWhatIsStored() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(QueryInstants.parse("from", "+99999-01-01T00:00:00Z", errors))
        .isEqualTo(Instant.parse("+99999-01-01T00:00:00Z"));
    assertThat(QueryInstants.parse("to", "2026-11-23", errors)).isNull();
    assertThat(errors)
        .extracting(FieldError::message)
        .containsExactly(
            "query parameter 'to' must be an ISO-8601 timestamp such as 2026-11-23T10:00:00Z");
  }

  @Test
  void refusesWhatADatabaseTimestampCannotHoldAndWhatIsNoTimestamp() {
    for (String bad :
        List.of(
            "+10000-01-01T00:00:00Z",
            "-0001-12-31T00:00:00Z",
            "2026-11-23",
            "yesterday",
            "2026-11-23T10:00:00Z\r\nX-Evil: 1",
            "9".repeat(100_000))) {
      List<FieldError> errors = new ArrayList<>();
      assertThat(QueryInstants.parseStorable("from", bad, errors)).as(bad).isNull();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).message()).contains("query parameter 'from'").contains("9999");
      assertThat(errors.get(0).pointer()).isEmpty();
    }
  }
}
