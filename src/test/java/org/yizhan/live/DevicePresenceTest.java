package org.yizhan.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Declared presence: birth, last will, and a dropped connection. */
class DevicePresenceTest {

  private static final Instant T1 = Instant.parse("2026-07-01T04:00:00Z");
  private static final Instant T2 = T1.plusSeconds(60);
  private final DevicePresence presence = new DevicePresence();

  @Test
  void aBirthSaysOnlineWithItsFirmware() {
    presence.online("dev-a", T1, "1.2.0");

    DevicePresence.Presence p = presence.find("dev-a").orElseThrow();
    assertThat(p).isEqualTo(new DevicePresence.Presence("dev-a", true, T1, "birth", "1.2.0"));
  }

  @Test
  void goingOfflineKeepsTheFirmwareAndTheReason() {
    presence.online("dev-a", T1, "1.2.0");
    presence.offline("dev-a", T2, "sleep");

    assertThat(presence.find("dev-a").orElseThrow())
        .isEqualTo(new DevicePresence.Presence("dev-a", false, T2, "sleep", "1.2.0"));
  }

  @Test
  void offlineWithoutBirthHasNoFirmware() {
    presence.offline("dev-a", T2, "shutdown");

    assertThat(presence.find("dev-a").orElseThrow())
        .isEqualTo(new DevicePresence.Presence("dev-a", false, T2, "shutdown", null));
  }

  @Test
  void aDroppedConnectionMakesAnOnlineDeviceOfflineAtOnce() {
    presence.online("dev-a", T1, "1.2.0");
    presence.connectionClosed("dev-a", T2, "connection_lost");

    assertThat(presence.find("dev-a").orElseThrow())
        .isEqualTo(new DevicePresence.Presence("dev-a", false, T2, "connection_lost", "1.2.0"));
  }

  @Test
  void aDeclaredReasonSurvivesTheConnectionClosing() {
    presence.offline("dev-a", T1, "low_battery");
    presence.connectionClosed("dev-a", T2, "connection_lost");

    assertThat(presence.find("dev-a").orElseThrow())
        .isEqualTo(new DevicePresence.Presence("dev-a", false, T1, "low_battery", null));
  }

  @Test
  void aConnectionClosingForAnUnknownDeviceRecordsIt() {
    presence.connectionClosed("dev-a", T2, "connection_lost");

    assertThat(presence.find("dev-a").orElseThrow())
        .isEqualTo(new DevicePresence.Presence("dev-a", false, T2, "connection_lost", null));
    assertThat(presence.find("dev-b")).isEmpty();
  }
}
