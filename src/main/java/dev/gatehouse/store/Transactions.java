package dev.gatehouse.store;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.function.Supplier;

/**
 * Runs work in a JTA transaction (joining one already open). Used instead of {@code @Transactional}
 * because Liberty's interceptor writes an FFDC incident for every exception that leaves a
 * transactional method, a 404 or 409 included; here a caller's mistake stays a response, not a file
 * in logs/ffdc.
 */
@ApplicationScoped
public class Transactions {
  @Resource UserTransaction tx;

  /** Runs {@code work} and commits, or rolls back and rethrows when it throws. */
  public <T> T run(Supplier<T> work) {
    try {
      if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) {
        return work.get();
      }
      tx.begin();
    } catch (jakarta.transaction.NotSupportedException | SystemException e) {
      throw new IllegalStateException("cannot start a transaction", e);
    }
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      rollbackQuietly();
      throw e;
    }
    try {
      tx.commit();
    } catch (jakarta.transaction.RollbackException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new StoreConflict(e);
      }
      throw new IllegalStateException("the transaction was rolled back", e);
    } catch (jakarta.transaction.HeuristicMixedException
        | jakarta.transaction.HeuristicRollbackException
        | SystemException e) {
      throw new IllegalStateException("the transaction could not commit", e);
    }
    return result;
  }

  /** Runs {@code work} in a transaction. */
  public void run(Runnable work) {
    run(
        () -> {
          work.run();
          return null;
        });
  }

  private void rollbackQuietly() {
    try {
      tx.rollback();
    } catch (SystemException | IllegalStateException | SecurityException e) {
      // The original failure is what matters; the transaction times out if rollback fails.
    }
  }
}
