package dev.gatehouse.cluster;

import dev.gatehouse.catalog.PolicyRegistry;
import dev.gatehouse.catalog.ProviderRegistry;
import dev.gatehouse.catalog.WorkspaceDirectory;
import dev.gatehouse.store.Change;
import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.store.JdbcChangeLog;
import dev.gatehouse.token.TokenTrust;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Keeps this node's in-memory state (compiled policies, providers and their keys, workspace names)
 * in step with changes made through other nodes sharing the database: every poll interval ({@code
 * gatehouse.cluster.poll-interval}, seconds, default 1) it reads the change log's new rows and
 * reloads exactly what each names. Harmless on a single node: its own rows are skipped.
 */
@ApplicationScoped
public class ClusterSync {
  private static final Logger LOG = Logger.getLogger(ClusterSync.class.getName());

  /** Longer than any write transaction: a number missing this long was never committed. */
  static final Duration HOLE_TIMEOUT = Duration.ofMinutes(5);

  /** At start, changes this recent are applied again (a write may have raced the loading). */
  static final Duration START_LOOKBACK = Duration.ofMinutes(5);

  /** How long change rows are kept. */
  static final Duration RETENTION = Duration.ofHours(1);

  /** After this long without reading the log, everything is reloaded (rows may be purged). */
  static final Duration RESYNC_AFTER = Duration.ofMinutes(10);

  /** Rows read per poll at most; more are read on the next. */
  static final int BATCH = 5000;

  private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

  @Resource(lookup = "jdbc/gatehouse")
  DataSource dataSource;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject Clock clock;
  @Inject Config config;
  @Inject DatabaseState database;
  @Inject ChangeAnnouncer announcer;
  @Inject PolicyRegistry policies;
  @Inject ProviderRegistry providers;
  @Inject WorkspaceDirectory directory;
  @Inject TokenTrust trust;

  JdbcChangeLog log;
  private ScheduledFuture<?> task;
  ChangeCursor cursor;
  private volatile Instant lastRead;
  private Instant nextPurge = Instant.EPOCH;
  private int failures;
  private volatile long applied;

  void start(@Observes @Priority(50) Startup startup) {
    if (!database.isMigrated()) {
      return;
    }
    Duration interval = ClusterSettings.from(config, LOG::severe).pollInterval();
    log = new JdbcChangeLog(dataSource);
    task =
        scheduler.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info(
        "Gatehouse node "
            + announcer.nodeId()
            + " follows changes from other nodes every "
            + interval.toMillis()
            + " ms");
  }

  /** When the change log was last read completely, or null before the first read. */
  public Instant lastRead() {
    return lastRead;
  }

  /** Changes from other nodes applied so far. */
  public long applied() {
    return applied;
  }

  /** One poll: never throws (a failure is logged and the next poll tries again). */
  synchronized void poll() {
    Instant now = clock.instant();
    try {
      if (cursor == null) {
        cursor = new ChangeCursor(log.lastBefore(now.minus(START_LOOKBACK)), HOLE_TIMEOUT);
      } else if (lastRead != null && now.isAfter(lastRead.plus(RESYNC_AFTER))) {
        resync(now);
      }
      List<Change> read = log.after(cursor.floor(), BATCH);
      Set<String> reloaded = new HashSet<>();
      for (Change c : cursor.pending(read)) {
        if (c.kind() != null
            && !announcer.nodeId().equals(c.nodeId())
            && reloaded.add(c.kind() + "/" + c.workspaceId() + "/" + c.entityId())) {
          apply(c);
          applied++;
        }
        cursor.applied(c.seq());
      }
      cursor.advance(read, now);
      if (!now.isBefore(nextPurge)) {
        nextPurge = now.plus(PURGE_EVERY);
        log.purgeBefore(now.minus(RETENTION));
      }
      if (failures > 0) {
        LOG.info("The change log can be read again (after " + failures + " failed polls)");
      }
      failures = 0;
      lastRead = now;
    } catch (SQLException | RuntimeException e) {
      failures++;
      if (failures == 1 || failures % 60 == 0) {
        LOG.log(
            Level.WARNING,
            "Cannot read the change log ("
                + failures
                + " failed polls); changes made through other nodes wait until it can be read",
            e);
      }
    }
  }

  private void apply(Change c) {
    switch (c.kind()) {
      case POLICY -> policies.reload(c.workspaceId(), c.entityId());
      case PROVIDER -> providers.reload(c.workspaceId(), c.entityId());
      case KEYS -> trust.keys().refreshIfCached(c.workspaceId(), c.entityId());
      case WORKSPACE_RENAMED -> directory.forget(c.workspaceId());
      case WORKSPACE_REMOVED -> {
        directory.forget(c.workspaceId());
        policies.forgetWorkspace(c.workspaceId());
        providers.forgetWorkspace(c.workspaceId());
      }
    }
  }

  /** The log went unread for long: its rows may be gone, so everything is read afresh. */
  private void resync(Instant now) throws SQLException {
    LOG.warning("The change log went unread for over " + RESYNC_AFTER + "; reloading everything");
    ChangeCursor fresh = new ChangeCursor(log.lastBefore(now.minus(START_LOOKBACK)), HOLE_TIMEOUT);
    policies.reloadAll();
    providers.reloadStored();
    directory.forgetAll();
    cursor = fresh;
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
