package dev.gatehouse.admin;

import dev.gatehouse.error.GatehouseException;
import java.util.List;

/**
 * A policy write with {@code ?requireTests=pass} that would make stored test cases fail: 422 {@code
 * tests_failed}, with the failing results (docs/api.md#policy-tests). Nothing was written.
 */
public class TestsFailedException extends GatehouseException {
  private static final long serialVersionUID = 1L;

  private final transient List<PolicyTests.Result> failures;

  public TestsFailedException(List<PolicyTests.Result> failures, int run) {
    super(
        422,
        "tests_failed",
        failures.size()
            + " of "
            + run
            + " policy test cases fail with this write, which was not made; see 'failures'");
    this.failures = List.copyOf(failures);
  }

  /** The failing results, in the order the cases ran. */
  public List<PolicyTests.Result> failures() {
    return failures;
  }
}
