package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.MapConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code gatehouse.audit.*} keys read once into {@link AuditSettings}, with the defaults and
 * ranges docs/configuration.md#check-api-and-audit-log gives.
 */
class AuditSettingsTest {

  @Test
  void noKeysGiveTheDocumentedDefaults() {
    AuditSettings s = AuditSettings.from(MapConfig.of());

    assertThat(s).isEqualTo(AuditSettings.defaults());
    assertThat(s.context()).isEqualTo("full");
    assertThat(s.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(s.queueCapacity()).isEqualTo(10_000);
    assertThat(s.enqueueWait()).isEqualTo(Duration.ofMillis(2000));
    assertThat(s.batchSize()).isEqualTo(500);
    assertThat(s.contextMaxChars()).isEqualTo(8192);
    assertThat(s.queueMaxBytes()).isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void readsEveryKeyInItsUnit() {
    AuditSettings s =
        AuditSettings.from(
            MapConfig.of(
                "gatehouse.audit.context", "keys",
                "gatehouse.audit.retention-days", "7",
                "gatehouse.audit.queue-capacity", "20",
                "gatehouse.audit.enqueue-wait-ms", "0",
                "gatehouse.audit.context-max-chars", "64",
                "gatehouse.audit.queue-max-bytes", "1048576",
                "gatehouse.audit.batch-size", "2000"));

    assertThat(s)
        .isEqualTo(
            new AuditSettings(
                "keys", Duration.ofDays(7), 20, Duration.ZERO, 2000, 64, 1024 * 1024));
  }

  @Test
  void theJournalIsAutoInADefaultDirectoryBoundedAtOneGibibyteUnlessSaidOtherwise(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    AuditSettings d = AuditSettings.from(MapConfig.of());
    assertThat(d.journal()).isEqualTo("auto");
    assertThat(d.journalDir()).isNull();
    assertThat(d.journalMaxBytes()).isEqualTo(1024L * 1024 * 1024);

    AuditSettings s =
        AuditSettings.from(
            MapConfig.of(
                "gatehouse.audit.journal", "off",
                "gatehouse.audit.journal-dir", dir.toString(),
                "gatehouse.audit.journal-max-bytes", "16777216"));
    assertThat(s.journal()).isEqualTo("off");
    assertThat(s.journalDir()).isEqualTo(dir.toAbsolutePath());
    assertThat(s.journalMaxBytes()).isEqualTo(16L * 1024 * 1024);

    AuditSettings bad =
        AuditSettings.from(
            MapConfig.of(
                "gatehouse.audit.journal", "sometimes",
                "gatehouse.audit.journal-dir", "  ",
                "gatehouse.audit.journal-max-bytes", "16777215"));
    assertThat(bad).isEqualTo(AuditSettings.defaults());
  }

  @Test
  void valuesOutOfRangeKeepTheDefaults() {
    AuditSettings s =
        AuditSettings.from(
            MapConfig.of(
                "gatehouse.audit.context", "everything",
                "gatehouse.audit.retention-days", "0",
                "gatehouse.audit.queue-capacity", "-1",
                "gatehouse.audit.enqueue-wait-ms", "-5",
                "gatehouse.audit.context-max-chars", "63",
                "gatehouse.audit.queue-max-bytes", "1048575",
                "gatehouse.audit.batch-size", "0"));

    assertThat(s).isEqualTo(AuditSettings.defaults());
    assertThat(AuditSettings.from(MapConfig.of("gatehouse.audit.batch-size", "2001")).batchSize())
        .as("a batch past 2,000 records keeps the default")
        .isEqualTo(500);
    assertThat(AuditSettings.from(MapConfig.of("gatehouse.audit.batch-size", "2000")).batchSize())
        .isEqualTo(2_000);
  }

  @Test
  void refusesSettingsTheWriterCannotRunWith() {
    Duration d = Duration.ofDays(1);
    assertThatThrownBy(() -> new AuditSettings("all", d, 1, Duration.ZERO, 1, 64, 1024))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditSettings("full", Duration.ZERO, 1, Duration.ZERO, 1, 64, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditSettings("full", d, 0, Duration.ZERO, 1, 64, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditSettings("full", d, 1, Duration.ofMillis(-1), 1, 64, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditSettings("full", d, 1, Duration.ZERO, 0, 64, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditSettings("full", d, 1, Duration.ZERO, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditSettings("full", d, 1, Duration.ZERO, 1, 64, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
