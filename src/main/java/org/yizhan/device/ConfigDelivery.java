package org.yizhan.device;

/**
 * Sends a device its changed configuration. How depends on the MQTT mode: the built-in endpoint
 * publishes on the device's live connection (and again on every subscribe); in broker mode the
 * server publishes it retained on the broker, which hands it to the device when it subscribes.
 */
@FunctionalInterface
public interface ConfigDelivery {

  /** What happened to a configuration, as the admin API reports it. */
  enum Outcome {
    /** Published on the device's open connection to this server. */
    PUSHED,
    /**
     * Published retained on the broker: the device gets it now if subscribed, else on subscribe.
     */
    RETAINED_ON_BROKER,
    /** Not connected: stored, and published when the device next subscribes to its config. */
    ON_NEXT_SUBSCRIBE;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Delivers the device's complete configuration, already encoded by the contract. */
  Outcome deliver(Device device, byte[] payload);
}
