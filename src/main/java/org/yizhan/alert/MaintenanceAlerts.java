package org.yizhan.alert;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.yizhan.storage.TaskStatus;
import org.yizhan.text.Bilingual;

/**
 * Late storage maintenance as admin alerts: one alert per late task, of kind {@code
 * maintenance_late:<task>} (for example {@code maintenance_late:retention}), with no station or
 * device, since the whole server is concerned. An alert's subject is its kind and station or
 * device, so the task goes into the kind. It opens when the task has not succeeded within two of
 * its intervals and resolves once the task has succeeded again and stayed so for the calm period.
 * Only full admins see it (a station admin sees the alerts of their stations).
 *
 * <p>Hears {@link org.yizhan.storage.Maintenance}'s checks; each check gives the whole state.
 */
public final class MaintenanceAlerts implements BiConsumer<List<TaskStatus>, Instant> {

  /** The kinds' common start; the task's name follows. */
  public static final String KIND = "maintenance_late";

  private final AlertSink alerts;

  public MaintenanceAlerts(AlertSink alerts) {
    this.alerts = alerts;
  }

  /** The alert kind of a task, e.g. {@code maintenance_late:retention}. */
  public static String kindOf(String task) {
    return KIND + ":" + task;
  }

  @Override
  public void accept(List<TaskStatus> tasks, Instant now) {
    Set<String> kinds = new HashSet<>();
    List<AlertBook.Signal> late = new ArrayList<>();
    for (TaskStatus s : tasks) {
      kinds.add(kindOf(s.name()));
      if (s.late(now)) {
        late.add(
            new AlertBook.Signal(
                kindOf(s.name()), null, null, "warning", true, s.lateSince(), detail(s)));
      }
    }
    alerts.applyState(kinds, late, now);
  }

  /**
   * E.g. "storage maintenance retention late: last success 2026-..., it should succeed every 1 h".
   */
  static Bilingual detail(TaskStatus s) {
    return AlertTexts.maintenanceLate(
        s.name(),
        s.lastSuccess() == null ? null : s.lastSuccess().truncatedTo(ChronoUnit.SECONDS),
        s.watchedSince().truncatedTo(ChronoUnit.SECONDS),
        human(s.every()),
        s.lastError());
  }

  private static String human(java.time.Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + " d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + " h";
    }
    if (s % 60 == 0) {
      return s / 60 + " min";
    }
    return s + " s";
  }
}
