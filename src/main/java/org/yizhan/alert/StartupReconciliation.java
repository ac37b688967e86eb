package org.yizhan.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.yizhan.device.FleetWatch;

/**
 * Reconciles device-offline alerts with every device's state once per run, {@link #DELAY} after the
 * first fleet sweep: time for devices to reconnect and report after a start, and again on each
 * {@link #rearm()} (a takeover of the alerts in broker mode).
 */
public final class StartupReconciliation {

  /** How long after the first sweep the device alerts are reconciled. */
  public static final Duration DELAY = Duration.ofMinutes(3);

  private final AlertBook alerts;
  private final Supplier<List<FleetWatch.DeviceState>> states;
  private Instant due;
  private boolean done;

  public StartupReconciliation(AlertBook alerts, Supplier<List<FleetWatch.DeviceState>> states) {
    this.alerts = alerts;
    this.states = states;
  }

  /**
   * Reconciles again once due: this instance has just taken over the alerts from another (broker
   * mode) and heard of no device changes while it did not own them. Due at once if the delay after
   * the first sweep has passed, else when it does.
   */
  public synchronized void rearm() {
    done = false;
  }

  /** Hears one fleet sweep at {@code now}; returns true on the one sweep that reconciled. */
  public synchronized boolean onSweep(Instant now) {
    if (done) {
      return false;
    }
    if (due == null) {
      due = now.plus(DELAY);
      return false;
    }
    if (now.isBefore(due)) {
      return false;
    }
    done = true;
    alerts.reconcileDevices(states.get(), now);
    return true;
  }
}
