package org.yizhan.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL {@code LISTEN} channel, heard on a thread of its own: each notification's payload
 * goes to {@code onPayload}. A lost connection is replaced after a second; since announcements made
 * meanwhile were missed, {@code onRelisten} runs once listening has resumed, so the owner can read
 * again what the announcements would have told it.
 */
public final class PgListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);

  private final DataSource ds;
  private final String channel;
  private final String what;
  private final Handler onPayload;
  private final Reload onRelisten;
  private volatile boolean running = true;
  private Thread thread;

  /**
   * @param channel a PostgreSQL identifier, never user input
   * @param what names the listener in logs and its thread ("live share", "device changes")
   */
  public PgListener(
      DataSource ds, String channel, String what, Handler onPayload, Reload onRelisten) {
    if (!channel.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain channel name: " + channel);
    }
    this.ds = ds;
    this.channel = channel;
    this.what = what;
    this.onPayload = onPayload;
    this.onRelisten = onRelisten;
  }

  /** Takes one notification's payload; an exception ends the connection, which is then replaced. */
  @FunctionalInterface
  public interface Handler {
    void accept(String payload) throws SQLException;
  }

  /** Reads again what announcements missed while not listening would have said. */
  @FunctionalInterface
  public interface Reload {
    void run() throws SQLException;
  }

  /** Starts listening. */
  public void start() {
    thread = new Thread(this::listen, "yizhan-" + what.replace(' ', '-'));
    thread.setDaemon(true);
    thread.start();
  }

  private void listen() {
    boolean first = true;
    while (running) {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + channel);
        }
        if (!first) {
          LOG.info("{}: listening again; reading again what was missed meanwhile", what);
          onRelisten.run();
        }
        first = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        try {
          while (running) {
            PGNotification[] ns = pg.getNotifications(500);
            if (ns != null) {
              for (PGNotification n : ns) {
                onPayload.accept(n.getParameter());
              }
            }
          }
        } catch (SQLException | RuntimeException e) {
          evict(c);
          throw e;
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warn("{}: listening failed, retrying: {}", what, e.getMessage());
          first = false;
          pause();
        }
      }
    }
  }

  /**
   * Keeps a connection that failed while listening out of the pool: the pool did not see the
   * failure (notifications are read past its proxy) and would hand the dead connection out next.
   */
  private void evict(Connection c) {
    try {
      if (ds.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
        ds.unwrap(com.zaxxer.hikari.HikariDataSource.class).evictConnection(c);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("{}: could not evict the failed connection: {}", what, e.toString());
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
