package dev.gatehouse.admin;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The server log's account of failed and throttled admin sign-ins, at most one line per interval
 * (docs/security.md#admin-sign-in): an attack cannot flood the log. A line names the latest
 * attempt's user name (escaped) and address and sums up everything since the previous line; the
 * password is never given to this class.
 */
public final class SignInLog {
  /** Distinct addresses named in one summary at most; more are counted as "or more". */
  private static final int MAX_ADDRESSES = 1000;

  private static final int MAX_USER_CHARS = 64;

  private final Duration interval;
  private final LongSupplier nanoTime;
  private final Consumer<String> out;
  private long lastLine;
  private boolean anyLine;
  private int failed;
  private int throttled;
  private int hashChecks;
  private final Set<String> addresses = new HashSet<>();

  public SignInLog(Duration interval, LongSupplier nanoTime, Consumer<String> out) {
    this.interval = interval;
    this.nanoTime = nanoTime;
    this.out = out;
  }

  /** A sign-in refused with 401: wrong user name or password. */
  public void failed(String user, String address, boolean hashChecked) {
    record(user, address, false, hashChecked);
  }

  /** A sign-in refused with 429 before its password was looked at. */
  public void throttled(String user, String address) {
    record(user, address, true, false);
  }

  private void record(String user, String address, boolean wasThrottled, boolean hashChecked) {
    String line;
    synchronized (this) {
      if (wasThrottled) {
        throttled++;
      } else {
        failed++;
      }
      if (hashChecked) {
        hashChecks++;
      }
      if (addresses.size() < MAX_ADDRESSES) {
        addresses.add(address);
      }
      long now = nanoTime.getAsLong();
      if (anyLine && now - lastLine < interval.toNanos()) {
        return;
      }
      line =
          "Admin sign-in "
              + (wasThrottled ? "throttled (429)" : "failed (401)")
              + " for user '"
              + escape(user)
              + "' from "
              + escape(address)
              + "; since the last such line: "
              + failed
              + " failed, "
              + throttled
              + " throttled, "
              + hashChecks
              + " password hash checks, from "
              + addresses.size()
              + (addresses.size() >= MAX_ADDRESSES ? " or more" : "")
              + " addresses (at most one line per "
              + interval.toSeconds()
              + " s)";
      anyLine = true;
      lastLine = now;
      failed = 0;
      throttled = 0;
      hashChecks = 0;
      addresses.clear();
    }
    out.accept(line);
  }

  /**
   * Printable ASCII as is, everything else (control characters, quotes, backslash, non-ASCII) as
   * {@code \\uXXXX}; cut after 64 characters. A log line cannot be forged or split with it.
   */
  static String escape(String s) {
    if (s == null) {
      return "?";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_USER_CHARS) + 8);
    int n = Math.min(s.length(), MAX_USER_CHARS);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\'' && c != '"' && c != '\\') {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    if (s.length() > n) {
      b.append("...(").append(s.length()).append(" chars)");
    }
    return b.toString();
  }
}
