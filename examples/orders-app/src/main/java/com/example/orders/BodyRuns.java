package com.example.orders;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many times each protected method's body ran: what a test reads to prove that a refused or
 * failed authorization never let the body run ({@code GET /api/runs}).
 */
@ApplicationScoped
public class BodyRuns {
  private final Map<String, AtomicLong> runs = new ConcurrentHashMap<>();

  /** Counts one run of {@code method}'s body. */
  public void ran(String method) {
    runs.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
  }

  /** The counts so far, by method name. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    runs.forEach((m, n) -> out.put(m, n.get()));
    return out;
  }
}
