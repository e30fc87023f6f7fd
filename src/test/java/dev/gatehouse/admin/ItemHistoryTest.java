package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemHistoryTest {
  @Test
  void recordsTheAdminUserCutToItsColumnAndNeverEmpty() {
    assertThat(ItemHistory.changedBy("admin")).isEqualTo("admin");
    assertThat(ItemHistory.changedBy(null)).isEqualTo("unknown");
    assertThat(ItemHistory.changedBy("")).isEqualTo("unknown");
    // GATEHOUSE_ADMIN_USER has no length limit; the column holds 255 characters.
    assertThat(ItemHistory.changedBy("a".repeat(300))).hasSize(255);
  }
}
