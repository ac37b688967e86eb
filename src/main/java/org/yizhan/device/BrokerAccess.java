package org.yizhan.device;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.yizhan.telemetry.RejectedMessageException;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * What an external broker (EMQX's HTTP authentication and authorization hooks) is told about a
 * client: devices are judged by this registry and the firmware contract's ACL, the same rules the
 * built-in endpoint applies; any other user name is not ours to judge, so the answer is "ignore"
 * and the broker asks its next source (where the Yizhan instances' own login lives).
 */
public final class BrokerAccess {

  /** A hook's answer, as EMQX reads it from {@code result}. */
  public enum Answer {
    ALLOW,
    DENY,
    /** Not a device: the broker's next authenticator or authorizer decides. */
    IGNORE;

    /** The value of {@code result} in the hook's JSON answer. */
    public String result() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a client asks to do with a topic. */
  public enum Action {
    PUBLISH,
    SUBSCRIBE
  }

  private final DeviceRegistry devices;

  public BrokerAccess(DeviceRegistry devices) {
    this.devices = devices;
  }

  /**
   * Judges a CONNECT's user name (the device id) and password (its secret) against the device's
   * stored row, so a rotation or a disabling done through any instance counts at once. Blocking.
   */
  public Answer authenticate(String username, String password) throws SQLException {
    DeviceLogin login = devices.loginFromRecord(username, password);
    if (login.verdict() == DeviceLogin.Verdict.UNKNOWN_DEVICE) {
      return Answer.IGNORE;
    }
    return login.accepted() ? Answer.ALLOW : Answer.DENY;
  }

  /**
   * The contract's ACL: a device publishes only on its own telemetry and status topics and
   * subscribes only to its own config topic, and nothing while it is disabled or its station
   * closed. Blocking only for a device this instance has not seen yet.
   */
  public Answer authorize(String username, Action action, String topic) throws SQLException {
    Optional<Device> found = devices.refresh(username);
    if (found.isEmpty()) {
      return Answer.IGNORE;
    }
    Device d = found.get();
    if (!devices.admits(d)) {
      return Answer.DENY;
    }
    return switch (action) {
      case PUBLISH -> mayPublish(d, topic);
      case SUBSCRIBE ->
          TelemetryTopic.config(d.stationId(), d.id()).equals(topic) ? Answer.ALLOW : Answer.DENY;
    };
  }

  private static Answer mayPublish(Device d, String topic) {
    try {
      TelemetryTopic.parse(topic).requirePublisher(d.id(), d.stationId());
      return Answer.ALLOW;
    } catch (RejectedMessageException e) {
      return Answer.DENY;
    }
  }
}
