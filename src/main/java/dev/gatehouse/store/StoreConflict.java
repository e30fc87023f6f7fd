package dev.gatehouse.store;

import dev.gatehouse.error.ConflictException;

/**
 * A write the database refused because it clashes with stored state: a unique key already taken or
 * a row changed since it was read (optimistic lock). Thrown by the stores' writes so that callers
 * need no JPA type; left uncaught it is still a 409 (docs/api.md#errors).
 */
public class StoreConflict extends ConflictException {
  private static final long serialVersionUID = 1L;

  /** The detail when the caller has nothing more precise to say. */
  static final String DETAIL = "the write clashes with one made at the same time; retry";

  StoreConflict(Throwable cause) {
    super(DETAIL);
    initCause(cause);
  }
}
