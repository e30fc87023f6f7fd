package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;

/** Whether the schema migration has run, for readiness and for start-up work that needs it. */
@ApplicationScoped
public class DatabaseState {
  private volatile boolean migrated;
  private volatile String failure;

  void markMigrated() {
    migrated = true;
    failure = null;
  }

  void markFailed(Exception e) {
    migrated = false;
    failure = e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** True once Liquibase has brought the schema up to date. */
  public boolean isMigrated() {
    return migrated;
  }

  /** Why the migration failed, or null. */
  public String failure() {
    return failure;
  }
}
