package org.yizhan.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.error.DomainException;
import org.yizhan.station.TestStations;
import org.yizhan.station.internal.StationRepository;
import org.yizhan.testing.TestDatabases;

/** Thresholds stored in a real, migrated PostgreSQL, with the before values audits need. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ThresholdStoreIT {

  private static Database db;
  private static ThresholdStore store;

  @BeforeAll
  static void migrate() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    db = Database.external(t.url(), t.user(), t.password(), 4);
    StationRepository stations = new StationRepository(db.dataSource());
    for (String id : List.of("st-a", "st-b", "st-race")) {
      stations.insert(TestStations.station(id, 37.87, 112.55));
    }
    store = new ThresholdStore(db.dataSource());
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  private static ThresholdOverrides coldAt(double c) {
    return new ThresholdOverrides(null, null, c, null, null, null, null, null);
  }

  @Test
  void globalThresholdsDefaultUntilSavedAndEachSaveReturnsWhatItReplaced() throws Exception {
    assertThat(store.findGlobal()).isEmpty();
    assertThat(store.load().global()).isEqualTo(Thresholds.DEFAULTS);

    Thresholds summer = new Thresholds(29.5, 10, 12, 15, 100, 10, 30, 30);
    Thresholds winter = new Thresholds(30, 15, 14.5, 20, 90, 15, 45, 60);
    assertThat(store.saveGlobal(summer, "王工")).isEmpty();
    assertThat(store.findGlobal()).contains(summer);
    assertThat(store.saveGlobal(winter, "李工")).contains(summer);
    assertThat(store.findGlobal()).contains(winter);
    assertThat(text("SELECT updated_by FROM threshold_global")).isEqualTo("李工");
    assertThat(text("SELECT count(*) FROM threshold_global")).isEqualTo("1");
  }

  @Test
  void stationOverridesKeepTheirNullsAndReturnTheBeforeValue() throws Exception {
    ThresholdOverrides first = new ThresholdOverrides(32.5, null, 8.5, null, 80, null, null, 60);
    ThresholdOverrides second = new ThresholdOverrides(null, 20, null, null, null, 5, 45, null);
    assertThat(store.saveOverrides("st-a", first, "王工")).isEmpty();
    assertThat(store.findOverrides("st-a")).contains(first);
    assertThat(store.saveOverrides("st-a", second, "李工")).contains(first);
    assertThat(store.listOverrides()).containsEntry("st-a", second);
    assertThat(store.findOverrides("st-b")).isEmpty();

    ThresholdSet set = store.load();
    assertThat(set.forStation("st-a"))
        .isEqualTo(Thresholds.effective(set.global(), second))
        .extracting(Thresholds::tooHotMinutes)
        .isEqualTo(20);

    assertThat(store.saveOverrides("st-a", ThresholdOverrides.NONE, "王工"))
        .as("saving nothing removes the row")
        .contains(second);
    assertThat(store.findOverrides("st-a")).isEmpty();
    assertThat(store.saveOverrides("st-b", coldAt(10), "王工")).isEmpty();
    assertThat(store.deleteOverrides("st-b")).contains(coldAt(10));
    assertThat(store.deleteOverrides("st-b")).isEmpty();
  }

  @Test
  void overridesOfAnUnknownStationAreNotFoundAndOutOfRangeValuesAreRefusedByTheTable() {
    assertThatThrownBy(() -> store.saveOverrides("st-nope", coldAt(10), "王工"))
        .isInstanceOfSatisfying(
            DomainException.NotFound.class, e -> assertThat(e).hasMessageContaining("st-nope"));
    ThresholdOverrides tooHot =
        new ThresholdOverrides(60.0, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> store.saveOverrides("st-b", tooHot, "王工"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("station_threshold_too_hot_c_check");
  }

  @Test
  void concurrentSavesOfOneStationEachSeeTheValueTheyReallyReplaced() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<Optional<ThresholdOverrides>>> befores = new ArrayList<>();
    Set<ThresholdOverrides> saved = Collections.synchronizedSet(new HashSet<>());
    try {
      for (int i = 0; i < 30; i++) {
        ThresholdOverrides o = coldAt(i / 2.0);
        saved.add(o);
        befores.add(pool.submit(() -> store.saveOverrides("st-race", o, "race")));
      }
      List<Optional<ThresholdOverrides>> seen = new ArrayList<>();
      for (Future<Optional<ThresholdOverrides>> f : befores) {
        seen.add(f.get());
      }
      // A chain: nothing was there once, and every value but the last was replaced exactly once.
      assertThat(seen.stream().filter(Optional::isEmpty)).hasSize(1);
      List<ThresholdOverrides> replaced = seen.stream().flatMap(Optional::stream).toList();
      assertThat(replaced).doesNotHaveDuplicates().hasSize(29);
      ThresholdOverrides last = store.findOverrides("st-race").orElseThrow();
      assertThat(replaced).doesNotContain(last);
      assertThat(new HashSet<>(replaced)).isEqualTo(minus(saved, last));
    } finally {
      pool.shutdownNow();
    }
  }

  private static Set<ThresholdOverrides> minus(Set<ThresholdOverrides> all, ThresholdOverrides o) {
    Set<ThresholdOverrides> out = new HashSet<>(all);
    out.remove(o);
    return out;
  }

  private static String text(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
