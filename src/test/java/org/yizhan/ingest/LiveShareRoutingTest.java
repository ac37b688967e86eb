package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.yizhan.live.DevicePresence.Presence;
import org.yizhan.telemetry.Reading;

/**
 * What an instance does with an announcement it hears (device states to the presence, other
 * instances' readings to the live state, its own to nothing), and how it sends a device state.
 */
class LiveShareRoutingTest {

  private static final Instant T = Instant.parse("2026-07-01T04:05:06Z");
  private static final Reading READING =
      new Reading("st-1", "dev-1", 7, T, 3, null, null, 21.5, null, 80, null, null, T);
  private static final Presence OFF = new Presence("dev-1", false, T, "lwt", "1.2.0");

  private final List<List<Reading>> applied = new CopyOnWriteArrayList<>();
  private final List<Presence> heard = new CopyOnWriteArrayList<>();

  private LiveShare share(DataSource ds) {
    return new LiveShare(ds, applied::add, heard::add, () -> {});
  }

  @Test
  void anotherInstancesDeviceStateGoesToThePresenceOnly() {
    try (LiveShare share = share(null)) {
      share.receive(LiveShare.encodeStatus("other", OFF));

      assertThat(heard).containsExactly(OFF);
      assertThat(applied).isEmpty();
    }
  }

  @Test
  void anotherInstancesReadingsGoToTheLiveStateOnly() {
    try (LiveShare share = share(null)) {
      share.receive(LiveShare.encode("other", List.of(READING)).get(0));

      assertThat(applied).containsExactly(List.of(READING));
      assertThat(heard).isEmpty();
    }
  }

  @Test
  void itsOwnAnnouncementsAndEmptyOnesAreNotTaken() {
    try (LiveShare share = share(null)) {
      share.receive(LiveShare.encodeStatus(share.instance(), OFF));
      share.receive(LiveShare.encode(share.instance(), List.of(READING)).get(0));
      share.receive("v1\tother\n");
      share.receive("p1\tother\n");

      assertThat(applied).isEmpty();
      assertThat(heard).isEmpty();
    }
  }

  @Test
  void closingWhatNeverStartedListeningIsFine() {
    assertThatCode(() -> share(null).close()).doesNotThrowAnyException();
  }

  @Test
  void deviceStatesAreSentInOrderOnTheirOwnDaemonThreadAndAFailureStopsNoLaterOne()
      throws InterruptedException {
    FakeDb db = new FakeDb(3);
    Presence on = new Presence("dev-1", true, T, "birth", "1.2.0");
    try (LiveShare share = share(db.dataSource())) {
      // Called from a non-daemon thread (as an event loop is): the sender must not inherit that.
      Thread caller =
          new Thread(
              () -> {
                share.announceStatus(new Presence("fail", true, T, null, null));
                share.announceStatus(on);
                share.announceStatus(OFF);
              });
      caller.setDaemon(false);
      caller.start();
      caller.join();

      assertThat(db.done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(db.sent)
          .containsExactly(
              LiveShare.encodeStatus(share.instance(), on),
              LiveShare.encodeStatus(share.instance(), OFF));
    }
    assertThat(db.sql).allSatisfy(s -> assertThat(s).contains("pg_notify('yizhan_live', ?)"));
    assertThat(db.threads).containsOnly("yizhan-status-share daemon");
  }

  /** A database that takes {@code pg_notify} calls, and fails the one for device "fail". */
  private static final class FakeDb {
    final CountDownLatch done;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> sql = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    FakeDb(int calls) {
      done = new CountDownLatch(calls);
    }

    DataSource dataSource() {
      return proxy(
          DataSource.class,
          (method, args) -> {
            if (!method.equals("getConnection")) {
              throw new UnsupportedOperationException(method);
            }
            Thread t = Thread.currentThread();
            threads.add(t.getName() + (t.isDaemon() ? " daemon" : ""));
            return connection();
          });
    }

    private Connection connection() {
      return proxy(
          Connection.class,
          (method, args) -> {
            switch (method) {
              case "prepareStatement":
                sql.add((String) args[0]);
                return statement();
              case "close":
                return null;
              default:
                throw new UnsupportedOperationException(method);
            }
          });
    }

    private PreparedStatement statement() {
      String[] payload = new String[1];
      return proxy(
          PreparedStatement.class,
          (method, args) -> {
            switch (method) {
              case "setString":
                payload[0] = (String) args[1];
                return null;
              case "executeQuery":
                if (payload[0] == null || payload[0].contains("\nfail\t")) {
                  done.countDown();
                  throw new SQLException("refused");
                }
                sent.add(payload[0]);
                return proxy(ResultSet.class, (m, a) -> m.equals("close") ? countDown() : null);
              case "close":
                return null;
              default:
                throw new UnsupportedOperationException(method);
            }
          });
    }

    private Object countDown() {
      done.countDown();
      return null;
    }
  }

  private interface Call {
    Object on(String method, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, Call call) {
    return type.cast(
        Proxy.newProxyInstance(
            LiveShareRoutingTest.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, a) -> call.on(m.getName(), a)));
  }
}
