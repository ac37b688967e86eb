package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Verifies when a maintenance task is late, that it is logged once each way, and who hears it. */
class MaintenanceTest {

  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private final MovableClock clock = new MovableClock(START);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger log = (Logger) LoggerFactory.getLogger(Maintenance.class);

  @BeforeEach
  void listen() {
    logs.start();
    log.addAppender(logs);
  }

  @AfterEach
  void stopListening() {
    log.detachAppender(logs);
  }

  @Test
  void aTaskIsLateAfterTwoIntervalsWithoutSuccessAndLoggedOnceEachWay() {
    Flaky task = new Flaky("retention", HOUR);
    Maintenance m = new Maintenance(null, List.of(task), clock);
    List<List<TaskStatus>> heard = new ArrayList<>();
    m.onCheck((all, now) -> heard.add(all));

    task.fail = true;
    for (int i = 0; i < 5; i++) {
      if (i > 0) {
        clock.plus(Duration.ofMinutes(30)); // 0, 30, 60, 90, 120 minutes: not yet late
      }
      m.runOnce(task);
      m.check();
    }
    assertThat(m.late()).isEmpty();
    clock.plus(Duration.ofMinutes(1)); // 2 h 31 min after the start: late
    for (int i = 0; i < 4; i++) {
      m.runOnce(task);
      m.check();
      clock.plus(Duration.ofMinutes(10));
    }
    assertThat(m.late()).extracting(TaskStatus::name).containsExactly("retention");
    TaskStatus s = m.status().get(0);
    assertThat(s.lastSuccess()).isNull();
    assertThat(s.lastError()).isEqualTo("permission denied");
    assertThat(s.failing()).isTrue();
    assertThat(heard.get(heard.size() - 1).get(0).late(clock.instant())).isTrue();

    task.fail = false;
    m.runOnce(task);
    m.check();
    m.runOnce(task);
    m.check();
    assertThat(m.late()).isEmpty();
    assertThat(m.status().get(0).lastSuccess()).isEqualTo(clock.instant());

    assertThat(messages(Level.WARN))
        .containsExactly(
            "storage: retention failed, will try again every PT1H: permission denied",
            "storage: retention is late: no success since the start (2026-12-01T00:00:00Z)"
                + " (it should succeed every PT1H); last error: permission denied");
    assertThat(messages(Level.INFO))
        .containsExactly(
            "storage: retention succeeds again",
            "storage: retention is no longer late: succeeded at " + clock.instant());
  }

  @Test
  void aSuccessTwoIntervalsAgoMakesItLateEvenWithoutAnyRun() {
    Flaky task = new Flaky("partitions", HOUR);
    Maintenance m = new Maintenance(null, List.of(task), clock);
    m.runOnce(task);
    clock.plus(Duration.ofHours(2));
    m.check();
    assertThat(m.late()).as("exactly two intervals is not late yet").isEmpty();
    clock.plus(Duration.ofSeconds(1));
    m.check();
    m.check();
    assertThat(m.late()).extracting(TaskStatus::name).containsExactly("partitions");
    assertThat(messages(Level.WARN)).hasSize(1);
    assertThat(m.status().get(0).lateSince()).isEqualTo(START.plus(Duration.ofHours(2)));
  }

  @Test
  void aTaskReportingItsOwnSuccessTimeIsJudgedByIt() {
    Flaky task = new Flaky("rollup_1h", HOUR);
    task.doneAt = START.minus(Duration.ofHours(3)); // a job that last succeeded by itself long ago
    Maintenance m = new Maintenance(null, List.of(task), clock);
    m.runOnce(task);
    m.check();
    assertThat(m.status().get(0).lastSuccess()).isEqualTo(task.doneAt);
    assertThat(m.late()).extracting(TaskStatus::name).containsExactly("rollup_1h");
    task.doneAt = null; // the server ran it now
    m.runOnce(task);
    m.check();
    assertThat(m.late()).isEmpty();
  }

  @Test
  void anIntervalThatChangesIsFollowed() {
    Flaky task = new Flaky("compression", HOUR);
    Maintenance m = new Maintenance(null, List.of(task), clock);
    m.runOnce(task);
    task.every = Duration.ofHours(12);
    m.runOnce(task);
    clock.plus(Duration.ofHours(5));
    assertThat(m.status().get(0).every()).isEqualTo(Duration.ofHours(12));
    assertThat(m.late()).isEmpty();
  }

  private List<String> messages(Level level) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** A task that fails or succeeds as told, at a time it may give. */
  private final class Flaky implements MaintenanceTask {
    private final String name;
    Duration every;
    boolean fail;
    Instant doneAt;

    Flaky(String name, Duration every) {
      this.name = name;
      this.every = every;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Duration every() {
      return every;
    }

    @Override
    public void run(DataSource ds) throws SQLException {
      if (fail) {
        throw new SQLException("permission denied");
      }
    }

    @Override
    public Instant runTimed(DataSource ds, Clock c) throws SQLException {
      run(ds);
      return doneAt != null ? doneAt : c.instant();
    }
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void plus(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
