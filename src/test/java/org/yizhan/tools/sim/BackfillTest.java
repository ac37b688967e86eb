package org.yizhan.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.tools.sim.SimReading.Pending;

class BackfillTest {

  static ArrayDeque<Pending> buffered(int n, long firstSeq) {
    DeviceModel m =
        new DeviceModel(DeviceModelTest.station(1, "24/7", ""), Fault.NONE, 3, 1_780_000_000_000L);
    Rfc3339 time = new Rfc3339();
    StringBuilder sb = new StringBuilder();
    ArrayDeque<Pending> q = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      long t = DeviceModel.SEQ_EPOCH_MS + firstSeq + i * 1000L;
      q.add(m.next(t, t).encode(sb, time));
    }
    return q;
  }

  @Test
  void batchesRespectTheLimitsAndGoOldestFirst() {
    ArrayDeque<Pending> q = buffered(1234, 200_000_000_000L);
    List<Long> sent = new ArrayList<>();
    int batches = 0;
    Backfill.Batch b;
    while ((b = Backfill.take(q)) != null) {
      batches++;
      assertThat(b.readings()).isNotEmpty().hasSizeLessThanOrEqualTo(Backfill.MAX_READINGS);
      assertThat(b.payload().length()).isLessThanOrEqualTo(Backfill.MAX_BYTES);
      assertThat(b.payload()).startsWith("{\"readings\":[{").endsWith("}]}");
      new io.vertx.core.json.JsonObject(b.payload()); // well-formed
      b.readings().forEach(p -> sent.add(p.seq()));
    }
    assertThat(sent).hasSize(1234).isSorted();
    assertThat(batches).isGreaterThan(1234 / Backfill.MAX_READINGS);
  }

  @Test
  void theReadingLimitAppliesToSmallReadings() {
    ArrayDeque<Pending> q = new ArrayDeque<>();
    for (int i = 0; i < 450; i++) {
      q.add(new Pending(i, "{\"seq\":" + i + "}", false, false));
    }
    assertThat(Backfill.take(q).readings()).hasSize(200);
    assertThat(Backfill.take(q).readings()).hasSize(200);
    assertThat(Backfill.take(q).readings()).hasSize(50);
    assertThat(Backfill.take(q)).isNull();
  }

  @Test
  void requeuedReadingsGoBackInOrder() {
    ArrayDeque<Pending> q = new ArrayDeque<>();
    q.add(new Pending(5, "{}", false, false));
    q.add(new Pending(9, "{}", false, false));
    Backfill.requeue(
        q, List.of(new Pending(11, "{}", false, false), new Pending(2, "{}", false, false)));
    assertThat(q.stream().map(Pending::seq)).containsExactly(2L, 5L, 9L, 11L);
  }
}
