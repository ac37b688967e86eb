package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.yizhan.device.DeviceHealth.State;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;

/** The health rules on synthetic histories of one device reporting every 60 s. */
class DeviceHealthTest {

  private static final Instant T0 = Instant.parse("2026-07-01T04:00:00Z");
  private static final Device DEVICE =
      new Device("dev-h", "st-h", DeviceKind.COMBINED, 60, "1.0", T0.minusSeconds(86_400), null);

  private static LiveState.DeviceSeen seen(Instant readingTime, Instant receivedAt) {
    return new LiveState.DeviceSeen("dev-h", readingTime, receivedAt, 80, -70);
  }

  private static State at(long secondsAfterLastReading) {
    return DeviceHealth.judge(DEVICE, seen(T0, T0), null, T0.plusSeconds(secondsAfterLastReading));
  }

  @Test
  void freshnessIsJudgedAgainstTheDevicesOwnInterval() {
    assertThat(at(0)).isEqualTo(State.ONLINE);
    assertThat(at(90)).isEqualTo(State.ONLINE); // 1.5 intervals: still on time
    assertThat(at(91)).isEqualTo(State.LATE);
    assertThat(at(180)).isEqualTo(State.LATE); // 3 intervals
    assertThat(at(181)).isEqualTo(State.OFFLINE);
    Device hourly = new Device("dev-x", "st-h", DeviceKind.CLIMATE, 3600, null, T0, null);
    assertThat(DeviceHealth.judge(hourly, seen(T0, T0), null, T0.plusSeconds(1800)))
        .isEqualTo(State.ONLINE);
  }

  @Test
  void aProvisionedDeviceThatNeverReportedIsNeverSeenEvenWhenConnected() {
    DevicePresence.Presence born = new DevicePresence.Presence("dev-h", true, T0, "birth", "1.0");
    assertThat(DeviceHealth.judge(DEVICE, null, born, T0)).isEqualTo(State.NEVER_SEEN);
    assertThat(DeviceHealth.judge(DEVICE, null, null, T0)).isEqualTo(State.NEVER_SEEN);
  }

  @Test
  void aConnectionKeptAliveWithoutTelemetryDoesNotCountAsOnline() {
    DevicePresence.Presence connected =
        new DevicePresence.Presence("dev-h", true, T0.plusSeconds(3000), "birth", "1.0");
    assertThat(DeviceHealth.judge(DEVICE, seen(T0, T0), connected, T0.plusSeconds(3600)))
        .isEqualTo(State.OFFLINE);
  }

  @Test
  void aLastWillAfterTheLastReadingIsOfflineAtOnceAndFreshTelemetryBringsItBack() {
    DevicePresence.Presence will =
        new DevicePresence.Presence("dev-h", false, T0.plusSeconds(5), "lwt", "1.0");
    assertThat(DeviceHealth.judge(DEVICE, seen(T0, T0), will, T0.plusSeconds(6)))
        .isEqualTo(State.OFFLINE);
    // Back: a reading received after the will.
    assertThat(
            DeviceHealth.judge(
                DEVICE, seen(T0.plusSeconds(70), T0.plusSeconds(70)), will, T0.plusSeconds(75)))
        .isEqualTo(State.ONLINE);
  }

  @Test
  void flappingAroundTheLateThresholdFollowsEachReading() {
    // Readings 95 s apart: late just before each one arrives, online right after.
    Instant last = T0;
    for (int i = 1; i <= 5; i++) {
      Instant before = last.plusSeconds(94);
      assertThat(DeviceHealth.judge(DEVICE, seen(last, last), null, before)).isEqualTo(State.LATE);
      last = last.plusSeconds(95);
      assertThat(DeviceHealth.judge(DEVICE, seen(last, last), null, last)).isEqualTo(State.ONLINE);
    }
  }

  @Test
  void aWrongDeviceClockDoesNotChangeFreshnessButShowsAsSkew() {
    // The device's clock is 10 minutes behind: its readings look old, but they arrive now.
    LiveState.DeviceSeen behind = seen(T0.minusSeconds(600), T0);
    assertThat(DeviceHealth.judge(DEVICE, behind, null, T0.plusSeconds(30)))
        .isEqualTo(State.ONLINE);
    assertThat(DeviceHealth.clockSkewSeconds(behind)).isEqualTo(600);
    assertThat(DeviceHealth.clockSkewSeconds(seen(T0.plusSeconds(120), T0))).isEqualTo(-120);
  }

  @Test
  void disabledWinsOverEverything() {
    Device off = new Device("dev-h", "st-h", DeviceKind.COMBINED, 60, null, T0, T0);
    assertThat(DeviceHealth.judge(off, seen(T0, T0), null, T0)).isEqualTo(State.DISABLED);
  }
}
