package dev.gatehouse.client;

import java.util.List;

/**
 * The decisions of a {@code check-batch}, in the order of its checks (docs/api.md#check-batch).
 *
 * @param results one decision per check (their {@code principal} is null)
 * @param principal the verified principal, once for the batch; null unless asked
 */
public record BatchDecision(List<Decision> results, Principal principal) {
  public BatchDecision {
    results = List.copyOf(results);
  }
}
