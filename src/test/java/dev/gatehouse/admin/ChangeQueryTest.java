package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The change log's filters as the query parameters give them (docs/api.md#change-log). */
class ChangeQueryTest {
  private final List<FieldError> errors = new ArrayList<>();

  private ChangeLog.ChangeQuery parse(String ws, String item, String from, String to) {
    errors.clear();
    return ChangeLog.ChangeQuery.parse(ws, item, from, to, errors);
  }

  @Test
  void readsNamesIdsAndInstantsWithAnyOffset() {
    ChangeLog.ChangeQuery q =
        parse(
            "acme",
            "01a209f0-4d21-7a90-8c3e-2b6f0d5e1c44",
            "2026-11-23T10:00:00+02:00",
            "2026-11-24T00:00:00Z");
    assertThat(errors).isEmpty();
    assertThat(q.workspace()).isEqualTo("acme");
    assertThat(q.item()).isEqualTo("01a209f0-4d21-7a90-8c3e-2b6f0d5e1c44");
    assertThat(q.from()).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
    assertThat(q.to()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    assertThat(parse("01a209f0-4d21-7a90-8c3e-2b6f0d5e1c44", "cfg-partner-idp", null, null).item())
        .isEqualTo("cfg-partner-idp");
    assertThat(errors).isEmpty();
  }

  @Test
  void emptyValuesFilterNothing() {
    ChangeLog.ChangeQuery q = parse("", "", "", "");
    assertThat(errors).isEmpty();
    assertThat(q).isEqualTo(new ChangeLog.ChangeQuery(null, null, null, null));
  }

  @Test
  void aPlusOfAnOffsetThatArrivedAsASpaceIsStillAnOffset() {
    assertThat(parse(null, null, "2026-11-23T10:00:00 02:00", null).from())
        .isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
  }

  @Test
  void refusesHostileValuesEachWithAMessageNamingItsParameter() {
    for (String[] bad :
        new String[][] {
          {"a\r\nb", null, null, null, "workspace"},
          {"A", null, null, null, "workspace"},
          {"w".repeat(64), null, null, null, "workspace"},
          {null, "x\ny", null, null, "item"},
          {null, "1".repeat(129), null, null, "item"},
          {null, null, "yesterday", null, "from"},
          {null, null, "2026-13-01T00:00:00Z", null, "from"},
          {null, null, null, "+999999999-12-31T23:59:59Z", "to"},
          {null, null, null, "-0001-01-01T00:00:00Z", "to"},
          {null, null, null, "2026-11-23T10:00:00", "to"},
          {null, null, "2".repeat(10_000), null, "from"}
        }) {
      parse(bad[0], bad[1], bad[2], bad[3]);
      assertThat(errors).as(String.join(",", bad[0], bad[1], bad[2], bad[3])).hasSize(1);
      assertThat(errors.get(0).pointer()).isEmpty();
      assertThat(errors.get(0).message()).contains("'" + bad[4] + "'");
      assertThat(errors.get(0).message()).doesNotContain("\n").doesNotContain("2222");
    }
  }

  @Test
  void acceptsTheWholeRangeADatabaseTimestampHolds() {
    assertThat(parse(null, null, "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z").to())
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(errors).isEmpty();
  }
}
