package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plain page value the stores query with: bounded, and the next page starts after the last. */
class PageRequestTest {

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 501, Integer.MAX_VALUE})
  void refusesALimitAStoreWouldNotServe(int limit) {
    assertThatThrownBy(() -> new PageRequest(null, limit))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theNextPageStartsAfterThisPagesLastItemWithTheSameLimit() {
    PageRequest first = PageRequest.first(2);
    Page<String> page = new Page<>(List.of("a", "b"), "b");

    assertThat(first).isEqualTo(new PageRequest(null, 2));
    assertThat(first.next(page)).isEqualTo(new PageRequest("b", 2));
  }

  @Test
  void theLastPageHasNoNextPage() {
    assertThatThrownBy(() -> PageRequest.first(2).next(new Page<>(List.of("a"), null)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
