package org.yizhan.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yizhan.tools.sim.Credentials.Credential;

/** The small helpers: timestamps, latency histogram, credentials file, station choice. */
class SupportTest {

  @Test
  void timestampsAreRfc3339UtcWithMilliseconds() {
    Rfc3339 f = new Rfc3339();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      long ms = 1_500_000_000_000L + r.nextLong(2_000_000_000_000L);
      String s = f.format(ms);
      assertThat(s).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
      assertThat(Instant.parse(s).toEpochMilli()).isEqualTo(ms);
    }
  }

  @Test
  void histogramPercentilesAreWithinABucket() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 1; v <= 100_000; v++) {
      h.record(v);
    }
    LatencyHistogram.Snapshot s = h.snapshot(true);
    assertThat(s.count()).isEqualTo(100_000);
    assertThat(s.maxMicros()).isEqualTo(100_000);
    assertThat(s.percentile(0.5)).isBetween(47_000L, 53_000L);
    assertThat(s.percentile(0.99)).isBetween(93_000L, 100_000L);
    assertThat(h.snapshot(false).count()).isZero();
    for (long v = 0; v < 1L << 40; v = v * 3 + 1) {
      int i = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.lowerBound(i)).isLessThanOrEqualTo(v);
      assertThat(LatencyHistogram.lowerBound(i + 1)).isGreaterThan(v);
    }
  }

  @Test
  void credentialsRoundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/sim-devices.csv");
    Credentials.append(file, new Credential("dev-a", "st-1", "s3cr3t_-A"));
    Credentials.append(file, new Credential("dev-b", "st-2", "xyz"));
    assertThat(Files.readAllLines(file).get(0)).isEqualTo(Credentials.HEADER);
    assertThat(Credentials.read(file)).hasSize(2).containsKey("st-1");
    Credentials.write(file, List.of(new Credential("dev-c", "st-3", "q")));
    assertThat(Credentials.read(file).keySet()).containsExactly("st-3");
    assertThat(Credentials.read(dir.resolve("none.csv"))).isEmpty();
  }

  @Test
  void stationsArePickedEvenlyByIdAndDoublingKeepsTheChoice() {
    List<StationInfo> all = new ArrayList<>();
    for (int i = 999; i >= 0; i--) {
      all.add(new StationInfo(String.format("s-%04d", i), 10, null, "", "", 37, 112));
    }
    List<StationInfo> ten = StationInfo.pick(all, 10);
    assertThat(ten.stream().map(StationInfo::id))
        .containsExactly(
            "s-0000", "s-0100", "s-0200", "s-0300", "s-0400", "s-0500", "s-0600", "s-0700",
            "s-0800", "s-0900");
    assertThat(StationInfo.pick(all, 20)).containsAll(ten);
    assertThat(StationInfo.pick(all, 5000)).hasSize(1000);
  }
}
