package org.yizhan.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.error.DomainException;
import org.yizhan.planning.internal.PlanSetRepository;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies that named demand and candidate sets are stored in a real, migrated PostgreSQL: they
 * read back exactly, a replace is atomic (a replace the database refuses half way leaves the old
 * set whole), and deletes and listings see one kind's names only.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PlanSetRepositoryIT {

  private static Database db;
  private static PlanSetRepository repo;

  @BeforeAll
  static void migrate() {
    TestDatabases.Db t = TestDatabases.fresh();
    db = Database.external(t.url(), t.user(), t.password(), 4);
    repo = new PlanSetRepository(db.dataSource());
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  private static PlanPoints random(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] lat = new double[n];
    double[] lon = new double[n];
    double[] w = new double[n];
    String[] label = new String[n];
    String[] kind = new String[n];
    for (int i = 0; i < n; i++) {
      lat[i] = 34.5 + rnd.nextDouble() * 6;
      lon[i] = 110.2 + rnd.nextDouble() * 4;
      w[i] = rnd.nextInt(5) == 0 ? 1e-7 * (1 + rnd.nextDouble()) : 1 + rnd.nextInt(80);
      label[i] = i % 3 == 0 ? null : "环卫 " + i + (i % 7 == 0 ? " back\\slash\ttab" : "");
      kind[i] = i % 2 == 0 ? null : "shop";
    }
    return new PlanPoints(lat, lon, w, label, kind);
  }

  private static void assertSame(PlanPoints actual, PlanPoints expected) {
    assertThat(actual.lat()).isEqualTo(expected.lat());
    assertThat(actual.lon()).isEqualTo(expected.lon());
    assertThat(actual.weight()).isEqualTo(expected.weight());
    assertThat(actual.label()).isEqualTo(expected.label());
    assertThat(actual.kind()).isEqualTo(expected.kind());
  }

  @Test
  void aSetReadsBackExactlyAndAReplaceKeepsItsCreationTime() throws Exception {
    PlanPoints first = random(1, 200_000);
    PlanSet created = repo.replace(PlanSetKind.DEMAND, "太原 环卫", first);
    assertThat(created.pointCount()).isEqualTo(200_000);
    assertThat(created.totalWeight()).isEqualTo(first.totalWeight());
    assertSame(repo.get(PlanSetKind.DEMAND, "太原 环卫").points(), first);

    PlanPoints second = random(2, 1_000);
    PlanSet replaced = repo.replace(PlanSetKind.DEMAND, "太原 环卫", second);
    assertThat(replaced.createdAt()).isEqualTo(created.createdAt());
    assertThat(replaced.updatedAt()).isAfter(created.updatedAt());
    PlanSet.Stored stored = repo.get(PlanSetKind.DEMAND, "太原 环卫");
    assertThat(stored.set()).isEqualTo(replaced);
    assertSame(stored.points(), second);
    assertThat(
            count(
                "SELECT count(*) FROM plan_point p JOIN plan_set s ON s.id = p.set_id WHERE s.name = '太原 环卫'"))
        .isEqualTo(1_000);
  }

  @Test
  void aReplaceTheDatabaseRefusesHalfWayLeavesTheOldSetWhole() throws Exception {
    PlanPoints old = random(3, 5_000);
    PlanSet before = repo.replace(PlanSetKind.CANDIDATE, "sites", old);
    PlanPoints bad = random(4, 50_000);
    bad.label()[40_000] = "nul \u0000 byte"; // PostgreSQL text cannot hold it: COPY fails there
    assertThatThrownBy(() -> repo.replace(PlanSetKind.CANDIDATE, "sites", bad))
        .isInstanceOf(SQLException.class);
    PlanSet.Stored after = repo.get(PlanSetKind.CANDIDATE, "sites");
    assertThat(after.set()).isEqualTo(before);
    assertSame(after.points(), old);
    assertThatThrownBy(() -> repo.replace(PlanSetKind.CANDIDATE, "new", bad))
        .isInstanceOf(SQLException.class);
    assertThat(repo.find(PlanSetKind.CANDIDATE, "new")).isEmpty();
  }

  @Test
  void kindsHaveTheirOwnNamesAndADeletedSetIsGone() throws Exception {
    PlanPoints p = random(5, 10);
    repo.replace(PlanSetKind.DEMAND, "shared-name", p);
    repo.replace(PlanSetKind.CANDIDATE, "shared-name", random(6, 20));
    assertThat(repo.list(PlanSetKind.DEMAND))
        .extracting(PlanSet::name)
        .contains("shared-name")
        .doesNotContain("sites");
    assertThat(repo.delete(PlanSetKind.DEMAND, "shared-name")).isTrue();
    assertThat(repo.delete(PlanSetKind.DEMAND, "shared-name")).isFalse();
    assertThatThrownBy(() -> repo.get(PlanSetKind.DEMAND, "shared-name"))
        .isInstanceOf(DomainException.NotFound.class);
    assertThat(repo.get(PlanSetKind.CANDIDATE, "shared-name").points().size()).isEqualTo(20);
    assertThatThrownBy(() -> repo.replace(PlanSetKind.DEMAND, " ", p))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("name");
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
