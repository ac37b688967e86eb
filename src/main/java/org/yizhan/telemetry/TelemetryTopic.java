package org.yizhan.telemetry;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An MQTT topic of firmware contract v1: {@code yz/v1/st/{stationId}/dev/{deviceId}/{kind}}. See
 * {@code firmware-contracts/README.md}.
 *
 * @param stationId the station the device is installed at
 * @param deviceId the device
 * @param kind which of the three per-device topics
 */
public record TelemetryTopic(String stationId, String deviceId, Kind kind) {

  /** The first two levels of every v1 topic. */
  public static final String PREFIX = "yz/v1/";

  /** Station and device ids: 1 to 64 characters of a-z, 0-9 and '-', not starting with '-'. */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /** The last topic level, and who publishes there. */
  public enum Kind {
    /** Readings, device to server. */
    TELEMETRY("telemetry"),
    /** Birth, graceful offline and last will, device to server, retained. */
    STATUS("status"),
    /** Configuration, server to device, retained. */
    CONFIG("config");

    private final String level;

    Kind(String level) {
      this.level = level;
    }

    /** The topic level, e.g. {@code telemetry}. */
    public String level() {
      return level;
    }

    /** Whether devices publish on this kind of topic (the server publishes on the others). */
    public boolean publishedByDevice() {
      return this != CONFIG;
    }

    static Kind ofLevel(String level) {
      for (Kind k : values()) {
        if (k.level.equals(level)) {
          return k;
        }
      }
      return null;
    }
  }

  public TelemetryTopic {
    Objects.requireNonNull(kind, "kind");
    requireId(stationId, "stationId");
    requireId(deviceId, "deviceId");
  }

  /**
   * Parses a topic name (not a filter: wildcards are refused).
   *
   * @throws RejectedMessageException {@link RejectReason#WRONG_TOPIC} for anything outside the
   *     contract, with a detail saying what is wrong
   */
  public static TelemetryTopic parse(String topic) throws RejectedMessageException {
    if (topic == null || topic.isEmpty()) {
      throw wrong("empty topic");
    }
    if (topic.length() > 200) {
      throw wrong("topic longer than any v1 topic");
    }
    String[] levels = topic.split("/", -1);
    if (levels.length != 7
        || !levels[0].equals("yz")
        || !levels[2].equals("st")
        || !levels[4].equals("dev")) {
      throw wrong("expected yz/v1/st/{stationId}/dev/{deviceId}/{telemetry|status|config}");
    }
    if (!levels[1].equals("v1")) {
      throw wrong("unsupported contract version '" + printable(levels[1]) + "', this is v1");
    }
    if (!isId(levels[3])) {
      throw wrong("station id '" + printable(levels[3]) + "' is not 1-64 of [a-z0-9-]");
    }
    if (!isId(levels[5])) {
      throw wrong("device id '" + printable(levels[5]) + "' is not 1-64 of [a-z0-9-]");
    }
    Kind kind = Kind.ofLevel(levels[6]);
    if (kind == null) {
      throw wrong("unknown topic kind '" + printable(levels[6]) + "'");
    }
    return new TelemetryTopic(levels[3], levels[5], kind);
  }

  /**
   * Whether {@code s} matches {@link #ID}, checked by hand: this runs twice for every message and a
   * regex matcher per check showed up in profiles at 30k messages/s.
   */
  static boolean isId(String s) {
    int n = s.length();
    if (n < 1 || n > 64 || s.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** Builds a topic name, e.g. {@code yz/v1/st/sx-ty-00001/dev/d-0001/telemetry}. */
  public static String format(String stationId, String deviceId, Kind kind) {
    return new TelemetryTopic(stationId, deviceId, kind).toTopic();
  }

  /** The telemetry topic of a device. */
  public static String telemetry(String stationId, String deviceId) {
    return format(stationId, deviceId, Kind.TELEMETRY);
  }

  /** The status topic of a device. */
  public static String status(String stationId, String deviceId) {
    return format(stationId, deviceId, Kind.STATUS);
  }

  /** The config topic of a device. */
  public static String config(String stationId, String deviceId) {
    return format(stationId, deviceId, Kind.CONFIG);
  }

  /** This topic as a string. */
  public String toTopic() {
    return PREFIX + "st/" + stationId + "/dev/" + deviceId + "/" + kind.level();
  }

  /**
   * Checks that the authenticated device may publish on this topic: its own ids, and a kind devices
   * publish on.
   *
   * @throws RejectedMessageException {@link RejectReason#NOT_AUTHORIZED} otherwise
   */
  public void requirePublisher(String authenticatedDeviceId, String itsStationId)
      throws RejectedMessageException {
    if (!kind.publishedByDevice()) {
      throw new RejectedMessageException(
          RejectReason.NOT_AUTHORIZED, "devices do not publish on " + kind.level() + " topics");
    }
    if (!deviceId.equals(authenticatedDeviceId) || !stationId.equals(itsStationId)) {
      throw new RejectedMessageException(
          RejectReason.NOT_AUTHORIZED,
          "topic of device " + deviceId + " at station " + stationId + " is not this device's");
    }
  }

  private static void requireId(String id, String name) {
    // The hand-written check: parse() builds a topic for every message, so the regex ran twice
    // per message here even after parse() stopped using it.
    if (id == null || !isId(id)) {
      throw new IllegalArgumentException(name + " must be 1-64 of [a-z0-9-]: " + id);
    }
  }

  private static RejectedMessageException wrong(String detail) {
    return new RejectedMessageException(RejectReason.WRONG_TOPIC, detail);
  }

  /** A topic level cut short and stripped of control characters, safe to show admins. */
  private static String printable(String level) {
    String cut = level.length() > 70 ? level.substring(0, 70) + "…" : level;
    return cut.replaceAll("[\\p{Cc}\\p{Cf}\\p{Cs}]", "?");
  }
}
