package org.yizhan.device;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.internal.DeviceRepository;

/**
 * Device changes across server instances (broker mode). Each instance holds the registry in memory,
 * so a device disabled through instance A would still be let in by B. Every write that decides a
 * device's access announces the device id with PostgreSQL's {@code NOTIFY} in the statement that
 * makes it ({@link DeviceRepository#CHANNEL}); every instance {@code LISTEN}s and reads that
 * device's row again, ending its connections and hook answers when its access ended.
 *
 * <p>After losing the listening connection an instance reconnects and reads every device again, so
 * announcements missed meanwhile are made up for.
 */
public final class DeviceChanges implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceChanges.class);

  private final DataSource ds;
  private final DeviceRegistry registry;
  private final String self;
  private volatile boolean running = true;
  private Thread listener;

  /**
   * @param self this instance's name in announcements ({@link DeviceRepository#instance()}): its
   *     own changes are already in its registry
   */
  public DeviceChanges(DataSource ds, DeviceRegistry registry, String self) {
    this.ds = ds;
    this.registry = registry;
    this.self = self;
  }

  /** Starts listening for the other instances' device changes. */
  public void start() {
    listener = new Thread(this::listen, "yizhan-device-changes");
    listener.setDaemon(true);
    listener.start();
  }

  private void listen() {
    boolean first = true;
    while (running) {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + DeviceRepository.CHANNEL);
        }
        if (!first) {
          LOG.info("device changes: listening again; reading every device again");
          registry.reloadAll();
        }
        first = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] ns = pg.getNotifications(500);
          if (ns == null) {
            continue;
          }
          for (PGNotification n : ns) {
            String deviceId = deviceIdOf(self, n.getParameter());
            if (deviceId != null) {
              registry.reload(deviceId);
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warn("device changes: listening failed, retrying: {}", e.getMessage());
          first = false;
          sleep(1_000);
        }
      }
    }
  }

  /** The device id an announcement names, or null if it is this instance's own or malformed. */
  static String deviceIdOf(String self, String payload) {
    String[] f = payload.split("\t", -1);
    if (f.length != 3 || !f[0].equals("v1") || f[1].equals(self) || f[2].isEmpty()) {
      return null;
    }
    return f[2];
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    if (listener != null) {
      listener.interrupt();
      try {
        listener.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
