package org.yizhan.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Declared presence: birth, last will, a dropped connection, and states heard from others. */
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

  @Test
  void listenersAreToldOfEachDeclaredStateInOrder() {
    List<DevicePresence.Presence> first = new ArrayList<>();
    List<DevicePresence.Presence> second = new ArrayList<>();
    presence.onDeclared(first::add);
    presence.onDeclared(second::add);

    presence.online("dev-a", T1, "1.2.0");
    presence.offline("dev-a", T2, "lwt");

    List<DevicePresence.Presence> expected =
        List.of(
            new DevicePresence.Presence("dev-a", true, T1, "birth", "1.2.0"),
            new DevicePresence.Presence("dev-a", false, T2, "lwt", "1.2.0"));
    assertThat(first).isEqualTo(expected);
    assertThat(second).isEqualTo(expected);
  }

  @Test
  void listenersAreNotToldOfClosedConnectionsNorOfStatesHeardFromOthers() {
    List<DevicePresence.Presence> told = new ArrayList<>();
    presence.onDeclared(told::add);

    presence.connectionClosed("dev-a", T1, "connection_lost");
    presence.heard(new DevicePresence.Presence("dev-b", true, T1, "birth", "1.0"));

    assertThat(told).isEmpty();
    assertThat(presence.find("dev-b")).isPresent();
  }

  @Test
  void aStateHeardForAnUnknownDeviceIsTaken() {
    DevicePresence.Presence p = new DevicePresence.Presence("dev-a", false, T1, "lwt", "1.2.0");

    presence.heard(p);

    assertThat(presence.find("dev-a")).contains(p);
  }

  @Test
  void aLaterStateHeardReplacesAndKeepsAFirmwareItDoesNotKnow() {
    presence.online("dev-a", T1, "1.2.0");

    presence.heard(new DevicePresence.Presence("dev-a", false, T2, "lwt", null));

    assertThat(presence.find("dev-a"))
        .contains(new DevicePresence.Presence("dev-a", false, T2, "lwt", "1.2.0"));
  }

  @Test
  void aLaterStateHeardWithAFirmwareTakesThatFirmware() {
    presence.offline("dev-a", T1, "sleep");

    presence.heard(new DevicePresence.Presence("dev-a", true, T2, "birth", "2.0.0"));

    assertThat(presence.find("dev-a"))
        .contains(new DevicePresence.Presence("dev-a", true, T2, "birth", "2.0.0"));
  }

  @Test
  void aStateHeardAtTheSameMomentIsTaken() {
    presence.online("dev-a", T1, "1.2.0");

    presence.heard(new DevicePresence.Presence("dev-a", false, T1, "lwt", null));

    assertThat(presence.find("dev-a"))
        .contains(new DevicePresence.Presence("dev-a", false, T1, "lwt", "1.2.0"));
  }

  @Test
  void anEarlierStateHeardDoesNotUndoALaterOne() {
    presence.offline("dev-a", T2, "lwt");

    presence.heard(new DevicePresence.Presence("dev-a", true, T1, "birth", "1.2.0"));

    assertThat(presence.find("dev-a"))
        .contains(new DevicePresence.Presence("dev-a", false, T2, "lwt", null));
  }
}
