package org.yizhan.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says "the instance with this broker client id is alive" to the other instances: the id is
 * recorded in {@code broker_session} and this instance holds the session advisory lock keyed by the
 * row's {@code lock_key}, on a connection of its own, for as long as it runs. When the process
 * dies, PostgreSQL ends the session and frees the lock at once, and the owner of the cluster-wide
 * duties adopts the id's broker session ({@link DeadInstances}). A JVM that is stalled but alive
 * keeps its database socket and so its lock: it is never adopted.
 *
 * <p>Every {@link DutyLock#CHECK} the thread takes the lock (on a new connection if the last one
 * failed) or checks in {@code pg_locks} that it still has it. An instance must hold its claim
 * before it connects to the broker, so that an adopter has let go (or will at its next check)
 * rather than taking the session back.
 */
public final class InstanceClaim implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceClaim.class);

  /** The first key of every instance lock: "Y{" (the duty lock is "Yz"). */
  static final int KEY_APP = 0x597B;

  private static final String REGISTER =
      "INSERT INTO broker_session (client_id) VALUES (?) ON CONFLICT (client_id)"
          + " DO UPDATE SET last_claimed_at = now(), retire_requested_at = NULL RETURNING lock_key";
  private static final String TRY = "SELECT pg_try_advisory_lock(?, ?)";
  private static final String HELD =
      "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
          + " AND pid = pg_backend_pid() AND classid::bigint = ? AND objid::bigint = ?"
          + " AND objsubid = 2 AND granted)";

  private final String clientId;
  private final DutyLock.Connections connections;
  private final ScheduledExecutorService thread;
  private Connection connection;
  private int lockKey;
  private volatile boolean held;
  private volatile String problem = "not tried yet";
  private boolean closed;

  private InstanceClaim(String clientId, DutyLock.Connections connections) {
    this.clientId = clientId;
    this.connections = connections;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "yizhan-instance-claim");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts claiming {@code clientId} at once; see {@link #awaitHeld}. */
  public static InstanceClaim start(DataSource ds, String clientId) {
    InstanceClaim claim = new InstanceClaim(clientId, DutyLock.connectionsOf(ds));
    claim.thread.scheduleWithFixedDelay(
        claim::tick, 0, DutyLock.CHECK.toMillis(), TimeUnit.MILLISECONDS);
    return claim;
  }

  /** Whether this instance holds its lock now. Never blocks. */
  public boolean held() {
    return held;
  }

  /** Why the lock is not held now (another process holds it, or the database's error). */
  public String problem() {
    return held ? "" : problem;
  }

  /** Waits up to {@code limit} for the lock; false if it was not taken ({@link #problem()}). */
  public boolean awaitHeld(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!held && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return held;
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    try {
      if (connection == null) {
        connection = connections.open();
        connection.setNetworkTimeout(Runnable::run, (int) DutyLock.CHECK_TIMEOUT.toMillis());
        connection.setAutoCommit(true);
        connection.setClientInfo("ApplicationName", "yizhan-instance-claim");
        lockKey = register();
      }
      boolean was = held;
      held = ask(was ? HELD : TRY);
      if (held && !was) {
        LOG.info("cluster: holding the instance lock of broker client id {}", clientId);
      } else if (!held) {
        problem = "the id is locked by another live process";
        LOG.warn(
            "cluster: broker client id {} is {}",
            clientId,
            was ? "no longer locked by this instance" : "locked by another live process");
        drop();
      }
    } catch (SQLException | RuntimeException e) {
      if (held) {
        LOG.warn(
            "cluster: lost the instance lock of {} ({}); taking it again",
            clientId,
            e.getMessage());
      }
      held = false;
      problem = "database: " + e.getMessage();
      drop();
    }
  }

  private int register() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(REGISTER)) {
      ps.setString(1, clientId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private boolean ask(String sql) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setQueryTimeout((int) Math.max(1, DutyLock.CHECK_TIMEOUT.toSeconds()));
      ps.setInt(1, KEY_APP);
      ps.setInt(2, lockKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
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

  /** Frees the lock: the owner of the duties adopts the broker session at its next checks. */
  @Override
  public void close() {
    thread.shutdownNow();
    synchronized (this) {
      closed = true;
      held = false;
      drop();
    }
  }
}
