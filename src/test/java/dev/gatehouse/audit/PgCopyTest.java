package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rows the audit writer hands PostgreSQL's COPY (text format): read back by the format's own
 * rules (PostgreSQL's documentation, COPY, "Text Format"), every hostile value is exactly itself,
 * in its own column and row.
 */
class PgCopyTest {
  private static final List<String> HOSTILE =
      List.of(
          "tab\there",
          "new\nline",
          "carriage\rreturn",
          "crlf\r\n",
          "back\\slash",
          "\\N",
          "\\.",
          "\\",
          "ends with backslash\\",
          "\\t not a tab",
          "",
          " ",
          "quote ' and \" double",
          "comma, semicolon; pipe |",
          "unicode é ü ß 中文 🐴 \u200b\u202e\u2028\u2029\ufeff",
          "control \u0001\u0007\u001b\u001f\u007f",
          "nul \u0000 inside");

  @Test
  void everyHostileValueIsReadBackAsItselfInItsOwnColumnAndRow() {
    List<Object[]> rows = new ArrayList<>();
    for (String s : HOSTILE) {
      rows.add(new Object[] {s, null, s + s, Boolean.TRUE});
    }

    List<List<String>> back = decode(PgCopy.text(rows));

    assertThat(back).hasSize(HOSTILE.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      String s = HOSTILE.get(i);
      assertThat(back.get(i)).as("row %d", i).containsExactly(s, null, s + s, "t");
    }
  }

  @Test
  void nullIsBackslashNAndTheTextBackslashNIsNot() {
    String text = PgCopy.text(List.<Object[]>of(new Object[] {null, "\\N", Boolean.FALSE}));

    assertThat(text).isEqualTo("\\N\t\\\\N\tf\n");
  }

  @Test
  void aTimestampIsWrittenAsTheTextTheDriverWouldSend() {
    Timestamp t = Timestamp.from(Instant.parse("2026-12-06T11:15:22.123Z"));

    assertThat(PgCopy.text(List.<Object[]>of(new Object[] {t}))).isEqualTo(t + "\n");
  }

  @Test
  void aRecordsValuesAreItsColumnsInOrderCutToTheirLengths() {
    DecisionRecord r =
        DecisionRecord.builder(
                "01a252f3-347b-7000-8000-000000000001",
                "ws",
                Instant.parse("2026-12-06T11:15:22.123Z"),
                DecisionRecord.Source.CHECK)
            .provider("p\t1", "https://issuer\n")
            .subject("s".repeat(600))
            .asked("orders\\", "approve")
            .context("{\"a\":\"\\t\"}", true)
            .ipAddress("203.0.113.7")
            .decision("Allow", "rule_matched")
            .policy("pol", "order_approval", "r1")
            .build();
    Object[] v = JdbcDecisionStore.values(r);

    assertThat(v).hasSize(JdbcDecisionStore.COLUMNS.split(",").length);
    List<String> back = decode(PgCopy.text(List.<Object[]>of(v))).get(0);
    assertThat(back.get(0)).isEqualTo(r.id());
    assertThat(back.get(4)).isEqualTo("p\t1");
    assertThat(back.get(5)).isEqualTo("https://issuer\n");
    assertThat(back.get(6)).isEqualTo("s".repeat(512));
    assertThat(back.get(7)).isEqualTo("orders\\");
    assertThat(back.get(9)).isEqualTo("{\"a\":\"\\t\"}");
    assertThat(back.get(15)).isNull();
    assertThat(back.get(17)).isEqualTo("t");
  }

  /**
   * COPY's text format read as PostgreSQL reads it: rows end at a newline, columns at a tab, {@code
   * \N} alone is null, and a backslash starts an escape ({@code \b \f \n \r \t \v}, octal {@code
   * \d}, {@code \d\d}, {@code \d\d\d}, hex {@code \xh}, {@code \xhh}, else the next character
   * itself).
   */
  private static List<List<String>> decode(String text) {
    assertThat(text).endsWith("\n");
    List<List<String>> rows = new ArrayList<>();
    for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
      List<String> columns = new ArrayList<>();
      for (String raw : line.split("\t", -1)) {
        assertThat(raw).doesNotContain("\r");
        columns.add(raw.equals("\\N") ? null : unescape(raw));
      }
      rows.add(columns);
    }
    return rows;
  }

  private static String unescape(String raw) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      assertThat(i + 1).as("a lone backslash at the end of %s", raw).isLessThan(raw.length());
      char e = raw.charAt(++i);
      switch (e) {
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'v' -> sb.append('\u000b');
        case 'x' -> throw new AssertionError("the writer never writes a hex escape: " + raw);
        default -> {
          if (e >= '0' && e <= '7') {
            throw new AssertionError("the writer never writes an octal escape: " + raw);
          }
          sb.append(e);
        }
      }
    }
    return sb.toString();
  }

  @Test
  void theDecoderReadsEscapesAsPostgreSqlDoes() {
    assertThat(decode("a\\\\b\t\\N\tc\\td\n")).containsExactly(Arrays.asList("a\\b", null, "c\td"));
  }
}
