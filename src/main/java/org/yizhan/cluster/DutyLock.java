package org.yizhan.cluster;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the owner of the cluster-wide duties with a PostgreSQL session advisory lock, held on a
 * connection of its own (outside the pool, so no other work ever runs on it and returning it can
 * never leave the lock behind). Every {@link #CHECK} the thread either tries to take the lock or,
 * holding it, checks in {@code pg_locks} that its session still has it.
 *
 * <p>The lock lives exactly as long as the session: when the holder's process dies, its socket
 * closes and PostgreSQL ends the session and frees the lock at once; a rival takes it within one
 * {@link #CHECK} and runs the duties after {@link #GRACE}. A holder whose session ends while it
 * lives on (database restart, {@code pg_terminate_backend}) sees its next check fail, stops the
 * duties and tries again on a new connection every {@link #CHECK}. Even if its checks hang, it
 * stops calling itself the owner {@link #VALID} after its last good check ({@link Lease}), which is
 * shorter than the grace a new holder waits.
 */
public final class DutyLock implements Duties, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DutyLock.class);

  /** How often the lock is tried or checked. */
  public static final Duration CHECK = Duration.ofSeconds(1);

  /** The longest a check may take: a socket read timeout on the lock's connection. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  /** How long after its last good check an owner still runs duties: a check may be late by this. */
  static final Duration VALID = CHECK.plus(CHECK_TIMEOUT).plusMillis(500);

  /** How long a new holder waits before running the duties; at least {@link #VALID}. */
  static final Duration GRACE = VALID.plusMillis(500);

  /** The lock's two keys: "Yz" and duty set 1. */
  private static final int KEY_APP = 0x597A;

  private static final int KEY_DUTIES = 1;

  private static final String TRY = "SELECT pg_try_advisory_lock(?, ?)";
  private static final String HELD =
      "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
          + " AND pid = pg_backend_pid() AND classid::bigint = ? AND objid::bigint = ?"
          + " AND objsubid = 2 AND granted)";

  /** Opens the lock's own connection. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  private final Connections connections;
  private final Lease lease = new Lease(GRACE.toNanos(), VALID.toNanos());
  private final ScheduledExecutorService thread;
  private Connection connection;
  private boolean closed;

  private DutyLock(Connections connections) {
    this.connections = connections;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "yizhan-duty-lock");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts competing for the duties at once. */
  public static DutyLock start(DataSource ds) {
    DutyLock lock = new DutyLock(connectionsOf(ds));
    lock.thread.scheduleWithFixedDelay(lock::tick, 0, CHECK.toMillis(), TimeUnit.MILLISECONDS);
    return lock;
  }

  /** Connections like the pool's, but opened apart from it. */
  static Connections connectionsOf(DataSource ds) {
    if (ds instanceof HikariDataSource h && h.getJdbcUrl() != null) {
      return () -> {
        Properties p = new Properties();
        p.putAll(h.getDataSourceProperties());
        if (h.getUsername() != null) {
          p.setProperty("user", h.getUsername());
        }
        if (h.getPassword() != null) {
          p.setProperty("password", h.getPassword());
        }
        p.setProperty("ApplicationName", "yizhan-duty-lock");
        p.setProperty("connectTimeout", Long.toString(CHECK_TIMEOUT.toSeconds()));
        return DriverManager.getConnection(h.getJdbcUrl(), p);
      };
    }
    return ds::getConnection;
  }

  @Override
  public boolean owned() {
    return lease.owned(System.nanoTime());
  }

  @Override
  public String method() {
    return "advisory_lock";
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    long sent = System.nanoTime();
    try {
      if (connection == null) {
        connection = connections.open();
        connection.setNetworkTimeout(Runnable::run, (int) CHECK_TIMEOUT.toMillis());
      }
      if (!lease.holding()) {
        if (ask(TRY)) {
          LOG.info("cluster: took the duty lock; running the duties in {} ms", GRACE.toMillis());
          if (lease.acquired(sent)) {
            gained();
          }
        }
      } else if (ask(HELD)) {
        if (lease.confirmed(sent)) {
          gained();
        }
      } else {
        lose("the lock is no longer this session's");
      }
    } catch (SQLException | RuntimeException e) {
      lose(e.getMessage());
    }
  }

  private boolean ask(String sql) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setQueryTimeout((int) Math.max(1, CHECK_TIMEOUT.toSeconds()));
      ps.setInt(1, KEY_APP);
      ps.setInt(2, KEY_DUTIES);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static void gained() {
    LOG.info("cluster: this instance now runs the cluster-wide duties (alerts, webhooks)");
  }

  private void lose(String why) {
    boolean was = lease.lost();
    if (was) {
      LOG.warn("cluster: lost the duty lock ({}); duties stopped, competing again", why);
    } else {
      LOG.debug("cluster: duty lock not available: {}", why);
    }
    drop();
  }

  private void drop() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the session is gone either way
      }
      connection = null;
    }
  }

  /** Gives the duties up: the session ends, so a rival takes them at its next check. */
  @Override
  public void close() {
    thread.shutdownNow();
    synchronized (this) {
      closed = true;
      if (lease.lost()) {
        LOG.info("cluster: gave up the cluster-wide duties at shutdown");
      }
      drop();
    }
  }
}
