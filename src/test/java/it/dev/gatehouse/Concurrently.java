package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Requests raced against each other, for the tests of concurrent writes. */
final class Concurrently {
  private Concurrently() {}

  /** Sends {@code n} requests at once (released together) and returns their replies. */
  static List<Http.Reply> atOnce(int n, Callable<Http.Reply> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Http.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return request.call();
                }));
      }
      go.countDown();
      List<Http.Reply> replies = new ArrayList<>();
      for (Future<Http.Reply> f : futures) {
        replies.add(f.get(120, TimeUnit.SECONDS));
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The detail of a 409 when the database's own key or lock, not a check, caught the clash. */
  static final String CLASH = "the write clashes with one made at the same time; retry";

  /**
   * Exactly one reply is {@code won}; every other is a 409 {@code conflict} whose detail is {@link
   * #CLASH} or one {@code expectedDetail} accepts.
   */
  static void assertOneWonAndTheRestConflicted(
      List<Http.Reply> replies, int won, Predicate<String> expectedDetail) {
    assertThat(replies).filteredOn(r -> r.status() == won).hasSize(1);
    for (Http.Reply r : replies) {
      if (r.status() != won) {
        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.object().getString("code")).isEqualTo("conflict");
        String detail = r.object().getString("detail");
        assertThat(detail.equals(CLASH) || expectedDetail.test(detail))
            .as("detail %s", detail)
            .isTrue();
      }
    }
  }
}
