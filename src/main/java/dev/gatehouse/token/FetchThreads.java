package dev.gatehouse.token;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The threads key fetches run on (docs/operations.md#stopping): made by the container's {@link
 * ManagedThreadFactory}, pooled for this application alone and shut down when it stops, so that no
 * fetch thread outlives it.
 *
 * <p>A pool of its own rather than the container's shared managed executor: a check waits for the
 * fetch of its provider's keys (and a fetch for its read, which keeps the deadline), and on the
 * server's own pool, whose request threads are the ones waiting, those waits can starve the very
 * tasks they wait for.
 */
@ApplicationScoped
public class FetchThreads {
  private static final Logger LOG = Logger.getLogger(FetchThreads.class.getName());

  /** How long a stop waits for interrupted fetches to end. */
  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  // The container's thread factory (java:comp/DefaultManagedThreadFactory).
  @Resource ManagedThreadFactory threads;

  private ExecutorService pool;

  @PostConstruct
  void start() {
    AtomicInteger made = new AtomicInteger();
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t;
              try {
                t = threads.newThread(r);
              } catch (RuntimeException stopping) {
                // The container refuses threads once the application stops: no thread, which
                // the pool turns into a rejection, which a fetch reports as jwks_unavailable.
                return null;
              }
              if (t != null) {
                t.setName("gatehouse-jwks-" + made.incrementAndGet());
                t.setDaemon(true);
              }
              return t;
            });
  }

  /** Where the key cache runs its fetches; takes no task once the application stops. */
  public Executor executor() {
    return pool;
  }

  /** Interrupts fetches in flight and waits for every fetch thread to end. */
  @PreDestroy
  void stop() {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warning("Key fetch threads still running " + STOP_WAIT.toSeconds() + " s after stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
