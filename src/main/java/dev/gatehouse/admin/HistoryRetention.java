package dev.gatehouse.admin;

import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.store.JdbcItemVersions;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Purges versions of policies and providers, and admin change-log entries (docs/api.md#change-log),
 * older than {@code gatehouse.history.retention-days} (docs/configuration.md#versions-and-rollback)
 * once an hour on the container's managed scheduler, in chunks of at most {@value
 * JdbcItemVersions#CHUNK} rows, never the current version of a live item. Nothing runs when they
 * are kept for ever.
 */
@ApplicationScoped
public class HistoryRetention {
  private static final Logger LOG = Logger.getLogger(HistoryRetention.class.getName());

  /** How often the purge runs. */
  static final Duration EVERY = Duration.ofHours(1);

  @Resource(lookup = "jdbc/gatehouse")
  DataSource dataSource;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject Clock clock;
  @Inject Config config;
  @Inject DatabaseState database;

  private HistorySettings settings = HistorySettings.defaults();
  private JdbcItemVersions versions;
  private ScheduledFuture<?> task;

  void start(@Observes Startup startup) {
    settings = HistorySettings.from(config, LOG::severe);
    if (!database.isMigrated() || settings.keepsForever()) {
      return;
    }
    versions = new JdbcItemVersions(dataSource);
    task =
        scheduler.scheduleWithFixedDelay(
            this::purge, 60_000, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The settings read at start. */
  public HistorySettings settings() {
    return settings;
  }

  /** One purge: never throws (a failure is logged and the next run tries again). */
  void purge() {
    Instant now = clock.instant();
    try {
      int n = versions.purgeBefore(now.minus(settings.retention()));
      if (n > 0) {
        LOG.info(
            "Purged "
                + n
                + " version(s) of policies and providers older than "
                + settings.retention().toDays()
                + " days");
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot purge old versions of policies and providers", e);
    }
    try {
      int n = versions.purgeChangesBefore(now.minus(settings.retention()));
      if (n > 0) {
        LOG.info(
            "Purged "
                + n
                + " change-log entries older than "
                + settings.retention().toDays()
                + " days");
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot purge old entries of the admin change log", e);
    }
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
