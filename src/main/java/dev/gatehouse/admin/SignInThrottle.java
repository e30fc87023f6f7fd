package dev.gatehouse.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Counts failed admin sign-ins per client address and overall, in fixed windows, and says how long
 * a caller must wait once a limit is reached (docs/security.md#admin-sign-in).
 *
 * <p>An attempt is counted as a failure <em>before</em> the password is checked ({@link
 * #tryReserve}) and taken back when it turns out right ({@link #release}): a burst of concurrent
 * requests cannot all pass the limit before the first of them has failed.
 */
public final class SignInThrottle {
  private final SignInSettings settings;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Window> byAddress;
  private Window overall;

  /** Failures counted in the window that started at {@code start} (nanoTime). */
  private record Window(long start, int failures) {}

  /**
   * A throttle reading time from {@code nanoTime} ({@link System#nanoTime} in production; a test
   * moves its own).
   */
  public SignInThrottle(SignInSettings settings, LongSupplier nanoTime) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    Cache<String, Window> cache =
        Caffeine.newBuilder()
            .maximumSize(settings.trackedAddresses())
            .expireAfterWrite(settings.window())
            .ticker(nanoTime::getAsLong)
            // Maintenance on the caller's thread: no pool of Caffeine's own (threads belong to the
            // container).
            .executor(Runnable::run)
            .build();
    this.byAddress = cache.asMap();
    this.overall = new Window(nanoTime.getAsLong(), 0);
  }

  /** Seconds {@code address} must wait before its next attempt is looked at; 0: it may try now. */
  public long addressRetryAfter(String address) {
    long now = nanoTime.getAsLong();
    Window w = byAddress.get(address);
    return w != null && live(w, now) && w.failures() >= settings.maxFailuresPerAddress()
        ? secondsLeft(w, now)
        : 0;
  }

  /** Seconds until the overall limit lifts; 0 when it is not reached. */
  public synchronized long overallRetryAfter() {
    long now = nanoTime.getAsLong();
    return live(overall, now) && overall.failures() >= settings.maxFailures()
        ? secondsLeft(overall, now)
        : 0;
  }

  /**
   * Counts an attempt as failed, up front, unless a limit is reached. Returns 0 when the attempt
   * may go on (and was counted against its address and overall), else the seconds to wait: when the
   * address is at its limit nothing is counted; when only the overall limit is reached the attempt
   * still counts against its address, so that refusals cannot be used to guess for free.
   */
  public long tryReserve(String address) {
    long now = nanoTime.getAsLong();
    long[] addressWait = {0};
    byAddress.compute(
        address,
        (a, w) -> {
          Window cur = w == null || !live(w, now) ? new Window(now, 0) : w;
          if (cur.failures() >= settings.maxFailuresPerAddress()) {
            addressWait[0] = secondsLeft(cur, now);
            return cur;
          }
          return new Window(cur.start(), cur.failures() + 1);
        });
    if (addressWait[0] > 0) {
      return addressWait[0];
    }
    synchronized (this) {
      if (!live(overall, now)) {
        overall = new Window(now, 0);
      }
      if (overall.failures() >= settings.maxFailures()) {
        return secondsLeft(overall, now);
      }
      overall = new Window(overall.start(), overall.failures() + 1);
    }
    return 0;
  }

  /**
   * Takes back an attempt {@link #tryReserve} counted: it was not a failure (the password was
   * right, or it was never checked). Windows that ended meanwhile are left alone.
   */
  public void release(String address) {
    long now = nanoTime.getAsLong();
    byAddress.computeIfPresent(
        address,
        (a, w) -> live(w, now) && w.failures() > 0 ? new Window(w.start(), w.failures() - 1) : w);
    synchronized (this) {
      if (live(overall, now) && overall.failures() > 0) {
        overall = new Window(overall.start(), overall.failures() - 1);
      }
    }
  }

  /** Addresses whose failures are being counted (at most the configured number). */
  public int trackedAddresses() {
    return byAddress.size();
  }

  private boolean live(Window w, long now) {
    return now - w.start() < settings.window().toNanos();
  }

  /** Whole seconds until the window ends, at least 1 (Retry-After is an integer). */
  private long secondsLeft(Window w, long now) {
    long left = w.start() + settings.window().toNanos() - now;
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
  }
}
