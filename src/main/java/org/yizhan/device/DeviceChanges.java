package org.yizhan.device;

import javax.sql.DataSource;
import org.yizhan.db.PgListener;
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

  private final DataSource ds;
  private final DeviceRegistry registry;
  private final String self;
  private PgListener listener;

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
    listener =
        new PgListener(
            ds,
            DeviceRepository.CHANNEL,
            "device changes",
            payload -> {
              String deviceId = deviceIdOf(self, payload);
              if (deviceId != null) {
                registry.reload(deviceId);
              }
            },
            registry::reloadAll);
    listener.start();
  }

  /** The device id an announcement names, or null if it is this instance's own or malformed. */
  static String deviceIdOf(String self, String payload) {
    String[] f = payload.split("\t", -1);
    if (f.length != 3 || !f[0].equals("v1") || f[1].equals(self) || f[2].isEmpty()) {
      return null;
    }
    return f[2];
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
  }
}
