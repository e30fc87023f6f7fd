package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemoSetupTest {
  /** Keyset paging over sorted ids, as the stores page (id > after, at most limit items). */
  static Page<String> page(List<String> ids, PageRequest request, List<PageRequest> seen) {
    seen.add(request);
    List<String> rest =
        ids.stream()
            .filter(id -> request.afterId() == null || id.compareTo(request.afterId()) > 0)
            .toList();
    List<String> items = rest.subList(0, Math.min(request.limit(), rest.size()));
    String next = rest.size() > request.limit() ? items.get(items.size() - 1) : null;
    return new Page<>(items, next);
  }

  static List<String> ids(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> String.format("0190a000-0000-7000-8000-%012x", i))
        .toList();
  }

  @Test
  void readsEveryPageNotOnlyTheFirst() {
    List<String> ids = ids(2 * PageRequest.MAX_LIMIT + 3);
    List<PageRequest> seen = new ArrayList<>();
    assertThat(DemoSetup.all(r -> page(ids, r, seen))).containsExactlyElementsOf(ids);
    assertThat(seen).hasSize(3);
    assertThat(seen).allSatisfy(r -> assertThat(r.limit()).isEqualTo(PageRequest.MAX_LIMIT));
    assertThat(seen.get(1).afterId()).isEqualTo(ids.get(PageRequest.MAX_LIMIT - 1));
  }

  @Test
  void aFullLastPageEndsTheListing() {
    List<String> ids = ids(PageRequest.MAX_LIMIT);
    List<PageRequest> seen = new ArrayList<>();
    assertThat(DemoSetup.all(r -> page(ids, r, seen))).containsExactlyElementsOf(ids);
    assertThat(seen).hasSize(1);
  }

  @Test
  void aListThatDoesNotAdvanceIsAnErrorNotAnEndlessLoop() {
    Page<String> stuck = new Page<>(List.of("a"), "a");
    assertThatThrownBy(
            () -> DemoSetup.all(r -> r.afterId() == null ? new Page<>(List.of("a"), "a") : stuck))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anEmptyListIsOnePage() {
    List<PageRequest> seen = new ArrayList<>();
    assertThat(DemoSetup.all(r -> page(List.of(), r, seen))).isEmpty();
    assertThat(seen).hasSize(1);
  }
}
